"""``huiqi --help`` as a newcomer reads it: every command's line whole at 80 columns, in Chinese."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from huiqi.cli import app

runner = CliRunner(env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
GROUPS = [[], ["docs"], ["programs"], ["corpus"], ["db"], ["users"], ["funds"]]


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: " ".join(g) or "huiqi")
def test_no_description_is_cut(group: list[str]) -> None:
    out = runner.invoke(app, [*group, "--help"])
    assert out.exit_code == 0, out.output
    assert "…" not in out.output, out.output
    assert "│ " in out.output  # the commands table is there


@pytest.mark.parametrize("command", ["serve", "worker", "db upgrade", "users create"])
def test_service_commands_are_described_in_chinese(command: str) -> None:
    out = runner.invoke(app, [*command.split(), "--help"])
    assert out.exit_code == 0
    assert "示例" in out.output
    for english in ("Serve the JSON API", "Run queued", "address to listen on", "read the password", "username"):
        assert english not in out.output

"""``huiqi docs`` and ``huiqi corpus`` through typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from huiqi.cli import app
from huiqi.errors import InputError

runner = CliRunner()


def test_docs_list_text_and_json() -> None:
    result = runner.invoke(app, ["docs", "list"])
    assert result.exit_code == 0
    assert "tech-upgrade-fund" in result.output and "粤工信规字〔2021〕5号" in result.output
    result = runner.invoke(app, ["docs", "list", "--format", "json"])
    data = json.loads(result.output)
    assert {"id": "gd-srdi-2020", "expiry_date": "2025-02-14"}.items() <= next(
        d for d in data["documents"] if d["id"] == "gd-srdi-2020").items()


def test_docs_show_document_and_clause() -> None:
    result = runner.invoke(app, ["docs", "show", "tech-upgrade-fund"])
    assert result.exit_code == 0
    assert "第八条第（一）项第5目" in result.output and "有效期至：2026-12-31" in result.output
    result = runner.invoke(app, ["docs", "show", "tech-upgrade-fund#art8-i1-s5", "--format", "json"])
    data = json.loads(result.output)
    assert data["ref"] == "第八条第（一）项第5目" and data["doc"] == "tech-upgrade-fund"
    assert "不低于700万元" in data["text"]


def test_docs_show_unknown_is_an_input_error() -> None:
    for target in ("no-such-doc", "tech-upgrade-fund#art99"):
        result = runner.invoke(app, ["docs", "show", target])
        assert result.exit_code == 2 or isinstance(result.exception, InputError)
        assert not isinstance(result.exception, KeyError)


def test_unknown_doc_exits_2_without_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['huiqi','docs','show','nope']; "
         "from huiqi.cli import main; main()"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr


def test_corpus_build_check() -> None:
    result = runner.invoke(app, ["corpus", "build", "--check"])
    assert result.exit_code == 0, result.output

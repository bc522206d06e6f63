"""``huiqi advise`` at the edge: contract §9 JSON equal to the library, a Chinese report, exit 2."""

from __future__ import annotations

import json

from advice_helpers import profile_of
from typer.testing import CliRunner

from huiqi.advice import advise
from huiqi.cli import app

runner = CliRunner()


def test_json_equals_the_library_and_text_is_chinese(tmp_path) -> None:
    profile, case = profile_of("珠三角项目设备购置额 699.99 万元")
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    args = ["advise", str(path), "--as-of", case.as_of.isoformat(), "--program", case.program]
    out = runner.invoke(app, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    expected = advise(profile, as_of=case.as_of, programs=[case.program])
    assert doc == json.loads(json.dumps(expected, ensure_ascii=False))
    assert doc["advice"][0]["changes"][0]["to"] == 700.0
    text = runner.invoke(app, args)
    assert text.exit_code == 0 and "设备购置总额 由 699.99 万元增至 700.00 万元" in text.stdout


def test_bad_input_exits_2_naming_the_field() -> None:
    out = runner.invoke(app, ["advise", "-"], input=json.dumps({"enterprise": {"city": "东京"}}))
    assert out.exit_code == 2 and "enterprise.city" in out.output
    out = runner.invoke(app, ["advise", "-", "--program", "no-such-program"], input="{}")
    assert out.exit_code == 2

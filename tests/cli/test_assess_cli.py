"""``huiqi assess`` at the edge: contract §2 JSON, the Chinese report, errors as contract §6."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from huiqi.cli import app
from huiqi.engine import default_engine

EXAMPLE = Path(__file__).parents[2] / "examples" / "dongguan-equipment.json"
runner = CliRunner()


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_json_matches_the_engine_and_the_contract() -> None:
    out = invoke("assess", str(EXAMPLE), "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc == json.loads(json.dumps(default_engine().assess(json.loads(EXAMPLE.read_text()))))
    tech = next(r for r in doc["results"] if r["program"] == "tech-upgrade-equipment-reward")
    assert tech["project"] == "p1" and tech["status"] == "eligible"
    assert tech["reward"] == {**tech["reward"], "max_wan": 360.0, "rate": 0.2, "cap_wan": 5000.0}
    assert tech["version"]["number"] == "粤工信规字〔2021〕5号"
    for criterion in tech["criteria"]:
        assert criterion["status"] in {"pass", "fail", "unknown"}
        assert criterion["clause"]["ref"] and criterion["clause"]["doc_title"]


def test_as_of_option_overrides_the_profile() -> None:
    out = invoke(
        "assess",
        str(EXAMPLE),
        "--format",
        "json",
        "--as-of",
        "2021-12-31",
        "--program",
        "tech-upgrade-equipment-reward",
    )
    assert json.loads(out.stdout)["results"][0]["status"] == "not_in_force"


def test_text_report_in_chinese() -> None:
    out = invoke("assess", str(EXAMPLE))
    assert out.exit_code == 0
    assert "技术改造设备事后奖励" in out.stdout and "符合条件" in out.stdout and "第八条第（一）项第5目" in out.stdout
    assert "360.00 万元" in out.stdout


def test_bad_city_exits_2_naming_the_field() -> None:
    bad = json.loads(EXAMPLE.read_text())
    bad["enterprise"]["city"] = "东京"
    out = invoke("assess", "-", stdin=json.dumps(bad, ensure_ascii=False))
    assert out.exit_code == 2
    assert "enterprise.city" in out.output and "东京" in out.output and "Traceback" not in out.output


def test_bad_project_field_names_its_index() -> None:
    profile = {"enterprise": {"city": "东莞"}, "projects": [{"id": "a", "equipment_purchase_wan": -5}]}
    out = invoke("assess", "-", stdin=json.dumps(profile))
    assert out.exit_code == 2 and "projects[0].equipment_purchase_wan" in out.output


def test_wrong_credit_code_check_digit_is_an_input_error() -> None:
    profile = {"enterprise": {"city": "东莞", "credit_code": "91441900MA51K3QH28"}}
    out = invoke("assess", "-", stdin=json.dumps(profile))
    assert out.exit_code == 2 and "enterprise.credit_code" in out.output


def test_unknown_fields_are_warnings() -> None:
    profile = {"enterprise": {"city": "东莞", "favourite_colour": "red"}}
    out = invoke("assess", "-", "--format", "json", stdin=json.dumps(profile))
    assert out.exit_code == 0
    assert any("enterprise.favourite_colour" in w for w in json.loads(out.stdout)["warnings"])


def test_missing_file_and_bad_json() -> None:
    assert invoke("assess", "/nonexistent.json").exit_code == 2
    assert invoke("assess", "-", stdin="{not json").exit_code == 2
    assert invoke("assess", str(EXAMPLE), "--as-of", "2021-13-01").exit_code == 2
    assert invoke("assess", str(EXAMPLE), "--assume", "nonsense").exit_code == 2


def test_non_guangdong_enterprise_allowed_when_declared() -> None:
    profile = {
        "enterprise": {"city": "长沙", "registered_in_guangdong": False},
        "projects": [{"id": "x", "kind": "tech_upgrade"}],
    }
    out = invoke(
        "assess",
        "-",
        "--format",
        "json",
        "--as-of",
        "2023-01-01",
        "--program",
        "tech-upgrade-equipment-reward",
        stdin=json.dumps(profile, ensure_ascii=False),
    )
    assert out.exit_code == 0
    assert json.loads(out.stdout)["results"][0]["status"] == "not_applicable"

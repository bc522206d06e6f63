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


def test_errors_name_the_field_in_chinese_beside_its_path_and_what_was_typed() -> None:
    profile = {"enterprise": {"city": "东莞", "employees": -3, "financials": {"2022": {"revenue": "abc"}}},
               "projects": [{"id": "p1", "kind": "tech_upgradee", "equipment_purchase_wan": -5}]}
    out = invoke("assess", "-", stdin=json.dumps(profile, ensure_ascii=False))
    assert out.exit_code == 2
    lines = out.output.strip().splitlines()
    assert "错误：从业人员（enterprise.employees）：不能为负数，填写的是 -3" in lines
    assert "错误：营业收入(2022)（enterprise.financials.2022.revenue）：应为数字，填写的是 abc" in lines
    assert "错误：设备购置总额（projects[0].equipment_purchase_wan）：不能为负数，填写的是 -5" in lines
    kind = next(line for line in lines if "projects[0].kind" in line)
    assert kind.startswith("错误：项目类型（projects[0].kind）：应为以下之一：技术改造（tech_upgrade）")
    assert "Value error" not in out.output and "Input should" not in out.output


def test_unknown_program_lists_the_valid_ones() -> None:
    out = invoke("advise", str(EXAMPLE), "--program", "no-such-program")
    assert out.exit_code == 2
    assert "没有这个政策项目：no-such-program" in out.output
    assert all(fid in out.output for fid in default_engine().families)
    shown = invoke("programs", "show", "no-such-program")
    assert shown.exit_code == 2 and "tech-upgrade-equipment-reward" in shown.output


def test_text_report_has_no_field_paths_or_reading_ids() -> None:
    out = invoke("assess", str(EXAMPLE))
    report = out.stdout.replace("--assume ", "\n--assume ")  # the switch to another reading is a command to type
    prose = "\n".join(line for line in report.splitlines() if not line.startswith("--assume"))
    assert "projects[].city" not in prose and "enterprise.city" not in prose and "as_of" not in prose
    assert "默认假设 srdi" not in prose and "unverified" not in prose

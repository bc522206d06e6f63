"""The interview at its edges: contract §10 through the library, ``POST /api/v1/interview`` and
``huiqi interview``; bad answers name their field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from huiqi.cli import app as cli
from huiqi.errors import InputError
from huiqi.interview import step
from huiqi.service.app import create_app
from huiqi.service.routes.interview import EXAMPLE
from huiqi.service.settings import Settings

TECH = "tech-upgrade-equipment-reward"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("interview") / "api.db"
    app = create_app(Settings(database_url=f"sqlite:///{db}", inprocess_worker=False))
    with TestClient(app) as client:
        yield client
    app.state.huiqi.engine.dispose()


def test_the_contract_example_answers_a_question_never_already_answered(api: TestClient) -> None:
    answer = api.post("/api/v1/interview", json=EXAMPLE)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["done"] is False and body["asked"] == 4
    question = body["question"]
    assert set(question) >= {"field", "label", "type", "unit", "options", "help", "decides"}
    assert question["field"] not in EXAMPLE["answers"] and question["field"] not in EXAMPLE["unknown"]
    assert question["decides"] == [TECH]
    assert [(r["program"], r["project"], r["status"]) for r in body["results"]] == [(TECH, "p1", "undetermined")]
    assert body == json.loads(json.dumps(step(EXAMPLE), default=str))


def test_cheap_questions_come_first_and_project_questions_only_after_a_project() -> None:
    fields = []
    body: dict[str, Any] = {"as_of": "2023-06-01", "answers": {}, "unknown": []}
    for _ in range(4):
        question = step(body)["question"]
        fields.append(question["field"])
        body["unknown"].append(question["field"])
    assert set(fields) <= {"projects[0].kind", "enterprise.city", "enterprise.industry_code"} | {
        f for f in fields if f.startswith("enterprise.status.")
    }
    none = step({"as_of": "2023-06-01", "answers": {"projects[0].kind": "none"}, "unknown": []})
    seen = [none["question"]["field"]]
    assert not any(f.startswith("projects[") for f in seen)
    assert {r["status"] for r in none["results"] if r["program"] == TECH} == {"not_applicable"}


def test_a_failing_answer_decides_and_the_interview_ends() -> None:
    """技改 第八条（一）1: 有偷漏税记录 fails; once the project's site is known nothing can change it."""
    answers = {
        "projects[0].kind": "tech_upgrade",
        "enterprise.compliance.tax_violation": True,
        "enterprise.city": "东莞",
        "projects[0].city": "东莞",
    }
    body = {"as_of": "2023-06-01", "answers": answers, "unknown": [], "programs": [TECH]}
    first = step(body)
    assert first["results"][0]["status"] == "ineligible"
    assert first["question"]["field"] == "projects[1].kind"  # only another project could add a verdict
    assert [o["value"] for o in first["question"]["options"]][-1] == "none"
    answers["projects[1].kind"] = "none"
    last = step(body)
    assert last["done"] is True and last["question"] is None
    assert last["results"][0]["status"] == "ineligible"


def test_a_second_project_is_asked_about_and_then_questioned() -> None:
    answers: dict[str, Any] = {"projects[0].kind": "none"}
    body = {"as_of": "2023-06-01", "answers": answers, "unknown": [], "programs": [TECH]}
    assert step(body)["done"] is True
    answers.clear()
    answers.update({"projects[0].kind": "manufacturing_investment", "projects[1].kind": "tech_upgrade"})
    answer = step(body)
    assert [r["project"] for r in answer["results"]] == ["p1", "p2"]
    assert [r["status"] for r in answer["results"]] == ["not_applicable", "undetermined"]
    assert not answer["question"]["field"].startswith("projects[0].")


def test_years_are_named_as_years() -> None:
    body = {
        "as_of": "2023-06-01",
        "answers": {"enterprise.city": "东莞", "enterprise.industry_code": "C3984"},
        "unknown": [],
        "programs": ["gd-specialized-sme"],
    }
    labels = []
    for _ in range(12):
        question = step(body)["question"]
        labels.append(question["label"])
        body["unknown"].append(question["field"])
    assert any(label.startswith("2022 年") for label in labels), labels


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("projects[0].equipment_purchase_wan", -5),
        ("projects[0].management", "whatever"),
        ("projects[1].equipment_purchase_wan", 10),
        ("enterprise.no_such_field", 1),
    ],
)
def test_bad_answers_name_their_field(api: TestClient, field: str, value: Any) -> None:
    body = {"as_of": "2023-06-01", "answers": {"projects[0].kind": "tech_upgrade", field: value}}
    answer = api.post("/api/v1/interview", json=body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert ["body", "answers", field] in [d["loc"] for d in detail], detail
    with pytest.raises(InputError) as caught:
        step(body)
    assert field in [e.path for e in caught.value.errors]


def test_cli_json_step_and_exit_status(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(EXAMPLE), "utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["interview", "--answers", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["question"] == step(EXAMPLE)["question"]
    path.write_text(
        json.dumps({"answers": {"projects[0].kind": "tech_upgrade", "projects[0].total_investment_wan": "x"}})
    )
    bad = runner.invoke(cli, ["interview", "--answers", str(path), "--format", "json"])
    assert bad.exit_code == 2


def test_cli_asks_in_the_terminal_and_prints_the_verdicts() -> None:
    """No project (the last option), then 不知道 to everything: the verdicts are printed at the end."""
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["interview", "--as-of", "2023-06-01", "--program", TECH, "--program", "innovative-sme"],
        input="4\n" + "\n" * 80,
    )
    assert result.exit_code == 0, result.output
    assert "0. 不知道" in result.output
    assert "技术改造设备事后奖励" in result.output and "不适用" in result.output
    assert "结论" in result.output


def test_a_year_of_the_income_statement_is_one_question_with_an_input_per_field() -> None:
    body: dict[str, Any] = {
        "as_of": "2021-06-01",
        "answers": {"enterprise.industry_code": "C3984"},
        "unknown": [],
        "programs": ["gd-specialized-sme"],
    }
    for _ in range(20):
        question = step(body)["question"]
        if question["field"].startswith("enterprise.financials.2020."):
            break
        body["unknown"] += [f["field"] for f in question["fields"]]
    inputs = question["fields"]
    assert inputs[0]["field"] == question["field"] and len(inputs) >= 3
    assert all(f["field"].startswith("enterprise.financials.2020.") for f in inputs)
    assert len({f["field"] for f in inputs}) == len(inputs)
    assert all(set(f) >= {"field", "label", "type", "unit", "options", "help"} for f in inputs)
    assert all(f["unit"] == "万元" and f["label"].startswith("2020 年") for f in inputs)
    assert question["group"]["title"] == "2020 年利润表上的数字"
    before = step(body)["asked"]
    body["answers"].update({f["field"]: 100 for f in inputs})
    after = step(body)
    assert after["asked"] == before + 1  # one question, however many inputs
    assert not any(f["field"] in after["question"]["field"] for f in inputs)


def test_cli_asks_a_checklist_in_one_go(tmp_path: Path) -> None:
    """技改: the project, the city, then 不知道 until the compliance checklist, answered 以上都没有."""
    answers = {"projects[0].kind": "tech_upgrade", "enterprise.city": "东莞", "projects[0].city": "东莞"}
    body = {"as_of": "2023-06-01", "answers": answers, "unknown": [], "programs": [TECH]}
    while not (question := step(body)["question"])["field"].startswith("enterprise.compliance."):
        body["unknown"] += [f["field"] for f in question["fields"]]
    assert question["group"]["checklist"] is True and len(question["fields"]) >= 2
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(cli, ["interview", "--answers", str(path)], input="1\n" + "\n" * 80)
    assert result.exit_code == 0, result.output
    assert result.output.count("企业是否有下列情形？") == 1 and "1. 以上都没有" in result.output
    assert all(f["label"] in result.output for f in question["fields"])
    assert "结论" in result.output

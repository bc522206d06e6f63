"""The ``huiqi funds`` commands, through the CLI as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from funds_helpers import EXAMPLES
from openpyxl import load_workbook
from typer.testing import CliRunner

from huiqi.cli import app

runner = CliRunner()
MEIZHOU = [
    "funds",
    "allocate",
    str(EXAMPLES / "meizhou-2024.csv"),
    "--budget-wan",
    "5915",
    "--deduct-wan",
    "2019事前奖励清算=312.4",
    "--deduct-wan",
    "工作经费=60",
    "--project-cap-wan",
    "1500",
    "--project-min-wan",
    "100",
    "--ratio-step",
    "0.001",
    "--as-of",
    "2024-01-26",
]


def test_allocate_json_与契约一致(tmp_path: Path) -> None:
    saved = tmp_path / "allocation.json"
    result = runner.invoke(app, [*MEIZHOU, "--format", "json", "-o", str(saved)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"program", "groups", "allocations", "assumptions"}
    assert set(data["groups"][0]) >= {"group", "ratio", "cap_ratio", "budget_wan", "allocated_wan"}
    assert set(data["allocations"][0]) >= {"project", "group", "reward_wan", "ratio", "capped", "funded"}
    assert data["groups"][0]["ratio"] == 0.179 and data["groups"][0]["budget_wan"] == 5915.0
    assert json.loads(saved.read_text(encoding="utf-8")) == data


def test_allocate_text_中文表格() -> None:
    result = runner.invoke(app, [*MEIZHOU, "--format", "text"])
    assert result.exit_code == 0
    assert "17.9%" in result.stdout and "采用的假设" in result.stdout


def test_allocate_中文表头文件和按分组预算() -> None:
    result = runner.invoke(
        app,
        [
            "funds",
            "allocate",
            str(EXAMPLES / "zhanjiang-2023.csv"),
            "--budget-wan",
            "湛江=6718",
            "--project-cap-wan",
            "1500",
            "--mode",
            "rank-cutoff",
            "--as-of",
            "2023-06-01",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["groups"][0]["allocated_wan"] == 6660.1


def test_allocate_输入错误退出码2且指明字段(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"project.id": "a", "enterprise.city": "东莞", "project.equipment_purchase_wan": "x"},
                {"project.id": "b", "enterprise.city": "梅州", "project.equipment_purchase_wan": 1},
            ]
        )
    )
    result = runner.invoke(app, ["funds", "allocate", str(bad), "--budget-wan", "100"])
    assert result.exit_code == 2 and "rows[1].project.equipment_purchase_wan" in result.output
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            [
                {"project": {"id": "a", "equipment_purchase_wan": 1000}, "enterprise": {"city": "东莞"}},
                {"project": {"id": "b", "equipment_purchase_wan": 1000}, "enterprise": {"city": "梅州"}},
            ]
        )
    )
    result = runner.invoke(app, ["funds", "allocate", str(good), "--budget-wan", "100"])
    assert result.exit_code == 2 and "--budget-wan" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["funds", "allocate", str(good), "--budget-wan", "东莞=100", "--budget-wan", "梅州=50"])
    assert result.exit_code == 0 and json.loads(result.stdout)["total_allocated_wan"] == 150.0


def test_export_三种报表_中文表头_冻结首行_合计行(tmp_path: Path) -> None:
    saved = tmp_path / "allocation.json"
    assert runner.invoke(app, [*MEIZHOU, "-o", str(saved)]).exit_code == 0
    for kind, title in (("library", "入库项目汇总表"), ("publicity", "拟支持项目公示名单"), ("plan", "资金项目计划")):
        out = tmp_path / f"{kind}.xlsx"
        result = runner.invoke(app, ["funds", "export", str(saved), "--kind", kind, "-o", str(out)])
        assert result.exit_code == 0, result.output
        sheet = load_workbook(out)[title]
        assert sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[-1][0] == "合计"
        if kind == "library":
            assert rows[0][:9] == (
                "序号",
                "排序",
                "项目编号",
                "项目名称",
                "企业名称",
                "地市",
                "新设备购置额(万元)",
                "奖励比例",
                "奖励金额(万元)",
            )
            assert float(rows[-1][8]) == 5536.44
        if kind == "publicity":
            assert len(rows) == 18 + 2


def test_estimate_普惠测算为预算参考() -> None:
    result = runner.invoke(app, ["funds", "estimate", str(EXAMPLES / "inclusive-2022.csv"), "--as-of", "2022-06-30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "budget_reference" and data["rate"] == 0.02
    cities = {c["city"]: c for c in data["cities"]}
    # 东莞: min(52000.5, 50000) + min(30000, 31000.25) = 80000 → 1600; 湛江: 18000 → 360 (PH-05 not in stats)
    assert cities["东莞"]["budget_reference_wan"] == 1600.0 and cities["湛江"]["budget_reference_wan"] == 360.0
    assert "深圳" not in cities and "不等同于最终安排的资金额度" in data["note"]
    assert {c["ref"] for c in data["clauses"]} >= {"第十三条", "第十九条"}


def test_estimate_第十二条一的读法是命名假设() -> None:
    args = ["funds", "estimate", str(EXAMPLES / "inclusive-2022.csv"), "--as-of", "2022-06-30"]
    default = json.loads(runner.invoke(app, args).stdout)
    base = next(a for a in default["assumptions"] if a["id"] == "inclusive-estimate-base")
    assert base["option"] == "lesser" and base["alternatives"] == ["exclude"]
    assert base["clause"]["ref"] == "第十二条第（一）项"
    result = runner.invoke(app, [*args, "--assume", "inclusive-estimate-base=exclude"])
    assert result.exit_code == 0, result.output
    cities = {c["city"]: c for c in json.loads(result.stdout)["cities"]}
    # 东莞: the 52000.5 declared against 50000 in the statistics is not counted; 30000 → 600
    assert cities["东莞"]["budget_reference_wan"] == 600.0 and cities["湛江"]["budget_reference_wan"] == 360.0
    bad = runner.invoke(app, [*args, "--assume", "inclusive-estimate-base=maybe"])
    assert bad.exit_code != 0 and "maybe" in bad.output and "Traceback" not in bad.output


def test_estimate_2025_年按修订本的比例与城市() -> None:
    from huiqi.engine import default_engine
    from huiqi.funds.policy import INCLUSIVE_PROGRAM, inclusive_rate

    program = default_engine().families[INCLUSIVE_PROGRAM].at(dt.date(2025, 6, 1))
    assert program is not None and program.version.number == "粤工信技改函〔2022〕7号"
    day = dt.date(2025, 6, 1)
    assert inclusive_rate(day) == (Decimal(program.parameters["reward_rate"].at(day)), True)


def test_sample_与_results(tmp_path: Path) -> None:
    args = [
        "funds",
        "sample",
        str(EXAMPLES / "filed-projects.csv"),
        "--roster",
        str(EXAMPLES / "roster.csv"),
        "--share",
        "10%",
        "--seed",
        "42",
    ]
    plan_json = tmp_path / "plan.json"
    first = runner.invoke(app, [*args, "-o", str(plan_json)])
    assert first.exit_code == 0, first.output
    assert runner.invoke(app, args).stdout == first.stdout  # re-drawn by anyone with the seed
    xlsx = tmp_path / "plan.xlsx"
    assert runner.invoke(app, [*args, "-o", str(xlsx)]).exit_code == 0
    assert load_workbook(xlsx)["双随机核查计划"].freeze_panes == "A2"
    plan = json.loads(plan_json.read_text(encoding="utf-8"))
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text(f"项目编号,核查结果,问题及处理\n{plan['projects'][0]['project']},合格,\n", encoding="utf-8")
    merged = runner.invoke(
        app, ["funds", "results", str(plan_json), "--results", str(outcomes), "-o", str(tmp_path / "results.csv")]
    )
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout)["summary"]["合格"] == 1
    assert (tmp_path / "results.csv").read_text(encoding="utf-8-sig").startswith("序号,项目编号")

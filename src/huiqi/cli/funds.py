"""``huiqi funds``: fund rounds — allocation (contract §8), the 普惠 测算, 双随机 checks, workbooks."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huiqi.errors import InputError

if TYPE_CHECKING:
    from decimal import Decimal

    from huiqi.funds.model import Deduction

funds_app = typer.Typer(name="funds", help="专项资金：分配、测算、双随机抽查、报表。", no_args_is_help=True)


class Format(StrEnum):
    json = "json"
    text = "text"


class ScopeOpt(StrEnum):
    city = "city"
    region = "region"


class ModeOpt(StrEnum):
    uniform = "uniform-ratio"
    rank_cutoff = "rank-cutoff"


class MinOpt(StrEnum):
    leave = "leave"
    raise_ = "raise"


class KindOpt(StrEnum):
    library = "library"
    publicity = "publicity"
    plan = "plan"


def register(app: typer.Typer) -> None:
    app.add_typer(funds_app, name="funds")


def _run(fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except InputError as exc:
        from huiqi.cli import fail_input

        fail_input(exc)


def _emit(data: dict[str, Any], fmt: Format, text: Any, output: Path | None = None) -> None:
    import json

    if output is not None:
        output.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if fmt == Format.json else text(data))


def _as_of(value: str | None) -> Any:
    import datetime as dt

    from huiqi.cli.common import parse_date

    return parse_date(value) or dt.date.today()


def _budgets(values: list[str]) -> dict[str | None, Decimal]:
    from huiqi.funds.money import parse_amount

    if not values:
        raise InputError("需要预算 a budget is required: --budget-wan B 或 --budget-wan GROUP=B", "--budget-wan")
    budgets: dict[str | None, Decimal] = {}
    for item in values:
        group, sep, amount = item.rpartition("=")
        key = group.strip() if sep else None
        if sep and not key:
            raise InputError(f"应写作 B 或 GROUP=B, got {item!r}", "--budget-wan")
        if key in budgets:
            raise InputError(f"预算重复 given twice: {item!r}", "--budget-wan")
        budgets[key] = parse_amount(amount, "--budget-wan")
    return budgets


def _deductions(values: list[str]) -> tuple[Deduction, ...]:
    from huiqi.funds.model import Deduction
    from huiqi.funds.money import parse_amount

    out = []
    for item in values:
        name, sep, amount = item.rpartition("=")
        if not sep or not name.strip():
            raise InputError(f"应写作 NAME=AMOUNT 或 GROUP:NAME=AMOUNT, got {item!r}", "--deduct-wan")
        group, colon, label = name.partition(":")
        out.append(
            Deduction(
                label.strip() if colon else name.strip(),
                parse_amount(amount, "--deduct-wan"),
                group.strip() if colon else None,
            )
        )
    return tuple(out)


@funds_app.command("allocate")
def allocate_cmd(
    applications: Annotated[Path, typer.Argument(help="本轮入选项目 .csv/.xlsx/.parquet/.json")],
    budget_wan: Annotated[list[str], typer.Option("--budget-wan", help="预算(万元): B, 或每组 GROUP=B")] = [],  # noqa: B006
    scope: Annotated[ScopeOpt, typer.Option(help="city: 每市一个比例; region: 每区域一个比例")] = ScopeOpt.city,
    mode: Annotated[ModeOpt, typer.Option(help="uniform-ratio 或 rank-cutoff")] = ModeOpt.uniform,
    project_cap_wan: Annotated[str | None, typer.Option(help="单个项目上限(万元), 默认细则的 5000")] = None,
    project_min_wan: Annotated[str | None, typer.Option(help="单个项目最低奖励额(万元)")] = None,
    min_handling: Annotated[MinOpt, typer.Option(help="低于最低额: leave 不安排, raise 提高到最低额")] = MinOpt.leave,
    deduct_wan: Annotated[
        list[str], typer.Option("--deduct-wan", help="先行扣除 [GROUP:]NAME=AMOUNT (2019 事前奖励清算、工作经费)")
    ] = [],  # noqa: B006
    ratio_step: Annotated[str, typer.Option(help="比例网格, 如 0.001 = 0.1%")] = "0.000001",
    as_of: Annotated[str | None, typer.Option("--as-of", help="本轮日期 YYYY-MM-DD (参数取该日有效值)")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json 或 text")] = Format.json,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="另存 JSON (供 funds export)")] = None,
) -> None:
    """按第十条（一）分配一轮技术改造设备事后奖励资金（契约 §8）。

    Example: huiqi funds allocate examples/funds/meizhou-2024.csv --budget-wan 5915
    --deduct-wan 2019事前奖励清算=312.4 --deduct-wan 工作经费=60 --project-cap-wan 1500
    --project-min-wan 100 --ratio-step 0.001 --format text
    """

    def run() -> None:
        from huiqi.funds.allocate import allocate
        from huiqi.funds.model import AllocationOptions, MinHandling, Mode, Scope
        from huiqi.funds.money import parse_amount, parse_ratio
        from huiqi.funds.read import read_projects
        from huiqi.funds.report import allocation_text

        options = AllocationOptions(
            budgets=_budgets(budget_wan),
            scope=Scope(scope.value),
            mode=Mode(mode.value),
            project_cap_wan=None if project_cap_wan is None else parse_amount(project_cap_wan, "--project-cap-wan"),
            project_min_wan=None if project_min_wan is None else parse_amount(project_min_wan, "--project-min-wan"),
            min_handling=MinHandling(min_handling.value),
            deductions=_deductions(deduct_wan),
            ratio_step=parse_ratio(ratio_step, "--ratio-step"),
            as_of=_as_of(as_of),
        )
        result = allocate(read_projects(applications), options)
        _emit(result, fmt, allocation_text, output)

    _run(run)


@funds_app.command("estimate")
def estimate_cmd(
    projects: Annotated[Path, typer.Argument(help="测算项目 .csv/.xlsx/.parquet/.json")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="测算日期 YYYY-MM-DD")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json 或 text")] = Format.json,
    assume: Annotated[
        list[str] | None,
        typer.Option("--assume", help="切换命名假设 inclusive-estimate-base=lesser|exclude（第十二条（一）的读法）"),
    ] = None,
) -> None:
    """普惠性制造业投资奖励测算：各市 min(申报额, 已纳入统计额) × 2%，仅作预算参考（第十九条）。

    Example: huiqi funds estimate examples/funds/inclusive-2022.csv --format text
    """

    def run() -> None:
        from huiqi.cli.common import parse_assumptions
        from huiqi.errors import InputError
        from huiqi.funds.estimate import BASE_READING, estimate, estimate_text
        from huiqi.funds.read import read_rows

        choices = parse_assumptions(assume)
        unknown = [a for a in choices if a != BASE_READING.id]
        if unknown:
            raise InputError(f"测算没有假设 {'、'.join(unknown)}（只有 {BASE_READING.id}）", "--assume")
        _emit(estimate(read_rows(projects), _as_of(as_of), choices.get(BASE_READING.id)), fmt, estimate_text)

    _run(run)


def _plan_text(plan: dict[str, Any]) -> str:
    head = f"双随机核查计划：种子 {plan['seed']}，{plan['population']} 个项目抽中 {plan['drawn']} 个"
    lines = [head, "项目\t企业\t地市\t检查人员"]
    for p in plan["projects"]:
        names = "、".join(f"{i['name']}({i['unit']})" for i in p["inspectors"])
        lines.append(
            f"{p['project']}\t{p.get('enterprise') or ''}\t{p.get('city') or ''}\t{names}\t{p.get('warning', '')}"
        )
    return "\n".join(lines)


@funds_app.command("sample")
def sample_cmd(
    projects: Annotated[Path, typer.Argument(help="项目清单 .csv/.xlsx/.parquet/.json (project.id, enterprise.city)")],
    roster: Annotated[Path, typer.Option("--roster", help="检查人员名录 .csv/.xlsx/.json: name, unit, conflicts")],
    share: Annotated[str, typer.Option("--share", help="抽查比例, 如 0.1 或 10% (向上取整)")],
    seed: Annotated[int | None, typer.Option("--seed", help="随机种子 (整数; 不给则随机生成并记录)")] = None,
    inspectors: Annotated[int, typer.Option("--inspectors", help="每个项目的检查人员数")] = 2,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="计划另存 .xlsx/.csv/.json")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json 或 text")] = Format.json,
) -> None:
    """“双随机一公开”抽查：按比例随机抽取项目、随机匹配无利益冲突的检查人员，种子可复现。

    Example: huiqi funds sample examples/funds/filed-projects.csv --roster examples/funds/roster.csv
    --share 0.1 --seed 42 -o plan.xlsx
    """

    def run() -> None:
        import secrets

        from huiqi.funds.export import export_check_plan
        from huiqi.funds.money import parse_ratio
        from huiqi.funds.read import read_projects
        from huiqi.funds.sampling import draw, read_roster

        plan = draw(
            read_projects(projects, need_equipment=False),
            read_roster(roster),
            parse_ratio(share, "--share"),
            secrets.randbelow(2**31) if seed is None else seed,
            inspectors,
        )
        if output is not None:
            export_check_plan(plan, output)
        _emit(plan, fmt, _plan_text)

    _run(run)


@funds_app.command("results")
def results_cmd(
    plan_file: Annotated[Path, typer.Argument(help="funds sample 保存的计划 .json")],
    results: Annotated[
        Path, typer.Option("--results", help="核查结果 .csv/.xlsx/.json: 项目编号, 核查结果, 问题及处理")
    ],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="结果另存 .xlsx/.csv/.json")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json 或 text")] = Format.json,
) -> None:
    """把核查结果（合格/整改/不合格/未检查）并入双随机计划，供公开。

    Example: huiqi funds results plan.json --results outcomes.csv -o results.xlsx
    """

    def run() -> None:
        from huiqi.cli.common import read_json
        from huiqi.funds.export import export_check_plan
        from huiqi.funds.read import read_json_rows, read_table_rows
        from huiqi.funds.sampling import merge_results

        plan = read_json(plan_file)
        if not isinstance(plan, dict) or "projects" not in plan or "seed" not in plan:
            raise InputError("不是 funds sample 的计划 not a check plan", "plan")
        if not results.is_file():
            raise InputError(f"文件不存在 file not found: {results}", "--results")
        rows = read_json_rows(results) if results.suffix.lower() == ".json" else read_table_rows(results)
        merged = merge_results(plan, rows)
        if output is not None:
            export_check_plan(merged, output)
        _emit(merged, fmt, lambda d: _plan_text(d) + "\n" + str(d["summary"]))

    _run(run)


@funds_app.command("export")
def export_cmd(
    allocation: Annotated[Path, typer.Argument(help="funds allocate 的 JSON 输出")],
    kind: Annotated[KindOpt, typer.Option("--kind", help="library 入库汇总表 | publicity 公示名单 | plan 资金计划")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出 .xlsx")],
) -> None:
    """把分配结果导出为入库项目汇总表、公示名单或资金项目计划（.xlsx）。

    Example: huiqi funds export allocation.json --kind publicity -o 公示名单.xlsx
    """

    def run() -> None:
        from huiqi.cli.common import read_json
        from huiqi.funds.export import export_allocation

        export_allocation(read_json(allocation), kind.value, output)
        typer.echo(f"已写入 {output}")

    _run(run)

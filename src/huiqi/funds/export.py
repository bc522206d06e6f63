"""Workbooks a bureau hands on: 入库项目汇总表, 公示名单, 资金项目计划, and the 双随机 check plan.

Each sheet has Chinese headers, a frozen header row, money as numbers in 万元 (``#,##0.00``) and,
where the sheet has amounts, a 合计 row computed exactly (a value, not a formula, so readers that do
not evaluate formulas see it).
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from huiqi.errors import InputError
from huiqi.funds.money import ZERO, percent

KINDS = ("library", "publicity", "plan")
MONEY = "#,##0.00"
Column = tuple[str, str, int]  # header, kind (text | money | ratio | int), width


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _write_sheet(book: Any, title: str, columns: list[Column], rows: list[list[Any]], totals: bool) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append([c[0] for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
    if totals and rows:
        sums: list[Any] = ["合计"] + [""] * (len(columns) - 1)
        for i, (_, kind, _) in enumerate(columns):
            if kind == "money" and i:
                sums[i] = sum((v for r in rows if isinstance(v := r[i], Decimal)), ZERO)
        sheet.append(sums)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for i, (_, kind, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
        if kind in ("money", "ratio"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = MONEY if kind == "money" else "0.0000%"
    sheet.freeze_panes = "A2"


def _library(data: dict[str, Any]) -> tuple[str, list[Column], list[list[Any]]]:
    columns: list[Column] = [
        ("序号", "int", 6),
        ("排序", "int", 6),
        ("项目编号", "text", 14),
        ("项目名称", "text", 30),
        ("企业名称", "text", 30),
        ("地市", "text", 8),
        ("新设备购置额(万元)", "money", 16),
        ("奖励比例", "ratio", 10),
        ("奖励金额(万元)", "money", 14),
        ("达单个项目上限", "text", 10),
        ("是否安排", "text", 8),
        ("说明", "text", 40),
    ]
    rows = []
    for n, a in enumerate(data["allocations"], start=1):
        rows.append(
            [
                n,
                a.get("rank"),
                a["project"],
                a.get("name"),
                a.get("enterprise"),
                a.get("city"),
                _dec(a.get("equipment_wan")),
                _dec(a.get("ratio")),
                _dec(a["reward_wan"]),
                "是" if a["capped"] else "否",
                "是" if a["funded"] else "否",
                a.get("reason") or "",
            ]
        )
    return "入库项目汇总表", columns, rows


def _publicity(data: dict[str, Any]) -> tuple[str, list[Column], list[list[Any]]]:
    columns: list[Column] = [
        ("序号", "int", 6),
        ("地市", "text", 8),
        ("企业名称", "text", 30),
        ("项目名称", "text", 30),
        ("新设备购置额(万元)", "money", 16),
        ("奖励比例", "ratio", 10),
        ("奖励金额(万元)", "money", 14),
    ]
    funded = [a for a in data["allocations"] if a["funded"]]
    funded.sort(key=lambda a: (a.get("group") or "", a.get("rank") or 10**9, a["project"]))
    rows = [
        [
            n,
            a.get("city"),
            a.get("enterprise") or "",
            a.get("name") or a["project"],
            _dec(a.get("equipment_wan")),
            _dec(a.get("ratio")),
            _dec(a["reward_wan"]),
        ]
        for n, a in enumerate(funded, start=1)
    ]
    return "拟支持项目公示名单", columns, rows


def _plan(data: dict[str, Any]) -> tuple[str, list[Column], list[list[Any]]]:
    columns: list[Column] = [
        ("分组", "text", 14),
        ("奖励比例", "ratio", 10),
        ("比例上限", "ratio", 10),
        ("预算(万元)", "money", 14),
        ("先行扣除(万元)", "money", 14),
        ("可分配(万元)", "money", 14),
        ("下达金额(万元)", "money", 14),
        ("结余(万元)", "money", 12),
        ("支持项目数", "int", 10),
        ("申报项目数", "int", 10),
        ("扣除事项", "text", 36),
    ]
    rows = []
    for g in data["groups"]:
        deducted = sum((Decimal(str(d["amount_wan"])) for d in g["deductions"]), ZERO)
        rows.append(
            [
                g["group"],
                _dec(g["ratio"]),
                _dec(g["cap_ratio"]),
                _dec(g["budget_wan"]),
                deducted,
                _dec(g["available_wan"]),
                _dec(g["allocated_wan"]),
                _dec(g["unspent_wan"]),
                g["funded_projects"],
                g["projects"],
                "；".join(f"{d['name']} {d['amount_wan']:,.2f}" for d in g["deductions"]),
            ]
        )
    return "资金项目计划", columns, rows


def export_allocation(data: dict[str, Any], kind: str, path: Path) -> None:
    """Write the ``kind`` workbook of an allocation (the JSON ``funds allocate`` printed)."""
    from openpyxl import Workbook

    if kind not in KINDS:
        raise InputError(f"应为 {' | '.join(KINDS)}, got {kind!r}", "--kind")
    if not isinstance(data, dict) or "allocations" not in data or "groups" not in data:
        raise InputError("不是 funds allocate 的输出 not an allocation JSON", "input")
    if path.suffix.lower() != ".xlsx":
        raise InputError("只支持 .xlsx 输出 only .xlsx", "-o")
    book = Workbook()
    book.remove(book.active)
    builder = {"library": _library, "publicity": _publicity, "plan": _plan}[kind]
    title, columns, rows = builder(data)
    _write_sheet(book, title, columns, rows, totals=True)
    if kind == "plan":
        _, pcolumns, prows = _publicity(data)
        _write_sheet(book, "项目明细", pcolumns, prows, totals=True)
    notes = book.create_sheet("说明")
    notes.append(["依据与假设"])
    for clause in data.get("clauses", []):
        notes.append([f"{clause.get('doc_title', clause['doc'])} {clause['ref']}"])
    for item in data.get("assumptions", []):
        notes.append([item["text"]])
    notes.column_dimensions["A"].width = 120
    book.save(path)


CHECK_COLUMNS = ["序号", "项目编号", "企业名称", "地市", "检查人员", "检查人员单位", "核查结果", "问题及处理"]


def _check_rows(plan: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            n,
            p["project"],
            p.get("enterprise") or "",
            p.get("city") or "",
            "、".join(i["name"] for i in p["inspectors"]),
            "、".join(i["unit"] for i in p["inspectors"]),
            p.get("outcome", ""),
            p.get("notes", p.get("warning", "")),
        ]
        for n, p in enumerate(plan["projects"], start=1)
    ]


def export_check_plan(plan: dict[str, Any], path: Path) -> None:
    """The 双随机 plan (or its results) as ``.xlsx``, ``.csv`` or ``.json``."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(plan, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    rows = _check_rows(plan)
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CHECK_COLUMNS)
            writer.writerows(rows)
        return
    if suffix != ".xlsx":
        raise InputError("只支持 .xlsx、.csv、.json", "-o")
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    columns: list[Column] = [(h, "text", w) for h, w in zip(CHECK_COLUMNS, (6, 14, 30, 8, 20, 30, 10, 40), strict=True)]
    title = "双随机核查结果" if plan.get("kind") == "double-random-check-results" else "双随机核查计划"
    _write_sheet(book, title, columns, rows, totals=False)
    notes = book.create_sheet("抽查说明")
    for line in (
        f"随机种子 seed: {plan['seed']}",
        f"抽查比例: {percent(Decimal(plan['share']))}（向上取整）",
        f"项目总数: {plan['population']}，抽中: {plan['drawn']}",
        f"输入摘要 SHA-256: {plan['input_digest']}",
        *plan["algorithm"].splitlines(),
        *(f"{c.get('doc_title', c['doc'])} {c['ref']}" for c in plan["clauses"]),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    book.save(path)

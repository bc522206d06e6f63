"""The Excel template a bureau fills in: Chinese headers with units, drop-down lists, instructions.

The columns are those the chosen programs read on ``as_of`` (``CompiledProgram.input_fields``) plus
the names and ids that make a row recognisable; the 填写说明 sheet says which program reads which.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.batch.fields import field_spec
from huiqi.batch.labels import CHOICE_LABELS, NO, YES, header_of, label_of, unit_of
from huiqi.batch.screen import Screener
from huiqi.engine import Engine, default_engine
from huiqi.errors import InputError

IDENTITY = ["enterprise.name", "enterprise.credit_code", "enterprise.city", "enterprise.county", "project.id",
            "project.name"]
DATA_ROWS = 5000  # rows the drop-down lists cover


def template_columns(screener: Screener) -> list[str]:
    reads = [p for p in screener.reads]
    ordered = [*IDENTITY, *sorted(p for p in reads if p.startswith("enterprise.")),
               *sorted(p for p in reads if p.startswith("project."))]
    return list(dict.fromkeys(ordered))


def write_template(
    path: str | Path,
    as_of: dt.date | None = None,
    programs: list[str] | None = None,
    engine: Engine | None = None,
) -> list[str]:
    """Write the template to ``path`` (.xlsx); returns the §5 paths of its columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from huiqi.geo import cities

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InputError(f"{target.name}: 模板应为 .xlsx the template must be .xlsx", "template")
    screener = Screener(engine or default_engine(), as_of or dt.date.today(), programs)
    columns = template_columns(screener)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append([header_of(p) for p in columns])
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill(start_color="DDEBF7", end_color="DDEBF7", fill_type="solid")
    for index, path_ in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(header_of(path_)) * 2)
        options = _options(path_, cities())
        if options:
            rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            rule.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            sheet.add_data_validation(rule)
        elif field_spec(path_).kind == "date":
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    _instructions(book.create_sheet("填写说明"), screener, columns)
    book.save(target)
    return columns


def _options(path: str, city_names: tuple[str, ...]) -> list[str]:
    spec = field_spec(path)
    if path in ("enterprise.city", "project.city"):
        return list(city_names)
    if spec.kind == "bool":
        return [YES, NO]
    if spec.choices:
        words = CHOICE_LABELS.get(path, {})
        return [words.get(c, c) for c in spec.choices]
    return []


def _instructions(sheet: object, screener: Screener, columns: list[str]) -> None:
    readers: dict[str, list[str]] = {}
    for cp in screener.compiled:
        for path in cp.input_fields():
            readers.setdefault(path, []).append(cp.program.title)
    rows = [
        ["填写说明"],
        [f"评估日期 {screener.as_of.isoformat()}；每行一个企业（有项目时每行一个企业的一个项目）。"],
        ["留空 = 未知（不会被当作“否”或 0；需要该信息的条件结果为“待定”）。"],
        ["金额单位为万元，可填小数；日期填 YYYY-MM-DD；是/否 列填“是”或“否”（也接受 true/false、1/0）。"],
        ["表头可以是中文（本表）或字段路径（如 enterprise.city）；年度列写作“营业收入(2021)(万元)”。"],
        [],
        ["列名", "字段", "单位/格式", "读取该列的政策"],
    ]
    for path in columns:
        rows.append([header_of(path), path, unit_of(path), "、".join(readers.get(path, [])) or "（标识用）"])
    rows += [[], ["政策", "依据文件", "读取的列"]]
    for cp in screener.compiled:
        rows.append([cp.program.title, cp.program.version.number, "、".join(label_of(p) for p in cp.input_fields())])
    for row in rows:
        sheet.append(row)  # type: ignore[attr-defined]

"""The Excel template a bureau fills in: Chinese headers with units, drop-down lists, instructions.

The columns are those the chosen programs read on ``as_of`` (``CompiledProgram.input_fields``) plus
the names and ids that make a row recognisable, in the order a person fills them: grouped by topic
(enterprise, finances year by year, IP …, then the project, its dates start before end, its money),
each topic's headers in its own colour; the 填写说明 sheet lists the topics and which program reads which.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.batch.fields import field_spec
from huiqi.batch.labels import CHOICE_LABELS, NO, TOPICS, YES, fill_order, header_of, label_of, topic_of, unit_of
from huiqi.batch.screen import Screener
from huiqi.engine import Engine, default_engine
from huiqi.errors import InputError

IDENTITY = ["enterprise.name", "enterprise.credit_code", "enterprise.city", "enterprise.county", "project.id",
            "project.name"]
DATA_ROWS = 5000  # rows the drop-down lists cover


#: header fills, one per topic in turn
TOPIC_FILLS = ("DDEBF7", "E2EFDA", "FFF2CC", "FCE4D6", "EDE7F6", "E7E6E6")


def template_columns(screener: Screener) -> list[str]:
    """The identifying columns and every column the programs read, in :func:`fill_order`."""
    return sorted(dict.fromkeys([*IDENTITY, *screener.reads]), key=fill_order)


def write_template(
    path: str | Path,
    as_of: dt.date | None = None,
    programs: list[str] | None = None,
    engine: Engine | None = None,
) -> list[str]:
    """Write the template to ``path`` (.xlsx); returns the §5 paths of its columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
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
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 48
    # printed: A4 landscape, the header row and the name column on every page
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", 9
    sheet.print_title_rows, sheet.print_title_cols = "1:1", "A:A"
    bold = Font(bold=True)
    fills = {topic: PatternFill(start_color=colour, end_color=colour, fill_type="solid")
             for topic, colour in zip([*TOPICS, "其他"], [*TOPIC_FILLS * 3], strict=False)}
    for index, path_ in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fills[topic_of(path_)]
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = min(max(12, len(header_of(path_)) * 2), 30)
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
        ["分类", "列名", "单位/格式", "读取该列的政策", "字段"],
    ]
    for path in columns:
        rows.append([topic_of(path), header_of(path), unit_of(path), "、".join(readers.get(path, [])) or "（标识用）",
                     path])
    rows += [[], ["政策", "依据文件", "读取的列"]]
    for cp in screener.compiled:
        rows.append([cp.program.title, cp.program.version.number, "、".join(label_of(p) for p in cp.input_fields())])
    for row in rows:
        sheet.append(row)  # type: ignore[attr-defined]

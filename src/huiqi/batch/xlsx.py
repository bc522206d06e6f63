"""Excel in and out: the reader, the results workbook a person can use, and the template.

Cells read from ``.xlsx``: a numeric cell holding a whole number is read as that integer; any other
float as ``repr(float)`` (its shortest round-trip decimal), which the money parser then rounds half-up
to the 分 with Decimal — so 652.4999999999999 typed by a formula is 652.50 万元, never a binary sum.
A date cell is its ISO date.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from huiqi.batch.screen import HIDDEN, SUFFIXES, Screener
from huiqi.batch.summary import ScreenSummary
from huiqi.errors import InputError

STATUS_WORDS = {
    "eligible": "符合",
    "ineligible": "不符合",
    "undetermined": "待定（缺信息）",
    "not_applicable": "不适用",
    "not_in_force": "不在有效期",
    "error": "输入有误",
}
FILLS = {
    "eligible": "C6EFCE",
    "ineligible": "FFC7CE",
    "undetermined": "FFEB9C",
    "not_applicable": "EDEDED",
    "not_in_force": "D9D9D9",
    "error": "F8CBAD",
}


def cell_text(value: Any) -> str | None:
    """One Excel cell as the text the validator reads (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class XlsxReader:
    """The first sheet; its first row is the header."""

    def __init__(self, path: Path, chunk_size: int = 200_000) -> None:
        from openpyxl import load_workbook

        self.chunk_size = chunk_size
        try:
            self.book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise InputError(f"{path.name}: 无法读取 Excel cannot read the .xlsx file ({exc})", "input") from None
        self.sheet = self.book.worksheets[0]
        rows = self.sheet.iter_rows(max_row=1, values_only=True)
        header = next(rows, ())
        self.columns = [str(h).strip() if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
        while self.columns and self.columns[-1].startswith("column_"):
            self.columns.pop()
        self.total_rows: int | None = max((self.sheet.max_row or 1) - 1, 0)

    def chunks(self) -> Iterator[pl.DataFrame]:
        width = len(self.columns)
        batch: list[list[str | None]] = []
        for row in self.sheet.iter_rows(min_row=2, values_only=True):
            cells = [cell_text(v) for v in row[:width]]
            if not any(c is not None and c.strip() for c in cells):
                continue  # Excel keeps formatted but empty rows: not data
            batch.append(cells + [None] * (width - len(cells)))
            if len(batch) >= self.chunk_size:
                yield self._frame(batch)
                batch = []
        if batch or not width:
            yield self._frame(batch)
        self.book.close()

    def _frame(self, rows: list[list[str | None]]) -> pl.DataFrame:
        schema = dict.fromkeys(self.columns, pl.String)
        return pl.DataFrame(rows, schema=schema, orient="row")


class XlsxWriter:
    """Sheets 筛查结果 (results), 汇总 (counts and reward totals per program × city), 说明 (notes)."""

    def __init__(self, path: Path, screener: Screener) -> None:
        from openpyxl import Workbook

        self.path = path
        self.screener = screener
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("筛查结果")
        self.summary_sheet = self.book.create_sheet("汇总")
        self.notes_sheet = self.book.create_sheet("说明")
        self.sheet.freeze_panes = "A2"
        self.header: list[str] | None = None
        self.rows = 0
        self.labels = {pid: _failed_labels(screener, pid) for pid in screener.ids}

    def _columns(self, chunk: pl.DataFrame) -> list[tuple[str, pl.Expr]]:
        outputs = set(self.screener.output_names())
        cols = [(c, pl.col(c)) for c in chunk.columns if c not in outputs and not c.startswith(HIDDEN)]
        for pid in self.screener.ids:
            verdict, unmet, gap = self.screener.human_names(pid)
            status = pl.col(f"{pid}.status")
            cols += [(f"{pid}.{s}", pl.col(f"{pid}.{s}")) for s in SUFFIXES]
            cols.append((verdict, status.replace_strict(STATUS_WORDS, default=status)))
            failed = pl.col(f"{pid}.failed")
            words = {
                ids: "；".join(self.labels[pid].get(i, i) for i in ids.split(";") if i)
                for ids in chunk[f"{pid}.failed"].unique().drop_nulls().to_list()
            }
            cols.append((unmet, failed.replace_strict(words, default=None, return_dtype=pl.String)))
            cols.append((gap, pl.col(f"{HIDDEN}{pid}.margin")))
        cols.append(("error", pl.col("error")))
        return cols

    def write(self, chunk: pl.DataFrame) -> None:
        columns = self._columns(chunk)
        if self.header is None:
            self.header = [name for name, _ in columns]
            for index, name in enumerate(self.header):
                self.sheet.column_dimensions[_letter(index)].width = min(max(10, len(name) * 1.6), 40)
            self.sheet.append(self.header)
        frame = chunk.select([expr.alias(name) for name, expr in columns])
        for row in frame.iter_rows():
            self.sheet.append(row)
        self.rows += frame.height

    def close(self, summary: ScreenSummary) -> None:
        if self.header is None:
            self.header = ["error"]
            self.sheet.append(self.header)
        last = f"{_letter(len(self.header) - 1)}{self.rows + 1}"
        self.sheet.auto_filter.ref = f"A1:{last}"
        self._colour()
        self._summary(summary)
        self._notes(summary)
        self.book.save(self.path)

    def _colour(self) -> None:
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import PatternFill

        assert self.header is not None
        end = self.rows + 1
        for index, name in enumerate(self.header):
            if not (name.endswith(".status") or name.endswith("·结论")):
                continue
            span = f"{_letter(index)}2:{_letter(index)}{max(end, 2)}"
            for status, colour in FILLS.items():
                word = STATUS_WORDS[status] if name.endswith("·结论") else status
                fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
                rule = CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill)
                self.sheet.conditional_formatting.add(span, rule)

    def _summary(self, summary: ScreenSummary) -> None:
        sheet = self.summary_sheet
        sheet.freeze_panes = "A2"
        statuses = list(STATUS_WORDS)
        sheet.append(["项目", "program", "市", *[STATUS_WORDS[s] for s in statuses], "合计", "奖励上限合计(万元)"])
        groups = summary.groups
        count = 0
        for pid in summary.programs:
            title = self.screener.engine.families[pid].title
            mine = groups.filter(pl.col("program") == pid)
            for city in [*sorted(set(mine["city"].to_list())), None]:
                part = mine if city is None else mine.filter(pl.col("city") == city)
                pairs = list(zip(part["status"].to_list(), part["rows"].to_list(), strict=True))
                totals = [sum(n for s, n in pairs if s == status) for status in statuses]
                reward = sum(part["reward_wan"].drop_nulls().to_list(), start=0)
                sheet.append([title, pid, city or "合计", *totals, sum(totals), reward])
                count += 1
        sheet.auto_filter.ref = f"A1:{_letter(len(statuses) + 4)}{count + 1}"

    def _notes(self, summary: ScreenSummary) -> None:
        sheet = self.notes_sheet
        engine = self.screener.engine
        sheet.append(["评估日期 as_of", summary.as_of.isoformat()])
        sheet.append(["规则版本 rules version", engine.rules_version])
        sheet.append(["行数 rows", summary.rows, "输入有误 error rows", summary.error_rows])
        sheet.append([])
        sheet.append(["项目 program", "名称", "依据文件", "采用的假设"])
        for pid in summary.programs:
            cp = self.screener.by_id.get(pid)
            family = engine.families[pid]
            if cp is None:
                sheet.append([pid, family.title, "评估日不在有效期内 not in force on as_of"])
                continue
            assumed = "；".join(
                f"{a.id}={cp.choices[a.id]}（{a.options[cp.choices[a.id]]}）" for a in cp.program.assumptions
            )
            sheet.append([pid, cp.program.title, cp.program.version.number, assumed])
        sheet.append([])
        sheet.append(["结论说明", "符合：所有已编码条件均满足（奖励为“不超过”的上限）；不符合：至少一项不满足；"
                      "待定：无不满足项但缺少信息；不适用：该政策不覆盖此情形；输入有误：见 error 列"])
        for warning in summary.warnings:
            sheet.append(["提示 warning", warning])


def _failed_labels(screener: Screener, pid: str) -> dict[str, str]:
    """Criterion id → ``label（第八条第（一）项第5目）`` for the ids a ``failed`` cell may hold."""
    cp = screener.by_id.get(pid)
    if cp is None:
        return {}
    return {cc.criterion.id: f"{cc.criterion.label}（{cc.criterion.ref.ref}）" for cc in cp.criteria}


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))

"""Excel in and out: the reader, the results workbook a person can use, and the template.

Cells read from ``.xlsx``: a numeric cell holding a whole number is read as that integer; any other
float as ``repr(float)`` (its shortest round-trip decimal), which the money parser then rounds half-up
to the 分 with Decimal — so 652.4999999999999 typed by a formula is 652.50 万元, never a binary sum.
A date cell is its ISO date.
"""

from __future__ import annotations

import datetime as dt
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
    """The first sheet; its first row is the header. Read by calamine (``fastexcel``): a whole sheet of
    100,000 rows in seconds, where a pure-Python reader takes minutes; each column is then turned into
    the text :func:`cell_text` gives for its cells."""

    def __init__(self, path: Path, chunk_size: int = 200_000) -> None:
        import logging

        import fastexcel

        logging.getLogger("fastexcel").setLevel(logging.ERROR)  # "falling back to string" for blank columns
        self.chunk_size = chunk_size
        try:
            sheet = fastexcel.read_excel(path).load_sheet(0, header_row=0)
            frame = sheet.to_polars()
        except Exception as exc:  # calamine's errors (bad zip, no sheet, a broken part) have no common base
            raise InputError(f"{path.name}: 无法读取 Excel cannot read the .xlsx file ({exc})", "input") from None
        columns = [str(c).strip() for c in frame.columns]
        columns = [c if c and not c.startswith("__UNNAMED__") else f"column_{i + 1}" for i, c in enumerate(columns)]
        while columns and columns[-1].startswith("column_"):
            columns.pop()
        frame = frame.select(frame.columns[: len(columns)]).rename(dict(zip(frame.columns, columns, strict=False)))
        text = frame.select([_as_text(frame[c]) for c in frame.columns]) if columns else frame
        # Excel keeps formatted but empty rows: not data
        if columns:
            text = text.filter(pl.any_horizontal(pl.all().str.strip_chars().str.len_chars() > 0))
        self.columns = columns
        self.frame = text
        self.total_rows: int | None = text.height

    def chunks(self) -> Iterator[pl.DataFrame]:
        if not self.columns:
            yield pl.DataFrame()
            return
        for offset in range(0, max(self.frame.height, 1), self.chunk_size):
            yield self.frame.slice(offset, self.chunk_size)


def _as_text(column: pl.Series) -> pl.Expr:
    """A column of cells as :func:`cell_text` writes each (whole floats as integers, dates ISO …)."""
    c = pl.col(column.name)
    dtype = column.dtype
    if dtype == pl.Float64:
        whole = (c.round(0) == c) & (c.abs() < 2**53)
        return pl.when(whole).then(c.cast(pl.Int64).cast(pl.String)).otherwise(c.cast(pl.String)).alias(column.name)
    if dtype == pl.Boolean:
        return pl.when(c).then(pl.lit("true")).when(c.not_()).then(pl.lit("false")).alias(column.name)
    if isinstance(dtype, pl.Datetime):
        midnight = c.dt.time() == pl.lit(dt.time(0))
        return (pl.when(midnight).then(c.dt.strftime("%Y-%m-%d")).otherwise(c.dt.strftime("%Y-%m-%dT%H:%M:%S"))
                .alias(column.name))
    if dtype == pl.Date:
        return c.dt.strftime("%Y-%m-%d").alias(column.name)
    return c.cast(pl.String).alias(column.name)


class _Sheet:
    """An xlsxwriter worksheet written row after row (constant memory), as ``append`` does."""

    def __init__(self, book: Any, name: str) -> None:
        self.ws = book.add_worksheet(name)
        self.row = 0

    def append(self, values: Any) -> None:
        self.ws.write_row(self.row, 0, list(values))
        self.row += 1


class XlsxWriter:
    """Sheets 筛查结果 (results), 汇总 (counts and reward totals per program × city), 说明 (notes).

    Written by xlsxwriter in constant-memory mode (rows streamed to disk as they come); text cells stay
    text (no formula, number or link is made of what an input cell says)."""

    def __init__(self, path: Path, screener: Screener) -> None:
        import xlsxwriter

        self.path = path
        self.screener = screener
        self.book = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd", "nan_inf_to_errors": True})
        self.sheet = _Sheet(self.book, "筛查结果")
        self.summary_sheet = _Sheet(self.book, "汇总")
        self.notes_sheet = _Sheet(self.book, "说明")
        self.sheet.ws.freeze_panes(1, 0)
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
                self.sheet.ws.set_column(index, index, min(max(10, len(name) * 1.6), 40))
            self.sheet.append(self.header)
        frame = chunk.select([expr.alias(name) for name, expr in columns])
        for row in frame.iter_rows():
            self.sheet.append(row)
        self.rows += frame.height

    def close(self, summary: ScreenSummary) -> None:
        if self.header is None:
            self.header = ["error"]
            self.sheet.append(self.header)
        self.sheet.ws.autofilter(0, 0, self.rows, len(self.header) - 1)
        self._colour()
        self._summary(summary)
        self._notes(summary)
        self.book.close()

    def _colour(self) -> None:
        assert self.header is not None
        fills = {status: self.book.add_format({"bg_color": f"#{colour}"}) for status, colour in FILLS.items()}
        end = max(self.rows, 1)
        for index, name in enumerate(self.header):
            if not (name.endswith(".status") or name.endswith("·结论")):
                continue
            for status in FILLS:
                word = STATUS_WORDS[status] if name.endswith("·结论") else status
                self.sheet.ws.conditional_format(1, index, end, index, {
                    "type": "cell", "criteria": "==", "value": f'"{word}"', "format": fills[status]})

    def _summary(self, summary: ScreenSummary) -> None:
        sheet = self.summary_sheet
        sheet.ws.freeze_panes(1, 0)
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
        sheet.ws.autofilter(0, 0, count, len(statuses) + 4)

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

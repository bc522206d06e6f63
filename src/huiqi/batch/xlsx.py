"""Excel in: the reader (the results workbook is :mod:`huiqi.batch.workbook`, the template
:mod:`huiqi.batch.template`).

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

from huiqi.batch.screen import ROW
from huiqi.errors import InputError

BROKEN = ("「{name}」不是可以读取的 Excel 文件（.xlsx），可能已损坏或是改了扩展名的其他格式，"
          "请在 Excel 中另存为 .xlsx 后重试。")
EMPTY = "「{name}」的第一个工作表是空的：第 1 行应为表头（可下载模板），从第 2 行起每行填写一个企业。"


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
        except Exception:  # calamine's errors (bad zip, no sheet, a broken part) have no common base
            raise InputError(BROKEN.format(name=path.name)) from None
        columns = [str(c).strip() for c in frame.columns]
        columns = [c if c and not c.startswith("__UNNAMED__") else f"column_{i + 1}" for i, c in enumerate(columns)]
        while columns and columns[-1].startswith("column_"):
            columns.pop()
        frame = frame.select(frame.columns[: len(columns)]).rename(dict(zip(frame.columns, columns, strict=False)))
        if not columns:
            raise InputError(EMPTY.format(name=path.name))
        text = frame.select([_as_text(frame[c]) for c in frame.columns])
        # Excel keeps formatted but empty rows: not data; the others keep their row number for messages
        text = text.with_columns(pl.int_range(2, text.height + 2, dtype=pl.Int64).alias(ROW))
        text = text.filter(pl.any_horizontal(pl.exclude(ROW).str.strip_chars().str.len_chars() > 0))
        self.columns = columns
        self.frame = text
        self.total_rows: int | None = text.height
        self.first_row = 2

    def chunks(self) -> Iterator[pl.DataFrame]:
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


__all__ = ["XlsxReader", "cell_text"]

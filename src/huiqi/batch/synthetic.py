"""Seeded synthetic batch input for benchmarks and tests: text cells in the §5 layout.

Columns are those the programs read on ``as_of`` (see :func:`huiqi.batch.template.template_columns`),
so the generator follows whatever programs exist. Values are drawn per column kind from a hash of the
row number and the seed (Polars only, no NumPy): about 10% blanks, money with 2 decimals and the
common thresholds (400, 700 …) exactly, cities from every region plus 深圳 and a few written ``X市``.
An end date follows its start (30–929 days later) except in about 1% of rows, which the validation
must report, as a bureau's spreadsheet has a few such slips rather than a majority.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from huiqi.batch.fields import field_spec
from huiqi.batch.labels import CHOICE_LABELS
from huiqi.batch.screen import Screener
from huiqi.batch.template import template_columns
from huiqi.batch.validate import DATE_ORDER
from huiqi.engine import Engine, default_engine

CITIES = ["广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾", "东莞市", "中山",
          "江门", "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳", "云浮", "东莞"]
INDUSTRIES = ["C3484", "3484", "C39", "C", "B0610", "D4411", "F5111", "C1311"]
MONEY_MARKS = ["400", "700", "399.99", "699.99", "700.01", "1000", "5000", "25000"]
BOOLS = ["是", "否", "true", "false", "1", "0"]


def _pick(h: pl.Expr, options: list[str]) -> pl.Expr:
    return (h % len(options)).cast(pl.Int64).replace_strict(dict(enumerate(options)), return_dtype=pl.String)


def _column(path: str, h: pl.Expr, as_of: dt.date) -> pl.Expr:
    spec = field_spec(path)
    if path in ("enterprise.city", "project.city"):
        return _pick(h, CITIES)
    if path == "enterprise.industry_code":
        return _pick(h, INDUSTRIES)
    if path in ("enterprise.county", "enterprise.credit_code", "project.code", "project.county"):
        return pl.lit(None, pl.String)
    if path in ("project.id", "enterprise.name", "project.name"):
        return pl.format("{}{}", pl.lit(path.split(".")[0][0]), pl.int_range(pl.len()))
    if spec.kind == "bool":
        return _pick(h, BOOLS)
    if spec.kind == "money":
        cents = (h // 7) % 3_000_000
        amount = pl.format("{}.{}", cents // 100, (cents % 100).cast(pl.String).str.zfill(2))
        return pl.when(h % 5 == 0).then(_pick(h // 5, MONEY_MARKS)).otherwise(amount)
    if spec.kind in ("int", "decimal"):
        top = int(spec.le) if spec.le is not None and spec.le < 1000 else 600
        low = int(spec.ge or 0)
        return (low + h % (top - low + 1)).cast(pl.String)
    if spec.kind == "date":
        start = dt.date(as_of.year - 6, 1, 1)
        days = (h % ((as_of - start).days + 365)).cast(pl.Int64)
        return (pl.lit(start) + pl.duration(days=days)).cast(pl.String)
    if spec.choices:
        words = CHOICE_LABELS.get(path, {})
        return _pick(h, [*spec.choices, *(words.get(c, c) for c in spec.choices[:1])])
    return pl.format("{}{}", pl.lit("x"), h % 1000)


def synthetic_frame(n: int, as_of: dt.date, seed: int = 0, engine: Engine | None = None) -> pl.DataFrame:
    """``n`` rows of text cells (blank = null) for every column the programs read on ``as_of``."""
    screener = Screener(engine or default_engine(), as_of)
    exprs = []
    for index, path in enumerate(template_columns(screener)):
        h = pl.int_range(pl.len(), dtype=pl.UInt64).hash(seed * 1_000_003 + index)
        blank = h % 10 == 3
        exprs.append(pl.when(blank).then(None).otherwise(_column(path, h // 11, as_of)).alias(path))
    frame = pl.select(pl.repeat(0, n).alias("_")).select(exprs)
    return frame.with_columns(
        [_after(start, end, seed) for start, end, _ in DATE_ORDER if start in frame.columns and end in frame.columns]
    )


def _after(start: str, end: str, seed: int) -> pl.Expr:
    """``end`` 30–929 days after ``start`` (10 days before it in 1% of rows); blank where it was."""
    h = pl.int_range(pl.len(), dtype=pl.UInt64).hash(seed * 7_919 + len(end))
    days = pl.when(h % 100 == 0).then(pl.lit(-10, pl.Int64)).otherwise((30 + h % 900).cast(pl.Int64))
    moved = (pl.col(start).str.to_date("%Y-%m-%d") + pl.duration(days=days)).cast(pl.String)
    return pl.when(pl.col(end).is_null()).then(None).otherwise(pl.coalesce(moved, pl.col(end))).alias(end)

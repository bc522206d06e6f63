"""A chunk of raw text columns → the typed §5 frame the rules run on, plus one ``error`` per row.

Per-row work is Polars only. Where a check needs the core's Python functions (city and county names,
GB/T 4754 codes), they run once per *distinct* value and the answer is mapped back with a replace
map or a join, so the batch agrees with :mod:`huiqi.profile.model` and :mod:`huiqi.profile.checks`
by construction, with the same messages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import polars as pl

from huiqi.batch.cells import (
    NEEDS_REWRITE,
    Problem,
    blank_to_null,
    common_bool,
    fast_value,
    finish_fast,
    message,
    parse,
    plain_number,
    said,
)
from huiqi.batch.fields import field_spec, is_column
from huiqi.batch.labels import label_of
from huiqi.identifiers import CREDIT_CODE_CHARSET, CREDIT_CODE_WEIGHTS, credit_code_error
from huiqi.profile.columns import POLARS_TYPES, kind_of_column

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

ERROR = "error"
CITY, COUNTY, REGISTERED = "enterprise.city", "enterprise.county", "enterprise.registered_in_guangdong"
#: columns checked against the core's Python functions (per distinct value), always stripped first
SPECIAL = (CITY, "project.city", "enterprise.industry_code", "enterprise.credit_code")
#: columns of a few dozen names or codes: stripped, looked up and checked once per distinct cell, the
#: answers gathered back by each row's index into the distinct cells (see :meth:`ChunkValidator._gather`)
FEW_VALUED = (CITY, "project.city", COUNTY, "enterprise.industry_code")
#: kinds whose fast value is computed once per distinct cell: a column holds a few thousand days at
#: most, and parsing one costs several times a lookup
BY_DISTINCT = ("date",)
DATE_ORDER = (
    ("project.planned_start", "project.planned_completion", "早于计划开工日期"),
    ("project.build_start", "project.build_end", "早于建设开始日期"),
)


@lru_cache(maxsize=4096)
def _city(value: str) -> str:
    from huiqi.profile.normalize import normalize_city_name

    return normalize_city_name(value)


@lru_cache(maxsize=4096)
def _is_gd(value: str) -> bool:
    from huiqi.profile.normalize import is_guangdong_city

    return is_guangdong_city(value)


@lru_cache(maxsize=65536)
def _industry(value: str) -> tuple[str | None, str | None]:
    from huiqi.profile.normalize import check_industry_code

    try:
        return check_industry_code(value), None
    except ValueError as exc:
        return None, str(exc)


@lru_cache(maxsize=65536)
def _county_ok(city: str, county: str) -> bool:
    from huiqi.geo import normalize_county

    return normalize_county(city, county) is not None


# The expressions that depend on a column's path and header only, built once (not per chunk: building
# thousands of expressions costs about as much as running them on a chunk of 10,000 rows)


@lru_cache(maxsize=4096)
def _parsed(path: str) -> tuple[pl.Expr, list[Problem]]:
    """The typed value of ``raw::<path>`` and its problems (see :func:`parse`)."""
    raw = pl.col(raw_name(path))
    value, check = parse(field_spec(path), raw)
    return value, (check(pl.col(path), raw) if check is not None else [])


@lru_cache(maxsize=4096)
def _fast(path: str, source: str) -> tuple[pl.Expr | None, pl.Expr | None]:
    """The first and second fast-path tries of a column (booleans: the common words first)."""
    expr = None if path in SPECIAL else fast_value(field_spec(path), pl.col(source))
    if expr is not None and field_spec(path).kind == "bool":
        return common_bool(pl.col(source)), expr
    return expr, None


@lru_cache(maxsize=8)
def _credit_code_exprs(path: str) -> tuple[pl.Expr, pl.Expr]:
    """The stored code (upper case) and the flag of a code whose check digit or form is wrong."""
    raw = pl.col(raw_name(path))
    code = raw.str.normalize("NFKC").str.replace_all(r"\s+", "").str.to_uppercase()
    value_of = {ch: i for i, ch in enumerate(CREDIT_CODE_CHARSET)}
    total = pl.sum_horizontal(
        [code.str.slice(i, 1).replace_strict(value_of, default=0, return_dtype=pl.Int64) * w
         for i, w in enumerate(CREDIT_CODE_WEIGHTS)]
    )
    check = ((31 - total % 31) % 31).replace_strict(dict(enumerate(CREDIT_CODE_CHARSET)), return_dtype=pl.String)
    valid = code.str.contains(f"^[{CREDIT_CODE_CHARSET}]{{18}}$") & (code.str.slice(17, 1) == check)
    return raw.str.to_uppercase(), raw.is_not_null() & valid.not_()


def _distinct(frame: pl.DataFrame, expr: pl.Expr) -> list[str]:
    return [v for v in frame.select(expr.unique()).to_series().to_list() if v is not None]


def distinct_codes(column: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The distinct non-null cells of ``column`` and each row's index into them (null where null):
    one hashing pass over the rows (an Enum cast), where each lookup by value would be another."""
    cells = column.unique().drop_nulls()
    return cells, column.cast(pl.Enum(cells)).to_physical()


def _by_distinct(column: pl.Series, expr: pl.Expr) -> pl.Series:
    """``expr`` (on ``column``'s name) computed once per distinct cell and mapped back by position."""
    cells, codes = distinct_codes(column)
    return cells.to_frame().select(expr).to_series().gather(codes)


def _parse_by_distinct(path: str) -> bool:
    """Whether a column is parsed once per distinct cell when the fast path cannot read it: days,
    yes/no and choices take a few dozen to a few thousand texts, each costlier to parse than to look up."""
    spec = field_spec(path)
    return path not in SPECIAL and (spec.kind in ("date", "bool") or (spec.kind == "str" and bool(spec.choices)))


def raw_name(path: str) -> str:
    return f"raw::{path}"


class ChunkValidator:
    """Typed columns and messages for the §5 columns of one chunk (``columns``: path → source column).

    Three lazy stages, so no parsed value is computed twice: the raw text (``raw::<path>``, stripped,
    blank → null), the typed values (``<path>``), then the messages reading both by name.
    """

    def __init__(self, frame: pl.DataFrame, columns: dict[str, str], rows: pl.Series | None = None,
                 extra: tuple[pl.Expr, ...] = ()) -> None:
        self.frame = frame
        self.columns = columns
        #: each row's number in the person's file (the header is row 1), for the messages
        self.rows = rows if rows is not None else pl.Series("row", range(2, frame.height + 2), pl.Int64)
        self.values: dict[str, pl.Expr] = {}
        self.problems: list[Problem] = []
        self.fast: dict[str, pl.Series] = {}
        #: few-valued columns (:data:`FEW_VALUED`): the distinct raw texts and each row's index into them
        self.distinct: dict[str, tuple[pl.Series, pl.Series]] = {}
        #: named columns computed from the typed ones (or constants) in the same query, kept in the output
        self.extra = extra

    def raw(self, path: str) -> pl.Expr:
        return pl.col(raw_name(path))

    def typed(self, path: str) -> pl.Expr:
        return pl.col(path)

    def run(self) -> pl.DataFrame:
        """The typed frame (§5 paths) with the ``error`` column (null where the row is valid)."""
        fast = self.fast = self._fast_values()
        self._fix_exponents()
        few = self._few_valued()
        raws = [
            (pl.col(src) if path in fast else blank_to_null(pl.col(src))).alias(raw_name(path))
            for path, src in self.columns.items() if path not in few
        ]
        self.frame = self.frame.select(raws)
        if fast or few:
            self.frame = pl.concat([self.frame, pl.DataFrame([*fast.values(), *few.values()])], how="horizontal")
        for path in self.columns:
            if path in SPECIAL:
                continue
            value, problems = _parsed(path)
            if path in fast:
                value = pl.col(fast[path].name)
            elif _parse_by_distinct(path):
                value = self._spread(path, self.distinct[path][0].to_frame(raw_name(path)).select(value).to_series())
            self.values[path] = value
            self.problems += problems[1:] if path in fast else problems  # (every cell was read)
        self._cities()
        self._industry()
        self._credit_code()
        self._county()
        self._date_order()
        typed = self.frame.lazy().with_columns(
            [v.cast(POLARS_TYPES[kind_of_column(p) or "str"]).alias(p) for p, v in self.values.items()]
        )
        flags = [flag.fill_null(False).alias(f"flag::{i}") for i, (flag, _) in enumerate(self.problems)]
        frame = typed.with_columns(*flags, *self.extra).collect()
        return self._with_errors(frame)

    def _fast_values(self) -> dict[str, pl.Series]:
        """Typed values by the fast paths (:func:`fast_value`; booleans first by :func:`common_bool`),
        for the columns where every non-blank cell is plainly written; the other columns (padding,
        exponents, bad cells) go the slow way."""
        tries: list[dict[str, pl.Expr]] = [{}, {}]
        for path, src in self.columns.items():
            first, second = _fast(path, src)
            if first is not None:
                tries[0][path] = first
            if second is not None:
                tries[1][path] = second
        nulls = self.frame.null_count().row(0, named=True)
        found: dict[str, pl.Series] = {}
        for exprs in tries:
            exprs = {p: e for p, e in exprs.items() if p not in found}
            if not exprs:
                continue
            per_cell = {p: e for p, e in exprs.items() if field_spec(p).kind not in BY_DISTINCT}
            values = self.frame.select([e.alias(f"fast::{p}") for p, e in per_cell.items()])
            for path, expr in exprs.items():
                source = self.frame[self.columns[path]]
                value = values[f"fast::{path}"] if path in per_cell else _by_distinct(source, expr)
                series = finish_fast(field_spec(path), value.alias(f"fast::{path}"))
                if series is not None and series.null_count() == nulls[self.columns[path]]:
                    found[path] = series
        return found

    def _few_valued(self) -> dict[str, pl.Series]:
        """The raw columns of the :data:`FEW_VALUED` columns and of the few-valued kinds the fast path
        could not read (:func:`_parse_by_distinct`), stripped once per distinct cell."""
        raws = {}
        for path in self.columns:
            if path in FEW_VALUED or (path not in self.fast and _parse_by_distinct(path)):
                cells, codes = distinct_codes(self.frame[self.columns[path]])
                text = cells.to_frame().select(blank_to_null(pl.col(cells.name))).to_series()
                self.distinct[path] = text, codes
                raws[path] = text.gather(codes).alias(raw_name(path))
        return raws

    def _gather(self, name: str, path: str, answer: Callable[[str], object], dtype: PolarsDataType) -> pl.Expr:
        """A column ``name`` holding ``answer(raw)`` for each row of a few-valued column (null where
        blank), computed once per distinct raw text."""
        texts = self.distinct[path][0].to_list()
        return self._spread(path, pl.Series(name, [None if t is None else answer(t) for t in texts], dtype))

    def _spread(self, path: str, values: pl.Series) -> pl.Expr:
        """``values`` (one per distinct raw text of ``path``) as a column of the frame, one per row."""
        name = f"distinct::{path}::{values.name}"
        self.frame = self.frame.with_columns(values.gather(self.distinct[path][1]).alias(name))
        return pl.col(name)

    def _with_errors(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The messages, built only on the rows each flag marks (strings for every row are costly)."""
        flags = [f"flag::{i}" for i in range(len(self.problems))]
        out = frame.select(*self.values, *(e.meta.output_name() for e in self.extra))
        if not flags:
            return out.with_columns(pl.lit(None, pl.String).alias(ERROR))
        counts = frame.select(pl.col(flags).sum()).row(0)
        hits = [i for i, n in enumerate(counts) if n]
        if not hits:
            return out.with_columns(pl.lit(None, pl.String).alias(ERROR))
        indexed = frame.lazy().with_row_index("row::")
        parts = [
            indexed.filter(pl.col(f"flag::{i}")).select("row::", pl.lit(i, pl.UInt32).alias("problem::"),
                                                         self.problems[i][1].alias(ERROR))
            for i in hits
        ]
        texts = (
            pl.concat(pl.collect_all(parts))
            .sort("row::", "problem::")
            .group_by("row::", maintain_order=True)
            .agg(pl.col(ERROR).drop_nulls().str.join("；"))
        )
        where = self.rows.cast(pl.String).gather(texts["row::"])
        text = pl.format("第 {} 行{}", pl.lit(where), pl.col(ERROR).str.replace_many(self._headers()))
        texts = texts.with_columns(text.alias(ERROR))
        column = pl.Series(ERROR, [None] * frame.height, pl.String).scatter(texts["row::"], texts[ERROR])
        return out.with_columns(column)

    def _headers(self) -> dict[str, str]:
        """``「path」`` → ``「the header the person used」`` (with the Chinese label when that is the path)."""
        out = {}
        for path, header in self.columns.items():
            shown = f"「{header}」"
            if is_column(header):
                shown += f"（{label_of(path)}）"
            out[f"「{path}」"] = shown
        return out

    def _fix_exponents(self) -> None:
        """Rewrite ``1e3`` and over-long decimals in number columns (rare; Python on those cells only)."""
        for path, source in self.columns.items():
            if field_spec(path).kind not in ("money", "decimal") or path in self.fast:
                continue
            has_exp = pl.col(source).str.contains(NEEDS_REWRITE)
            if self.frame.select(has_exp.any()).item():
                fixed = {v: plain_number(v) for v in _distinct(self.frame.filter(has_exp), pl.col(source))}
                self.frame = self.frame.with_columns(pl.col(source).replace(fixed))

    def _cities(self) -> None:
        for path in (CITY, "project.city"):
            if path not in self.columns:
                continue
            raw = self.raw(path)
            self.values[path] = self._gather(f"city::{path}", path, _city, pl.String)
            if path != CITY:
                continue
            outside = self._gather("outside::", path, lambda name: not _is_gd(name), pl.Boolean)
            registered = self.typed(REGISTERED) if REGISTERED in self.columns else pl.lit(None, pl.Boolean)
            declared_outside = registered.fill_null(True).not_()  # only an explicit false allows it
            why = "（省外企业请在「在广东省内登记注册」填“否”）"
            text = said(CITY, pl.concat_str([pl.lit("不是广东省的地级以上市，填写的是 "), raw, pl.lit(why)]))
            self.problems.append((outside & declared_outside.not_(), text))

    def _industry(self) -> None:
        path = "enterprise.industry_code"
        if path not in self.columns:
            return
        self.values[path] = self._gather("industry::", path, lambda v: _industry(v)[0], pl.String)
        why = self._gather("industry::why", path, lambda v: _chinese(_industry(v)[1]), pl.String)
        if self.frame[why.meta.output_name()].null_count() < self.frame.height:
            self.problems.append((why.is_not_null(), said(path, why)))

    def _credit_code(self) -> None:
        """GB 32100-2015 check digit, vectorised (one code per enterprise: too many for Python)."""
        path = "enterprise.credit_code"
        if path not in self.columns:
            return
        stored, bad = _credit_code_exprs(path)
        self.values[path] = stored
        present = self.frame.select(self.raw(path)).drop_nulls()  # the check digit on the filled cells only
        wrong = _distinct(present.lazy().filter(bad).collect(), stored) if present.height else []
        if not wrong:
            return
        why = stored.replace_strict({v: _chinese(credit_code_error(v) or "") for v in wrong}, default=None,
                                    return_dtype=pl.String)
        self.problems.append((bad, said(path, why)))

    def _county(self) -> None:
        """Each distinct (city, county) pair of raw texts checked once, found by an integer key per row."""
        if COUNTY not in self.columns or CITY not in self.columns:
            return
        (cities, city_codes), (counties, county_codes) = self.distinct[CITY], self.distinct[COUNTY]
        width = max(len(counties), 1)
        keys = city_codes.cast(pl.Int64) * width + county_codes.cast(pl.Int64)  # null where either is blank
        bad = []
        for key in keys.unique().drop_nulls().to_list():
            city_text, county_text = cities[key // width], counties[key % width]
            if city_text is None or county_text is None:
                continue
            city_name = _city(city_text)
            if _is_gd(city_name) and not _county_ok(city_name, county_text):
                bad.append(key)
        if not bad:
            return
        self.frame = self.frame.with_columns(keys.is_in(bad).alias("county::bad"))
        city, county = self.typed(CITY), self.typed(COUNTY)
        text = said(COUNTY, pl.concat_str([pl.lit("不在"), city, pl.lit("市，填写的是 "), county]))
        self.problems.append((pl.col("county::bad"), text))

    def _date_order(self) -> None:
        for start, end, why in DATE_ORDER:
            if start in self.values and end in self.values:
                late = self.typed(end) < self.typed(start)
                self.problems.append((late, message(end, self.raw(end), why)))


def _chinese(message: str | None) -> str | None:
    """The Chinese half of the core's bilingual messages (``中文 / English``)."""
    return message.split(" / ", 1)[0] if message else message


def validate_chunk(frame: pl.DataFrame, columns: dict[str, str], rows: pl.Series | None = None,
                   extra: tuple[pl.Expr, ...] = ()) -> pl.DataFrame:
    """See :class:`ChunkValidator`; ``frame`` holds text columns, ``columns`` maps path → column name,
    ``rows`` the rows' numbers in the file (2, 3 … when not given)."""
    return ChunkValidator(frame, columns, rows, extra).run()

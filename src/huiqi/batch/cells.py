"""Cells to typed columns, vectorised: Polars casts with ``strict=False`` and checks on the raw strings.

Every input column arrives as text (see :func:`huiqi.batch.io.as_text`); a blank cell is missing. Each
parser returns the typed value (null when missing or invalid) and a message (null when the cell is
fine) naming the field and why, in the words of the per-profile validation where it has words.

Money is exact: ``[+-]digits[.digits]`` is split into its integer and fractional digits and turned
into integer 分 (万元 × 1,000,000) with the 7th decimal rounding half-up, as ``_fen_exact`` in the
profile model quantizes. Never through a float. Exponent forms (``1e3``, what float writers emit
for very large or small numbers) are rewritten to plain digits with :class:`~decimal.Decimal` first.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import polars as pl

from huiqi.batch.fields import FieldSpec
from huiqi.batch.labels import CHOICE_LABELS, NO, YES
from huiqi.profile.columns import POLARS_TYPES
from huiqi.rules.units import FEN_PER_WAN

#: a problem: a cheap boolean flag (computed for every row) and its message (built only where flagged)
Problem = tuple[pl.Expr, pl.Expr]
#: a check reads the typed value column and the raw text column; its first problem is always the
#: unreadable cell (text but no value), which a column read by a fast path cannot have
Check = Callable[[pl.Expr, pl.Expr], list[Problem]]
Parsed = tuple[pl.Expr, Check | None]  # (typed value from the raw text, its check)

TRUE_WORDS = ("true", "1", "yes", "y", "on", "t", YES)
FALSE_WORDS = ("false", "0", "no", "n", "off", "f", NO)
_BOOLS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_INTEGER = r"^[+-]?\d+(\.0*)?$"
_DATE = r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$"
MAX_WAN_DIGITS = 12  # |amount| < 10¹² 万元, as the profile model requires


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    # (not when/then: that strips twice)
    return expr.str.strip_chars().replace("", None)


def message(path: str, raw: pl.Expr, why: str) -> pl.Expr:
    """``「path」：why，填写的是 raw``; the validator puts the header the person used in place of the path
    and the row in front (:meth:`huiqi.batch.validate.ChunkValidator.run`)."""
    return pl.concat_str([pl.lit(f"「{path}」：{why}，填写的是 "), raw])


def said(path: str, text: pl.Expr) -> pl.Expr:
    """``「path」：text`` for a reason that already quotes the cell (the core's own messages)."""
    return pl.concat_str([pl.lit(f"「{path}」："), text])


#: cells the Decimal(38, 7) cast cannot take exactly: exponents, more than 7 decimals
NEEDS_REWRITE = r"[eE]|\.\d{8}"


def plain_number(value: str) -> str:
    """``1e3`` → ``1000.000000``; ``0.12345675`` → ``0.123457`` (half-up to 6 decimals, as the profile
    model quantizes); anything Decimal cannot read is returned unchanged (and then rejected)."""
    try:
        number = Decimal(value.strip())
        if not number.is_finite():
            return value
        return format(number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP), "f")
    except InvalidOperation:
        return value


def micro_units(raw: pl.Expr) -> pl.Expr:
    """A decimal string as integer millionths (分 for 万元), half-up, exact: Polars reads the text as
    Decimal(38, 7) (no float), the 7th decimal rounds away from zero at 5, as ``_fen_exact`` does.
    Text with more than 7 decimals or an exponent is rewritten first (:func:`needs_rewrite`).
    Null unless the text is a number below 10¹² in magnitude."""
    units = (raw.cast(pl.Decimal(38, 7), strict=False) * 10_000_000).cast(pl.Int128, strict=False)
    zero = pl.lit(0, pl.Int128)
    negative = units < 0
    magnitude = pl.when(negative).then(zero - units).otherwise(units)
    fen = (magnitude + 5) // 10
    fen = pl.when(negative).then(zero - fen).otherwise(fen)
    return pl.when(magnitude < 10 ** (MAX_WAN_DIGITS + 7)).then(fen).cast(pl.Int64)


def _range_problems(spec: FieldSpec, value: pl.Expr, raw: pl.Expr, scale: int) -> list[Problem]:
    problems = []
    if spec.ge is not None:
        why = f"应不小于 {spec.ge}"
        problems.append((value < int(spec.ge * scale), message(spec.path, raw, why)))
    if spec.le is not None:
        why = f"应不大于 {spec.le}"
        problems.append((value > int(spec.le * scale), message(spec.path, raw, why)))
    if spec.non_negative:
        problems.append((value < 0, message(spec.path, raw, "不能为负数")))
    return problems


def _unreadable(spec: FieldSpec, why: str) -> Check:
    def check(value: pl.Expr, raw: pl.Expr) -> list[Problem]:
        return [(raw.is_not_null() & value.is_null(), message(spec.path, raw, why))]

    return check


def _number_check(spec: FieldSpec, scale: int, why: str) -> Check:
    def check(value: pl.Expr, raw: pl.Expr) -> list[Problem]:
        text = (
            pl.when(raw.str.contains(_NUMBER))
            .then(message(spec.path, raw, "数值过大"))
            .otherwise(message(spec.path, raw, why))
        )
        # a decimal's value is Decimal(38, 6): its physical integer is the millionths micro_units gives
        scaled = value if spec.kind != "decimal" else value.to_physical()
        return [(raw.is_not_null() & value.is_null(), text), *_range_problems(spec, scaled, raw, scale)]

    return check


def parse_money(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    return micro_units(raw), _number_check(spec, FEN_PER_WAN, "应填数值（单位万元）")


def parse_decimal(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    micro = micro_units(raw)
    sign = pl.when(micro < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    magnitude = micro.abs()
    text = pl.concat_str(
        [sign, (magnitude // FEN_PER_WAN).cast(pl.String), pl.lit("."),
         (magnitude % FEN_PER_WAN).cast(pl.String).str.zfill(6)]
    )
    return text.cast(POLARS_TYPES["decimal"], strict=False), _number_check(spec, FEN_PER_WAN, "应填数值")


def parse_int(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    shaped = raw.str.contains(_INTEGER)
    value = pl.when(shaped).then(raw.str.extract(r"^([+-]?\d+)", 1).cast(pl.Int64, strict=False))
    return value, _number_check(spec, 1, "应填整数")


def parse_bool(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    value = raw.str.to_lowercase().replace_strict(_BOOLS, default=None, return_dtype=pl.Boolean)
    return value, _unreadable(spec, "应填“是”或“否”（也可填 true/false、1/0）")


def parse_date(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    day = pl.when(raw.str.len_bytes() == 10).then(raw).otherwise(raw.str.extract(_DATE, 1))
    value = day.str.to_date("%Y-%m-%d", strict=False)
    value = pl.when(day.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(value)
    return value, _unreadable(spec, "应填 YYYY-MM-DD 格式的日期")


def parse_str(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    if not spec.choices:
        return raw, None
    words = CHOICE_LABELS.get(spec.path, {})
    table = {**{c: c for c in spec.choices}, **{words[c]: c for c in spec.choices if c in words}}
    value = raw.replace_strict(table, default=None, return_dtype=pl.String)
    listed = "、".join(words.get(c, c) for c in spec.choices)
    return value, _unreadable(spec, f"应为以下之一：{listed}")


PARSERS: dict[str, Callable[[FieldSpec, pl.Expr], Parsed]] = {
    "money": parse_money,
    "decimal": parse_decimal,
    "int": parse_int,
    "bool": parse_bool,
    "date": parse_date,
    "str": parse_str,
}


def parse(spec: FieldSpec, raw: pl.Expr) -> Parsed:
    """Typed value and check for one column of raw (stripped, blank → null) text."""
    return PARSERS[spec.kind](spec, raw)


# Fast paths: the typed value straight from the cell's text, without stripping. Each accepts only text
# its slow parser above reads to the same value (no padding, …) and gives null for anything else; a
# column where it leaves a non-null cell null goes the slow way.
_DAY = r"^\d{4}-\d{2}-\d{2}$"
#: numbers are read to one decimal more than 分 (millionths of 万元): see :func:`finish_fast`
_TENTHS = pl.Decimal(18, 7)
_BOOL_FORMS = {form: value for word, value in _BOOLS.items() for form in {word, word.upper(), word.capitalize()}}

#: the usual spellings, tested by plain comparisons (several times cheaper than a lookup)
_COMMON_BOOLS = ((YES, "true", "1"), (NO, "false", "0"))


def common_bool(text: pl.Expr) -> pl.Expr:
    """Booleans written 是/否, true/false or 1/0 (else null): a first, cheaper try of :func:`fast_value`."""
    yes, no = (pl.any_horizontal([text == word for word in words]) for words in _COMMON_BOOLS)
    return pl.when(yes).then(True).when(no).then(False).otherwise(None)


def fast_value(spec: FieldSpec, text: pl.Expr) -> pl.Expr | None:
    """The typed value of an unstripped cell where it is plainly written (else null; money and
    decimals still need :func:`finish_fast`); None when the kind has no fast path (free text must be
    stripped anyway)."""
    if spec.kind in ("money", "decimal"):
        return text.cast(_TENTHS, strict=False)
    if spec.kind == "int":
        return text.cast(pl.Int64, strict=False)
    if spec.kind == "bool":
        return text.replace_strict(_BOOL_FORMS, default=None, return_dtype=pl.Boolean)
    if spec.kind == "date":
        return pl.when(text.str.contains(_DAY)).then(text.str.to_date("%Y-%m-%d", strict=False))
    if spec.kind == "str" and spec.choices:
        return parse_str(spec, text)[0]
    return None


def finish_fast(spec: FieldSpec, value: pl.Series) -> pl.Series | None:
    """The column's typed values from :func:`fast_value`, or None when the slow path must read it.

    Polars reads a number to 7 decimals, exactly when the text has at most 7 and to the nearest
    (half-even) past that, exponents included. Where every 7th decimal so read is 0, each value is
    its text rounded half-up to 6 decimals, which is what the slow path gives (the text lies within
    half a 10⁻⁷ of it, so its own 7th decimal is 0 or it rounds up to it): money is then the integer
    分 and a decimal its Decimal(38, 6). A 7th decimal that is not 0 needs the slow path's rounding
    (``1234.5678905`` → 1234.567891; Polars would give …890 at 6 decimals)."""
    if spec.kind not in ("money", "decimal"):
        return value
    # 18 digits always fit in Int64: nothing wraps (and this cast skips the costly overflow check)
    tenths = value.to_physical().cast(pl.Int64, wrap_numerical=True)
    fen = tenths // 10
    if not (fen * 10 == tenths).all():
        return None
    return fen if spec.kind == "money" else value.cast(POLARS_TYPES["decimal"])

"""The rule language: a small expression tree, lowered once per date and reading to core expressions
(:mod:`huiqi.rules.lower`) that each backend compiles: Polars for tables, generated Python for one
profile, SQL for DuckDB and Spark.

One definition serves one profile, a million rows and the documentation (:meth:`Expr.describe`).
Truth is three-valued with Kleene logic, exactly as Polars' nullable booleans and SQL's NULL behave:
``and`` is false as soon as one side is false, ``or`` true as soon as one side is true, unknown
(null) otherwise. A missing input is null, never false or zero.

Money is exact: columns hold integer 分 (1 万元 = 1,000,000 分), constants are Decimal 万元 turned
into 分 when lowered, ratios are compared by cross-multiplication in 128-bit integers.

Year-relative inputs are written with a ``{y-1}`` token (``enterprise.financials.{y-1}.revenue``
is 上年营业收入), resolved from ``as_of`` when the rule is compiled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["money", "int", "bool", "str", "date", "ratio", "any"]
CmpOp = Literal[">=", ">", "<=", "<", "==", "!="]

_YEAR_TOKEN = re.compile(r"\{y([+-]\d+)?\}")
OP_WORDS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}


def resolve_path(path: str, as_of: dt.date) -> str:
    """``enterprise.financials.{y-1}.revenue`` → ``enterprise.financials.2020.revenue`` (as_of 2021)."""

    def repl(match: re.Match[str]) -> str:
        return str(as_of.year + int(match.group(1) or 0))

    return _YEAR_TOKEN.sub(repl, path)


class Expr:
    """Base of every node. Operators build comparisons and Kleene logic."""

    kind: Kind = "any"

    def children(self) -> tuple[Expr, ...]:
        return ()

    def walk(self) -> Iterator[Expr]:
        yield self
        for child in self.children():
            yield from child.walk()

    def fields(self) -> list[str]:
        """Input paths read (unresolved, with year tokens), in order of first use."""
        seen: dict[str, None] = {}
        for node in self.walk():
            if isinstance(node, Field):
                seen.setdefault(node.path)
        return list(seen)

    def params(self) -> list[str]:
        seen: dict[str, None] = {}
        for node in self.walk():
            if isinstance(node, Param):
                seen.setdefault(node.id)
        return list(seen)

    def describe(self) -> str:
        raise NotImplementedError

    # comparisons ------------------------------------------------------------------------------
    def _cmp(self, op: CmpOp, other: Any) -> Cmp:
        return Cmp(op, self, lift(other))

    def __ge__(self, other: Any) -> Cmp:
        return self._cmp(">=", other)

    def __gt__(self, other: Any) -> Cmp:
        return self._cmp(">", other)

    def __le__(self, other: Any) -> Cmp:
        return self._cmp("<=", other)

    def __lt__(self, other: Any) -> Cmp:
        return self._cmp("<", other)

    def eq(self, other: Any) -> Cmp:
        return self._cmp("==", other)

    def ne(self, other: Any) -> Cmp:
        return self._cmp("!=", other)

    def is_in(self, values: Any) -> InSet:
        return InSet(self, lift(values))

    # arithmetic and logic -----------------------------------------------------------------------
    def __add__(self, other: Any) -> Arith:
        return Arith("+", self, lift(other))

    def __sub__(self, other: Any) -> Arith:
        return Arith("-", self, lift(other))

    def __mul__(self, other: Any) -> Arith:
        return Arith("*", self, lift(other))

    def __truediv__(self, other: Any) -> Ratio:
        return Ratio(self, lift(other))

    def __and__(self, other: Expr) -> All:
        return All((self, other))

    def __or__(self, other: Expr) -> AnyOf:
        return AnyOf((self, other))

    def __invert__(self) -> Not:
        return Not(self)

    def known(self) -> Known:
        return Known(self)


def lift(value: Any) -> Expr:
    if isinstance(value, Expr):
        return value
    return Const(value)


@dataclass(frozen=True, eq=False)
class Field(Expr):
    """An input column: a §5 dotted path, possibly with a ``{y-1}`` year token."""

    path: str
    kind: Kind = "any"

    def describe(self) -> str:
        return self.path


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: Any

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        if isinstance(self.value, bool):
            return "bool"
        if isinstance(self.value, dt.date):
            return "date"
        if isinstance(self.value, str):
            return "str"
        if isinstance(self.value, int):
            return "int"
        return "any"

    def describe(self) -> str:
        return str(self.value)


@dataclass(frozen=True, eq=False)
class Money(Expr):
    """A money constant in 万元."""

    wan: Decimal
    kind: Kind = "money"

    def describe(self) -> str:
        return f"{self.wan} 万元"


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A parameter's value in force on ``as_of`` (see :mod:`huiqi.rules.params`)."""

    id: str

    def describe(self) -> str:
        return f"〔{self.id}〕"


@dataclass(frozen=True, eq=False)
class AsOf(Expr):
    """The assessment date, shifted by whole years (``AsOf(-3)``: three years before)."""

    years: int = 0
    kind: Kind = "date"

    def describe(self) -> str:
        return "as_of" if not self.years else f"as_of {self.years:+d} 年"


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    op: CmpOp
    left: Expr
    right: Expr
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def describe(self) -> str:
        return f"{self.left.describe()} {OP_WORDS[self.op]} {self.right.describe()}"


@dataclass(frozen=True, eq=False)
class Ratio(Expr):
    """``num / den``; compared by cross-multiplication, never by division (den must be > 0)."""

    num: Expr
    den: Expr
    kind: Kind = "ratio"

    def children(self) -> tuple[Expr, ...]:
        return (self.num, self.den)

    def describe(self) -> str:
        return f"{self.num.describe()} ÷ {self.den.describe()}"


@dataclass(frozen=True, eq=False)
class Arith(Expr):
    op: Literal["+", "-", "*"]
    left: Expr
    right: Expr

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        left = self.left.kind
        return "money" if "money" in (left, self.right.kind) else left

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def describe(self) -> str:
        sign = {"*": "×"}.get(self.op, self.op)
        return f"({self.left.describe()} {sign} {self.right.describe()})"


@dataclass(frozen=True, eq=False)
class InSet(Expr):
    value: Expr
    members: Expr
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return (self.value, self.members)

    def describe(self) -> str:
        return f"{self.value.describe()} ∈ {self.members.describe()}"


@dataclass(frozen=True, eq=False)
class All(Expr):
    parts: tuple[Expr, ...]
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return self.parts

    def describe(self) -> str:
        return " 且 ".join(f"({p.describe()})" for p in self.parts)


@dataclass(frozen=True, eq=False)
class AnyOf(Expr):
    parts: tuple[Expr, ...]
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return self.parts

    def describe(self) -> str:
        return " 或 ".join(f"({p.describe()})" for p in self.parts)


@dataclass(frozen=True, eq=False)
class AtLeast(Expr):
    """At least ``n`` of ``parts`` are true (three-valued: unknown while undecided)."""

    n: int
    parts: tuple[Expr, ...]
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return self.parts

    def describe(self) -> str:
        return f"以下 {len(self.parts)} 项至少 {self.n} 项: " + "; ".join(p.describe() for p in self.parts)


@dataclass(frozen=True, eq=False)
class Not(Expr):
    part: Expr
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return (self.part,)

    def describe(self) -> str:
        return f"非({self.part.describe()})"


@dataclass(frozen=True, eq=False)
class Known(Expr):
    """True where the value is present, false where missing (never unknown)."""

    part: Expr
    kind: Kind = "bool"

    def children(self) -> tuple[Expr, ...]:
        return (self.part,)

    def describe(self) -> str:
        return f"已填写 {self.part.describe()}"


@dataclass(frozen=True, eq=False)
class When(Expr):
    """``if cond then a else b``. Where ``cond`` is unknown both branches are evaluated and the
    result is their common value where they agree, unknown where they differ: a project of 300 万元
    whose region is unknown is below the floor of every region (400 and 700 万元), so the criterion
    fails whatever the region. A comparison with a ``When`` on one side is compared branch by branch
    (:func:`push_when`), so the agreement is on truth values, not on the two floors.

    ``basis`` names what the condition selects (``地区``), for the explanation of a criterion that
    branches decided alike."""

    cond: Expr
    then: Expr
    otherwise: Expr
    basis: str = ""

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        then = self.then.kind  # once: a ladder of nested branches would double it at every level
        return then if then != "any" else self.otherwise.kind

    def children(self) -> tuple[Expr, ...]:
        return (self.cond, self.then, self.otherwise)

    def describe(self) -> str:
        return f"若 {self.cond.describe()} 则 {self.then.describe()} 否则 {self.otherwise.describe()}"


def push_when(op: CmpOp, left: Expr, right: Expr) -> When | None:
    """``x op when(c, a, b)`` as ``when(c, x op a, x op b)`` (and the mirror), or None when neither
    side is a ``When``. Both sides must already be resolved from any :class:`Choice`; every backend
    compiles a comparison through this, so they agree where the branches agree."""
    if isinstance(right, When):
        return When(right.cond, Cmp(op, left, right.then), Cmp(op, left, right.otherwise), right.basis)
    if isinstance(left, When):
        return When(left.cond, Cmp(op, left.then, right), Cmp(op, left.otherwise, right), left.basis)
    return None


@dataclass(frozen=True, eq=False)
class Choice(Expr):
    """The expression a named assumption selects (see :class:`huiqi.rules.program.Assumption`)."""

    assumption: str
    options: tuple[tuple[str, Expr], ...]

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        return self.options[0][1].kind

    def children(self) -> tuple[Expr, ...]:
        return tuple(expr for _, expr in self.options)

    def option(self, name: str) -> Expr:
        for key, expr in self.options:
            if key == name:
                return expr
        raise KeyError(f"assumption {self.assumption} has no option {name}")

    def describe(self) -> str:
        return f"［假设 {self.assumption}］"


def money(path: str) -> Field:
    return Field(path, "money")


def flag(path: str) -> Field:
    return Field(path, "bool")


def count(path: str) -> Field:
    return Field(path, "int")


def text(path: str) -> Field:
    return Field(path, "str")


def date(path: str) -> Field:
    return Field(path, "date")


def all_of(*parts: Expr) -> All:
    return All(tuple(parts))


def any_of(*parts: Expr) -> AnyOf:
    return AnyOf(tuple(parts))


def choice(assumption: str, **options: Expr) -> Choice:
    return Choice(assumption, tuple((k.replace("_", "-"), v) for k, v in options.items()))


@dataclass(frozen=True, eq=False)
class Coalesce(Expr):
    """The first known value of ``parts`` (e.g. the project's site city, else the enterprise's)."""

    parts: tuple[Expr, ...]

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        return self.parts[0].kind

    def children(self) -> tuple[Expr, ...]:
        return self.parts

    def describe(self) -> str:
        return " 或（缺失时）".join(p.describe() for p in self.parts)


@dataclass(frozen=True, eq=False)
class Slice(Expr):
    """Characters ``start`` to ``start + length`` of a text value (GB/T 4754 门类 = ``Slice(code, 0, 1)``)."""

    part: Expr
    start: int
    length: int
    kind: Kind = "str"

    def children(self) -> tuple[Expr, ...]:
        return (self.part,)

    def describe(self) -> str:
        return f"{self.part.describe()}[{self.start}:{self.start + self.length}]"


def coalesce(*parts: Expr) -> Coalesce:
    return Coalesce(tuple(parts))


@dataclass(frozen=True, eq=False)
class Lookup(Expr):
    """The value a mapping parameter gives for ``key`` (unknown where the key is missing or not
    listed). Example: a GB/T 4754 division → its 中小企业划型 industry."""

    key: Expr
    table: str  # a parameter id whose value is a mapping
    kind: Kind = "str"

    def children(self) -> tuple[Expr, ...]:
        return (self.key,)

    def describe(self) -> str:
        return f"〔{self.table}〕[{self.key.describe()}]"


def lookup(key: Expr, table: str) -> Lookup:
    return Lookup(key, table)


@dataclass(frozen=True, eq=False)
class ShiftYears(Expr):
    """A date ``years`` calendar years later (earlier if negative): the corresponding day, 28 February
    where there is no 29th (民法典 第二百零二条). ``years`` is a whole number or an int parameter."""

    part: Expr
    years: Expr
    kind: Kind = "date"

    def children(self) -> tuple[Expr, ...]:
        return (self.part, self.years)

    def describe(self) -> str:
        return f"{self.part.describe()} + {self.years.describe()} 年"


def years_after(start: Expr, years: Any) -> ShiftYears:
    return ShiftYears(start, lift(years))


def number(path: str) -> Field:
    """A decimal input that is not money (a score, a number of years)."""
    return Field(path, "any")

"""The core expressions a lowered program is made of (:mod:`huiqi.rules.lower`), which every backend
compiles: no assumptions, parameters, year tokens or units are left, only columns, literals and a
few operators with one meaning each.

Truth is three-valued (Kleene) everywhere except in :class:`Case`, whose arms are taken only where
their condition is TRUE (an unknown condition falls through, as SQL's ``CASE WHEN`` and Polars'
``when`` do). Arithmetic propagates unknowns; :class:`IDiv` is floor division of non-negative values;
:class:`Widen` marks a value that a product may take past 64 bits (128-bit integers in Polars and
SQL, nothing in Python).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

CmpOp = Literal[">=", ">", "<=", "<", "==", "!="]
#: a literal's column type where it matters: 64-bit, 128-bit, Decimal(38,6), boolean; None: natural
LitType = Literal["i64", "wide", "dec", "bool"] | None


class Node:
    """Base of the core expressions."""

    def children(self) -> tuple[Node, ...]:
        return ()

    def walk(self) -> Iterator[Node]:
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children())


@dataclass(frozen=True, eq=False)
class Col(Node):
    """An input column (a §5 path) or an earlier output column of the program (``p::status``)."""

    name: str


@dataclass(frozen=True, eq=False)
class Lit(Node):
    value: Any
    type: LitType = None


NULL = Lit(None)


@dataclass(frozen=True, eq=False)
class Cmp(Node):
    op: CmpOp
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, eq=False)
class Arith(Node):
    op: Literal["+", "-", "*"]
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, eq=False)
class IDiv(Node):
    """Floor division by a positive value; ``signed`` where the dividend may be negative (a ratio
    of a decline), which SQL's truncating division must correct."""

    left: Node
    right: Node
    signed: bool = False

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, eq=False)
class Widen(Node):
    part: Node

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class And(Node):
    parts: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.parts


@dataclass(frozen=True, eq=False)
class Or(Node):
    parts: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.parts


@dataclass(frozen=True, eq=False)
class Not(Node):
    part: Node

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class IsNotNull(Node):
    part: Node

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class IsNull(Node):
    part: Node

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class AtLeast(Node):
    """At least ``n`` parts true; false once fewer than ``n`` can be; unknown in between."""

    n: int
    parts: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.parts


@dataclass(frozen=True, eq=False)
class If(Node):
    """Three-valued if: an unknown condition gives unknown, or with ``agree`` (truth values) the
    branches' common value, unknown where they differ."""

    cond: Node
    then: Node
    other: Node
    agree: bool = False

    def children(self) -> tuple[Node, ...]:
        return (self.cond, self.then, self.other)


@dataclass(frozen=True, eq=False)
class Case(Node):
    """The value of the first arm whose condition is TRUE, else ``default`` (two-valued)."""

    arms: tuple[tuple[Node, Node], ...]
    default: Node = NULL

    def children(self) -> tuple[Node, ...]:
        return (*(n for arm in self.arms for n in arm), self.default)


@dataclass(frozen=True, eq=False)
class Coalesce(Node):
    parts: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.parts


@dataclass(frozen=True, eq=False)
class InSet(Node):
    part: Node
    values: tuple[Any, ...]

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class Slice(Node):
    """Characters ``start`` to ``start + length`` of a text."""

    part: Node
    start: int
    length: int

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class Lookup(Node):
    """The text ``mapping`` gives for ``key`` (unknown where the key is missing or not listed)."""

    key: Node
    mapping: tuple[tuple[Any, Any], ...]

    def children(self) -> tuple[Node, ...]:
        return (self.key,)


@dataclass(frozen=True, eq=False)
class ShiftYears(Node):
    """A date ``years`` calendar years later; 29 February becomes 28 February."""

    part: Node
    years: int

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True, eq=False)
class JoinIds(Node):
    """The ids whose condition is TRUE, ``;``-joined in order ('' when none)."""

    items: tuple[tuple[str, Node], ...]

    def children(self) -> tuple[Node, ...]:
        return tuple(node for _, node in self.items)


@dataclass(frozen=True, eq=False)
class Hundredths(Node):
    """An integer count of 0.01 万元 as an exact decimal of 万元 (two decimals), never through a float."""

    part: Node

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


def reads(node: Node) -> list[str]:
    """The column names ``node`` reads, in order of first use."""
    seen: dict[str, None] = {}
    for n in node.walk():
        if isinstance(n, Col):
            seen.setdefault(n.name)
    return list(seen)


def stages(columns: dict[str, Node]) -> list[list[str]]:
    """``columns``' names by stage: a column reading an earlier output comes a stage after it."""
    level: dict[str, int] = {}
    for name, node in columns.items():
        level[name] = 1 + max((level[c] for c in reads(node) if c in level), default=-1)
    out: list[list[str]] = [[] for _ in range(1 + max(level.values(), default=-1))]
    for name, lv in level.items():
        out[lv].append(name)
    return out

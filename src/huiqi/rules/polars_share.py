"""Shared subexpressions for big frames: a subtree that several columns repeat (the industry code's
sector, a score summed from ratio tests, a criterion read by the status, the failed ids and the
reward) is computed once, in a hidden column, instead of once per use. Polars' own elimination of
common subexpressions misses lookups and most nested ones.

The repeats are found on the lowered rules (:mod:`huiqi.rules.core`), before anything is compiled:
equal subtrees (the same operators over the same columns and literals) get one number by hash-consing,
and each is counted as often as :func:`huiqi.rules.to_polars.compile_core` would compile it. Each
hidden column is computed over the same rows as the expressions reading it, so the values are the
same; :func:`huiqi.rules.to_polars.evaluate` drops the hidden columns again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from huiqi.rules import core as C

SHARED_MIN_ROWS = 10_000
SHARED_PREFIX = "__shared::"
#: nodes a subtree needs (counted as compiled) to be worth a column of its own when repeated
SHARED_MIN_NODES = 4


@dataclass
class Sharing:
    """The subtrees to compute once: ``hidden`` (column name → a node of that shape) and, for every
    node object of such a shape met in the rules, its column (:meth:`column`)."""

    hidden: dict[str, C.Node] = field(default_factory=dict)
    by_object: dict[int, tuple[C.Node, str]] = field(default_factory=dict)

    def column(self, node: C.Node, defining: C.Node | None = None) -> str | None:
        """The hidden column computing ``node`` (None: compile it), except for the node being defined."""
        hit = self.by_object.get(id(node))
        return hit[1] if hit is not None and hit[0] is node and node is not defining else None


def flattened(node: C.Case) -> C.Case:
    """Nested choices as one case, as they are compiled."""
    while isinstance(node.default, C.Case):
        node = C.Case((*node.arms, *node.default.arms), node.default.default)
    return node


def compiled_parts(node: C.Node) -> tuple[C.Node, ...]:
    """``node``'s children as often as the Polars compiler builds each (an at-least reads its parts
    twice, an if its condition twice, a failed-ids table its blank conditions once per group)."""
    from huiqi.rules.to_polars import join_groups

    match node:
        case C.Case():
            case = flattened(node)
            conds = tuple(cond for cond, _ in case.arms)
            if isinstance(case.default, C.JoinIds) and all(is_blank(v) for _, v in case.arms):
                return conds * join_groups(len(case.default.items)) + case.default.children()
            if case.arms and all(is_text(v) for v in (*(v for _, v in case.arms), case.default)):
                return conds
            return case.children()
        case C.AtLeast():
            return node.parts * 2
        case C.If() if isinstance(node.other, C.Lit) and node.other.value is None and not node.agree:
            return (node.cond, node.then)
        case C.If():  # is the condition unknown, is it true; with ``agree``, do the branches agree
            both = (node.then, node.other) * (2 if node.agree else 1)
            return (node.cond, node.cond, *both, *((node.then,) if node.agree else ()))
    return node.children()


def is_blank(node: C.Node) -> bool:
    """An empty text literal (a failed-ids case's arms, where no id is listed)."""
    return isinstance(node, C.Lit) and node.value == ""


def is_text(node: C.Node) -> bool:
    """A text literal (a status case's arms, compiled as an index into a table of texts)."""
    return isinstance(node, C.Lit) and isinstance(node.value, str)


class _Cons:
    """Hash-consing: equal subtrees get one number; their size and whether they read a column."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[Any, ...], int] = {}
        self.of: dict[int, int] = {}  # id(node) → its number
        self.objects: dict[int, C.Node] = {}  # id(node) → node: kept alive while ids are in use
        self.parts: dict[int, tuple[C.Node, ...]] = {}  # id(node) → its children as compiled
        self.size: list[int] = []
        self.reads: list[bool] = []

    def number(self, node: C.Node) -> int:
        known = self.of.get(id(node))
        if known is not None:
            return known
        parts = compiled_parts(node)
        numbers = tuple([self.number(part) for part in parts])
        shown = flattened(node) if isinstance(node, C.Case) else node
        key = (type(node).__name__, _shape(shown), numbers)
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = len(self.size)
            self.size.append(1 + sum([self.size[n] for n in numbers]))
            self.reads.append(isinstance(node, C.Col) or any([self.reads[n] for n in numbers]))
        self.of[id(node)] = number
        self.objects[id(node)] = node
        self.parts[id(node)] = parts
        return number


def _shape(node: C.Node) -> tuple[Any, ...]:
    """The node's own fields with every child node replaced by a marker (children are numbered apart)."""
    return tuple(_without_nodes(getattr(node, f.name)) for f in fields(node))  # type: ignore[arg-type]


def _without_nodes(value: Any) -> Any:
    if isinstance(value, C.Node):
        return None
    if isinstance(value, tuple):
        return tuple([_without_nodes(v) for v in value])
    return (type(value).__name__, repr(value))


def share(columns: dict[str, C.Node]) -> Sharing:
    """The subtrees that ``columns`` compute more than once, each to be computed once in a hidden column.

    A subtree repeated only inside another shared one is computed once, in that one's column, so it
    gets none of its own."""
    cons = _Cons()
    for node in columns.values():
        cons.number(node)
    uses: dict[int, int] = {}
    for node in columns.values():
        _count(node, cons, uses)
    candidates = {n for n, count in uses.items() if count >= 2 and _worth(cons, n)}
    effective: dict[int, int] = {}
    met: set[int] = set()
    for node in columns.values():
        _effective(node, cons, candidates, effective, met)
    chosen = {n for n in candidates if effective.get(n, 0) >= 2}
    sharing = Sharing()
    names: dict[int, str] = {}
    for ident, number in cons.of.items():
        if number in chosen:
            node = cons.objects[ident]
            if number not in names:
                names[number] = f"{SHARED_PREFIX}{len(names)}"
                sharing.hidden[names[number]] = node
            sharing.by_object[ident] = (node, names[number])
    return sharing


def _worth(cons: _Cons, number: int) -> bool:
    return cons.size[number] >= SHARED_MIN_NODES and cons.reads[number]


def _count(node: C.Node, cons: _Cons, uses: dict[int, int]) -> None:
    """Every occurrence of every subtree, as often as it is compiled."""
    stack = [node]
    while stack:
        current = stack.pop()
        number = cons.of[id(current)]
        uses[number] = uses.get(number, 0) + 1
        stack.extend(cons.parts[id(current)])


def _effective(node: C.Node, cons: _Cons, candidates: set[int], effective: dict[int, int], met: set[int]) -> None:
    """Occurrences once each shared subtree is computed once: below a candidate, only its first
    occurrence is looked into."""
    stack = [node]
    while stack:
        current = stack.pop()
        number = cons.of[id(current)]
        if number in candidates:
            effective[number] = effective.get(number, 0) + 1
            if number in met:
                continue
            met.add(number)
        stack.extend(cons.parts[id(current)])

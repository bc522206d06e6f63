"""Shared subexpressions for big frames: a subtree that several Polars expressions repeat (the industry
code's sector, a score summed from ratio tests) is computed once, in a hidden column, instead of once
per use. Polars' own elimination of common subexpressions misses lookups and most nested ones. Each is
computed over the same rows, so the values are the same; :func:`huiqi.rules.to_polars.evaluate` drops
the hidden columns again.
"""

from __future__ import annotations

import io
import json

import polars as pl

SHARED_MIN_ROWS = 10_000
SHARED_PREFIX = "__shared::"
#: subtrees worth a column when repeated: computations (not a bare column or literal) of some size
_SHAREABLE = frozenset({"Function", "BinaryExpr", "Ternary", "Cast"})
SHARED_MIN_TEXT = 200  # characters of a whole expression's plan
SHARED_MIN_NODES = 8  # nodes of a subtree


def share(exprs: list[pl.Expr]) -> tuple[list[list[pl.Expr]], list[pl.Expr]]:
    """Subtrees repeated in ``exprs`` as hidden columns by nesting level, and ``exprs`` reading them."""
    try:
        series = _Series()
        plans = [series.hide(e.meta.serialize(format="json")) for e in exprs]
        trees = {i: json.loads(p) for i, p in enumerate(plans) if len(p) >= SHARED_MIN_TEXT}
        cons = _Cons()
        for tree in trees.values():
            cons.intern(tree)
        rewritten = {i: cons.replace(tree)[0] for i, tree in trees.items()}
        if not cons.shared:
            return [], exprs
        levels: list[list[pl.Expr]] = [[] for _ in range(max(level for _, level, _ in cons.shared.values()))]
        for name, level, tree in cons.shared.values():
            levels[level - 1].append(series.expr(tree).alias(name))
        out = list(exprs)
        for i, tree in rewritten.items():
            out[i] = series.expr(tree)
        return levels, out
    except Exception:
        return [], exprs


class _Series:
    """Literal Series (the failed ids' tables of texts: megabytes of IPC bytes as JSON numbers) kept
    out of the plans while they are parsed and compared: each stands there as a short token naming its
    bytes (equal tables, equal tokens), put back as the expressions are rebuilt."""

    START = '{"Literal":{"Series":['

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}  # the bytes' text → its token
        self.texts: dict[str, str] = {}  # token → the bytes' text

    def hide(self, plan: str) -> str:
        if "huiqi-series-" in plan:
            raise ValueError("a plan already holds a token")  # (then nothing is shared)
        parts, at = [], 0
        while (start := plan.find(self.START, at)) >= 0:
            start += len(self.START) - 1
            end = plan.index("]", start) + 1  # a flat list of numbers
            token = self.tokens.setdefault(plan[start:end], f"huiqi-series-{len(self.tokens)}")
            self.texts[token] = plan[start:end]
            parts += [plan[at:start], json.dumps(token)]
            at = end
        return "".join([*parts, plan[at:]]) if parts else plan

    def expr(self, tree: object) -> pl.Expr:
        text = json.dumps(tree)
        for token, value in self.texts.items():
            text = text.replace(json.dumps(token), value)
        return pl.Expr.deserialize(io.StringIO(text), format="json")


class _Cons:
    """Hash-consing of plan trees: equal subtrees get one number; counts of the shareable ones."""

    def __init__(self) -> None:
        self.ids: dict[object, int] = {}
        self.of: dict[int, int] = {}  # id(node) → subtree number
        self.size: dict[int, int] = {}
        self.counts: dict[int, int] = {}
        self.shared: dict[int, tuple[str, int, object]] = {}  # number → (column, level, rewritten tree)

    def intern(self, node: object) -> int:
        if isinstance(node, dict):
            if "Literal" in node:
                key: object = ("L", repr(node))
                size = 1
            else:
                parts = tuple([(k, self.intern(v)) for k, v in node.items()])
                key, size = ("D", parts), 1 + sum([self.size[n] for _, n in parts])
        elif isinstance(node, list):
            items = tuple([self.intern(v) for v in node])
            key, size = ("A", items), 1 + sum([self.size[n] for n in items])
        else:
            key, size = ("V", node), 1
        number = self.ids.setdefault(key, len(self.ids))
        self.size[number] = size
        if isinstance(node, dict):
            self.of[id(node)] = number
            if size >= SHARED_MIN_NODES and not _SHAREABLE.isdisjoint(node):
                self.counts[number] = self.counts.get(number, 0) + 1
        return number

    def replace(self, node: object) -> tuple[object, int]:
        """``node`` with every subtree seen twice or more read from its hidden column (inner ones
        too), and the deepest level of hidden column it reads (0: none)."""
        number = self.of.get(id(node)) if isinstance(node, dict) else None
        if number is not None and number in self.shared:
            name, level, _ = self.shared[number]
            return {"Column": name}, level
        if isinstance(node, dict):
            if "Literal" in node:
                return node, 0
            pairs = {key: self.replace(value) for key, value in node.items()}
            out: object = {key: value for key, (value, _) in pairs.items()}
            level = max((lv for _, lv in pairs.values()), default=0)
        elif isinstance(node, list):
            items = [self.replace(value) for value in node]
            out, level = [value for value, _ in items], max((lv for _, lv in items), default=0)
        else:
            return node, 0
        if number is None or self.counts.get(number, 0) < 2 or not _reads_column(out):
            return out, level
        self.shared[number] = (f"{SHARED_PREFIX}{len(self.shared)}", level + 1, out)
        return {"Column": self.shared[number][0]}, level + 1


def json_key(node: object) -> str:
    return json.dumps(node, separators=(",", ":"))


def _reads_column(node: object) -> bool:
    return '"Column"' in json_key(node)

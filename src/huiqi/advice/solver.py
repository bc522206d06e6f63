"""Solve a program's expression tree for the smallest changes that make it pass.

:class:`Solver` walks the very expressions the engine evaluates (:mod:`huiqi.rules.expr`) on one row
of §5 cells and returns :class:`Plan` s — assignments of new values to fields — ranked by cost. Per node:

* ``All`` repairs its parts one after another (a beam of the cheapest partial plans), ``AnyOf`` takes
  the cheapest part, ``AtLeast n`` adds the cheapest parts until n hold, ``Not`` asks its part for
  the opposite, ``When`` follows the branch the row takes (or flips a changeable condition);
* a comparison or a set membership changes one field it reads: booleans flip, enumerations move up
  their order, numbers move to the boundary. The boundary is found by a galloping binary search on
  the output grid (0.01 万元 for money, 1 for counts) with the engine's own lowering and generated code
  (:func:`huiqi.rules.to_source.node_function`), so a ratio is
  compared by the same cross-multiplication, 以上 includes the figure, and the value found is the
  smallest on the grid that passes. In a ratio only the numerator moves when it can;
* a date compared with ``AsOf`` that no change can fix gives a plan that waits: ``not_before`` is
  the first assessment date on which it holds.

Two modes. *Repair* (``fill=False``) changes only allow-listed fields with known values and is content
once nothing is false (unknowns stay unknown: the caller lists them as missing). *Fill*
(``fill=True``) assigns values only to unknown fields, any field, until everything is true: a witness
that the missing facts can decide the program, and which fields (the fewest) decide it.

Plans are heuristics; the caller verifies each one with the real engine before returning it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from huiqi.advice.fields import MONEY_GRID, Changeable, changeable
from huiqi.profile.columns import YEAR_SEGMENT, kind_of_column
from huiqi.rules import expr as E
from huiqi.rules.context import Context, select, shift_years
from huiqi.rules.program import Criterion
from huiqi.rules.to_source import node_function
from huiqi.rules.units import FEN_PER_WAN

BEAM = 6
NEGATE: dict[str, E.CmpOp] = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
MAXIMUM: dict[str, Any] = {
    "money": 10**12 * FEN_PER_WAN - 1,
    "int": 10_000_000,
    "decimal": Decimal(100),
}
#: a neutral value for an unknown input that a comparison needs beside the one being solved
NEUTRAL: dict[str, Any] = {"money": 100 * FEN_PER_WAN, "int": 10, "decimal": Decimal(1), "bool": True}


@dataclass(frozen=True)
class Plan:
    """New cells for some fields (``cells``: changes; ``fills``: values for unknown fields), the
    criterion each assignment repairs, and the first date the plan can hold (``not_before``)."""

    cells: dict[str, Any] = field(default_factory=dict)
    fills: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, Criterion] = field(default_factory=dict)
    not_before: dt.date | None = None

    def key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.cells.items())), tuple(sorted(self.fills.items())), self.not_before)

    def assign(self, path: str, cell: Any, owner: Criterion | None, fill: bool) -> Plan:
        target = "fills" if fill else "cells"
        values = {**getattr(self, target), path: cell}
        owners = {**self.owners, path: owner} if owner is not None else self.owners
        return replace(self, **{target: values}, owners=owners)  # type: ignore[arg-type]


def relative_size(path: str, before: Any, after: Any) -> float:
    """How big a change is, 0..1: numbers by |Δ| over the larger magnitude, anything else 1."""
    if isinstance(after, bool) or not isinstance(after, int | Decimal) or before is None:
        return 1.0
    top = max(abs(before), abs(after), 1)
    return float(abs(Decimal(after) - Decimal(before)) / Decimal(top))


class Solver:
    """Plans for one compiled program on one row (see the module docstring)."""

    def __init__(
        self,
        ctx: Context,
        row: dict[str, Any],
        allow: tuple[Changeable, ...],
        owners: dict[int, Criterion],
        fill: bool = False,
    ) -> None:
        self.ctx, self.base, self.allow, self.node_owner, self.fill = ctx, row, allow, owners, fill
        self._fns: dict[tuple[int, dt.date], Callable[[dict[str, Any]], Any]] = {}
        self._keep: list[E.Expr] = []

    def keep(self, node: E.Expr) -> None:
        """Hold ``node`` alive while the solver lives: compiled functions are cached by node id."""
        self._keep.append(node)

    # evaluation ------------------------------------------------------------------------------
    def value(self, node: E.Expr, row: dict[str, Any], ctx: Context | None = None) -> Any:
        ctx = ctx or self.ctx
        key = (id(node), ctx.as_of)
        fn = self._fns.get(key)
        if fn is None:
            fn = self._fns[key] = node_function(node, ctx)
            self._keep.append(node)
        return fn(row)

    def row(self, plan: Plan) -> dict[str, Any]:
        return {**self.base, **plan.cells, **plan.fills}

    def ok(self, value: Any, want: bool) -> bool:
        return value is want or (value is None and not self.fill)

    def cost(self, plan: Plan) -> tuple[int, int, float, int]:
        """Fewest changes (waiting counts as one), fewest fills, smallest relative size (to 0.01),
        then the most recent financial year (a target for the year the next assessment reads)."""
        weight = sum(relative_size(p, self.base.get(p), c) for p, c in plan.cells.items())
        years = [int(m.group(1)) for p in plan.cells if (m := YEAR_SEGMENT.search(p))]
        return (len(plan.cells) + (plan.not_before is not None), len(plan.fills), round(weight, 2), -sum(years))

    def best(self, plans: Iterable[Plan]) -> list[Plan]:
        unique = {plan.key(): plan for plan in plans}
        return sorted(unique.values(), key=self.cost)[:BEAM]

    # the walk --------------------------------------------------------------------------------
    def repair(self, node: E.Expr, want: bool, plan: Plan) -> list[Plan]:
        """Plans extending ``plan`` under which ``node`` is ``want`` (or unknown, in repair mode)."""
        node = select(node, self.ctx)
        if self.ok(self.value(node, self.row(plan)), want):
            return [plan]
        match node:
            case E.All():
                return self.sequence(node, node.parts, want, plan) if want else self.union(node.parts, False, plan)
            case E.AnyOf():
                return self.union(node.parts, True, plan) if want else self.sequence(node, node.parts, False, plan)
            case E.AtLeast():
                return self.at_least(node, plan) if want else []
            case E.Not():
                return self.repair(node.part, not want, plan)
            case E.When():
                return self.when(node, want, plan)
            case E.Cmp():
                return self.best([*self.compare(node, want, plan), *self.wait(node, want, plan)])
            case E.InSet():
                return self.membership(node, want, plan)
        return []

    def union(self, parts: Iterable[E.Expr], want: bool, plan: Plan) -> list[Plan]:
        return self.best(p for part in parts for p in self.repair(part, want, plan))

    def sequence(self, whole: E.Expr, parts: tuple[E.Expr, ...], want: bool, plan: Plan) -> list[Plan]:
        """Every part ``want``: repair them in turn; a later repair may break an earlier part (raising
        revenue lowers a share), so passes repeat while no state satisfies the whole."""
        states = [plan]
        for _ in range(3):
            for part in parts:
                states = self.best(p for s in states for p in self.repair(part, want, s))
                if not states:
                    return []
            done = [s for s in states if s.not_before is not None or self.ok(self.value(whole, self.row(s)), want)]
            if done:
                return self.best(done)
        return []

    def at_least(self, node: E.AtLeast, plan: Plan) -> list[Plan]:
        states = [plan]
        for _ in range(len(node.parts) + 1):
            done = [s for s in states if self.ok(self.value(node, self.row(s)), True)]
            if done:
                return self.best(done)
            grown = []
            for state in states:
                row = self.row(state)
                for part in node.parts:
                    if not self.ok(self.value(select(part, self.ctx), row), True):
                        grown += self.repair(part, True, state)
            states = self.best(grown)
        return []

    def when(self, node: E.When, want: bool, plan: Plan) -> list[Plan]:
        cond = self.value(select(node.cond, self.ctx), self.row(plan))
        out: list[Plan] = []
        for value, branch in ((True, node.then), (False, node.otherwise)):
            if cond is value:
                out += self.repair(branch, want, plan)
            elif cond is None and not self.fill:
                continue
            else:  # flip (or, filling, settle) the condition, then satisfy the branch it selects
                flipped = [s for s in self.repair(node.cond, value, plan) if s is not plan]
                out += [p for s in flipped for p in self.repair(branch, want, s)]
        return self.best(out)

    # leaves ----------------------------------------------------------------------------------
    def candidates(self, node: E.Expr, plan: Plan) -> list[str]:
        """The fields of ``node`` a plan may assign: changeable known fields (repair) or unknown
        fields (fill). In a ratio with a movable numerator the denominator stays."""
        row = self.row(plan)
        read = list(dict.fromkeys(self.read(node)))
        if self.fill:  # unknown fields, and those this plan already filled (to settle them anew)
            return [p for p in read if row.get(p) is None or p in plan.fills]
        out = [p for p in read if row.get(p) is not None and changeable(p, self.allow) is not None]
        for ratio in (n for n in self.walk(node) if isinstance(n, E.Ratio)):
            num = set(self.read(ratio.num))
            if num & set(out):
                den_only = set(self.read(ratio.den)) - num
                out = [p for p in out if p not in den_only]
        return out

    def walk(self, node: E.Expr) -> Iterable[E.Expr]:
        node = select(node, self.ctx)
        yield node
        for child in node.children():
            yield from self.walk(child)

    def read(self, node: E.Expr) -> list[str]:
        return [self.ctx.field_path(n) for n in self.walk(node) if isinstance(n, E.Field)]

    def compare(self, node: E.Cmp, want: bool, plan: Plan) -> list[Plan]:
        owner = self.node_owner.get(id(node))
        fields = self.candidates(node, plan)
        out: list[Plan] = []
        for index, path in enumerate(fields[:4]):
            start = plan
            if self.fill:  # other unknowns of this comparison get a neutral value first
                for other in fields[:index] + fields[index + 1 :]:
                    kind = kind_of_column(other) or ""
                    if kind in NEUTRAL:
                        start = start.assign(other, NEUTRAL[kind], owner, True)
            for cell in self.values(path, node, want, start):
                plan_ = start.assign(path, cell, owner, self.fill)
                bound = self.raised_bound(path, cell, plan_)
                out.append(plan_ if bound is None else plan_.assign(bound, cell, owner, False))
        return out

    def raised_bound(self, path: str, cell: Any, plan: Plan) -> str | None:
        """The bound field to raise with ``path`` (main-business revenue past revenue), where the
        allow-list lets it move (business results opted in); None when nothing else must move."""
        entry = None if self.fill else changeable(path, self.allow)
        bound = entry.bound_path(path) if entry else None
        if bound is None or changeable(bound, self.allow) is None:
            return None
        current = self.row(plan).get(bound)
        return bound if current is not None and current < cell else None

    def membership(self, node: E.InSet, want: bool, plan: Plan) -> list[Plan]:
        owner = self.node_owner.get(id(node))
        row = self.row(plan)
        members = self.value(select(node.members, self.ctx), row) or ()
        target = select(node.value, self.ctx)
        while isinstance(target, E.Coalesce | E.Slice) and self.fill:
            target = target.parts[0] if isinstance(target, E.Coalesce) else target.part
        if not isinstance(target, E.Field):
            return []
        path = self.ctx.field_path(target)
        out = []
        current = None if path in plan.fills else row.get(path)
        for cell in self.options(path, current, [str(m) for m in members]):
            trial = plan.assign(path, cell, owner, self.fill)
            if self.value(node, self.row(trial)) is want:
                out.append(trial)
        return self.best(out)

    def options(self, path: str, current: Any, members: list[str]) -> list[Any]:
        """Values a text field may take: members in fill mode, else the allow-list's values."""
        if self.fill:
            return members if current is None else []
        entry = changeable(path, self.allow)
        if entry is None or current is None:
            return []
        if entry.move == "enum":
            order = list(entry.values)
            rank = order.index(current) if current in order else -1
            return order[rank + 1 :]
        return [v for v in entry.values if v != current]

    def values(self, path: str, node: E.Cmp, want: bool, plan: Plan) -> list[Any]:
        """New cells for ``path`` under which ``node`` is ``want`` (the nearest on the grid)."""
        row = self.row(plan)
        current = row.get(path)

        def passes(cell: Any) -> bool:
            return self.value(node, {**row, path: cell}) is want

        kind = kind_of_column(path)
        entry = None if self.fill else changeable(path, self.allow)
        if kind == "bool":
            flips = [True, False] if self.fill else ([True] if current is False else [])
            return [v for v in flips if passes(v)][:1]
        if kind == "str":
            consts = [n.value for n in (node.left, node.right) if isinstance(n, E.Const)]
            pool = [str(c) for c in consts] if self.fill else self.options(path, current, [])
            found = [v for v in pool if passes(v)]
            return found[:1] if entry is None or entry.move == "enum" else found
        if kind == "date":
            return self.dates(node, row, passes) if self.fill else []
        if kind not in ("money", "int", "decimal"):
            return []
        return self.numbers(path, kind, current, entry, row, passes)

    def numbers(
        self, path: str, kind: str, current: Any, entry: Changeable | None, row: dict[str, Any], passes: Any
    ) -> list[Any]:
        from huiqi.batch.fields import field_spec

        grid: Any = MONEY_GRID if kind == "money" else (Decimal(1) if kind == "decimal" else 1)
        spec = field_spec(path)
        lower = int(spec.ge) if spec.ge is not None else 0  # never a negative target
        upper = MAXIMUM[kind] if spec.le is None else min(MAXIMUM[kind], spec.le)
        bound = entry.bound_path(path) if entry else None
        if bound is not None and row.get(bound) is not None and changeable(bound, self.allow) is None:
            upper = min(upper, row[bound])

        def cell(index: int) -> Any:
            return index * grid

        top = int(upper // grid)
        if self.fill:
            found = first(lambda i: passes(cell(i)), -(-lower // grid), top)
            return [] if found is None else [cell(found)]
        assert entry is not None
        out = []
        if entry.move in ("up", "both"):
            found = first(lambda i: passes(cell(i)), int(current // grid) + 1, top)
            if found is not None:
                out.append(cell(found))
        if entry.move in ("down", "both"):
            start = -int(-current // grid) - 1  # the grid value just below the current one
            found = first(lambda j: passes(cell(start - j)), 0, start - int(-(-lower // grid)))
            if found is not None:
                out.append(cell(start - found))
        return out

    def dates(self, node: E.Cmp, row: dict[str, Any], passes: Any) -> list[Any]:
        for side in (node.left, node.right):
            other = self.value(select(side, self.ctx), row)
            if isinstance(other, dt.date):
                for delta in (0, -1, 1):
                    if passes(other + dt.timedelta(days=delta)):
                        return [other + dt.timedelta(days=delta)]
        return []

    def wait(self, node: E.Cmp, want: bool, plan: Plan) -> list[Plan]:
        """A date rule that time fixes (``established ≤ AsOf(-3)``): the first date it holds."""
        if self.fill or not want:
            return []
        left, right = select(node.left, self.ctx), select(node.right, self.ctx)
        later = {"<=": right, "<": right, ">=": left, ">": left}.get(node.op)
        if not isinstance(later, E.AsOf):
            return []
        fixed = left if later is right else right
        if any(changeable(p, self.allow) for p in self.read(fixed)):
            return []
        other = self.value(fixed, self.row(plan))
        if not isinstance(other, dt.date):
            return []
        guess = shift_years(other, -later.years)
        for delta in range(-1, 4):
            day = guess + dt.timedelta(days=delta)
            if day <= self.ctx.as_of:
                continue
            try:
                held = self.value(node, self.row(plan), Context(day, self.ctx.params, self.ctx.choices))
            except Exception:  # a parameter with no value on that day: the rule no longer answers
                return []
            if held is True:
                after = max(day, plan.not_before) if plan.not_before else day
                return [replace(plan, not_before=after)]
        return []


def first(test: Callable[[int], bool], lo: int, hi: int) -> int | None:
    """The smallest ``i`` in ``[lo, hi]`` with ``test(i)``, for a test that turns true and stays true
    (galloping, then binary search); None when even ``hi`` fails."""
    if lo > hi:
        return None
    if test(lo):
        return lo
    prev, step = lo, 1
    while True:
        probe = min(lo + step, hi)
        if test(probe):
            break
        if probe == hi:
            return None
        prev, step = probe, step * 2
    while probe - prev > 1:
        mid = (prev + probe) // 2
        if test(mid):
            probe = mid
        else:
            prev = mid
    return probe


def owners_of(criteria: Iterable[Criterion]) -> dict[int, Criterion]:
    """Expression node id → the innermost criterion whose expression holds it (parts after their
    parent, so the deepest wins)."""
    out: dict[int, Criterion] = {}
    for criterion in criteria:
        for node in criterion.expression().walk():
            out[id(node)] = criterion
    return out

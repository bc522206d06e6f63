"""What lowering a rule fixes (the date, the parameters in force, the assumptions chosen) and the
questions about a rule tree that only that context answers: which option a :class:`~huiqi.rules.expr.Choice`
selects, the unit of a value, whether a :class:`~huiqi.rules.expr.When`'s branches may agree.

Only :mod:`huiqi.rules.lower` (and the walks over the rule trees: the explanation's metadata, the
advice solver, the interview's relevance) read these; a backend compiles lowered trees and needs none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from huiqi.rules import expr as E
from huiqi.rules.params import MONEY_UNITS, ParameterSet
from huiqi.rules.units import RuleCompileError, wan_to_fen

__all__ = ["Context", "RuleCompileError", "agrees", "constant_fraction", "kind_of", "select", "shift_years",
           "whole_years"]


def shift_years(day: dt.date, years: int) -> dt.date:
    """Same month and day ``years`` later; 29 February becomes 28 February (民法典 第二百零二条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Context:
    """What compilation fixes: the date, the parameters in force, the assumptions chosen."""

    as_of: dt.date
    params: ParameterSet
    choices: dict[str, str] = field(default_factory=dict)
    #: a ratio parameter outside a ratio comparison is its value (a subtree evaluated alone, as the
    #: interview's walk evaluates every node) instead of a defect of the rule
    loose_ratios: bool = False

    def field_path(self, node: E.Field) -> str:
        return E.resolve_path(node.path, self.as_of)

    def param_value(self, pid: str) -> Any:
        param = self.params[pid]
        value = param.at(self.as_of)
        if param.unit in MONEY_UNITS:
            if isinstance(value, tuple):
                return tuple(wan_to_fen(Decimal(v)) for v in value)
            return wan_to_fen(Decimal(str(value)))
        return value

    def param_kind(self, pid: str) -> E.Kind:
        param = self.params[pid]
        if param.unit in MONEY_UNITS:
            return "money"
        if param.unit == "ratio":
            return "ratio"
        return "any"


def select(node: E.Expr, ctx: Context) -> E.Expr:
    """Resolve :class:`~huiqi.rules.expr.Choice` nodes to the option chosen."""
    while isinstance(node, E.Choice):
        if node.assumption not in ctx.choices:
            raise RuleCompileError(f"no option chosen for assumption {node.assumption}")
        node = node.option(ctx.choices[node.assumption])
    return node


def kind_of(node: E.Expr, ctx: Context) -> E.Kind:
    """The unit of a value once parameters and assumptions are resolved (for the explanation)."""
    node = select(node, ctx)
    if isinstance(node, E.Param):
        return ctx.param_kind(node.id)
    if isinstance(node, E.When):
        then = kind_of(node.then, ctx)
        return then if then != "any" else kind_of(node.otherwise, ctx)
    if isinstance(node, E.Coalesce):
        return kind_of(node.parts[0], ctx)
    if isinstance(node, E.Arith):
        kinds = {kind_of(node.left, ctx), kind_of(node.right, ctx)}
        return "money" if "money" in kinds else node.kind
    return node.kind


def agrees(node: E.When, ctx: Context) -> bool:
    """Whether an unknown condition of ``node`` is decided by agreeing branches: for truth values
    (a criterion, a comparison pushed into the branches); a value (a floor, a rate, points) stays
    unknown, and its branches are not written twice (nested values would double at every level).
    Branches that are ladders of different constants never agree (a score's ``true`` / ``false`` /
    ``unknown`` ladder): such a node is compiled as before, without writing its branches twice."""
    if kind_of(node, ctx) != "bool":
        return False
    then, other = _constants(node.then, ctx), _constants(node.otherwise, ctx)
    return then is None or other is None or bool(then & other - {None})


def _constants(node: E.Expr, ctx: Context) -> set[object] | None:
    """The constant values a ``When`` ladder of constants can take; None where a branch computes."""
    node = select(node, ctx)
    if isinstance(node, E.Const) and not isinstance(node.value, tuple | list | set | frozenset):
        return {node.value}
    if isinstance(node, E.When):
        then, other = _constants(node.then, ctx), _constants(node.otherwise, ctx)
        return None if then is None or other is None else then | other
    return None


def constant_fraction(node: E.Expr, ctx: Context) -> tuple[int, int]:
    """A constant or parameter ratio (already selected) as an exact integer (numerator, denominator)."""
    raw = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", None)
    if isinstance(raw, Decimal | int):
        return Decimal(raw).as_integer_ratio()
    raise RuleCompileError(f"not a ratio: {node.describe()}")


def whole_years(node: E.Expr, ctx: Context) -> int:
    """A number of years (a constant or an int parameter) as an int."""
    node = select(node, ctx)
    value = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", None)
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or int(value) != value:
        raise RuleCompileError(f"a number of years must be a whole number: {node.describe()}")
    return int(value)

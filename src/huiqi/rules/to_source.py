"""Compile a program to the source of one Python function of a profile row.

``huiqi assess`` evaluates every program on one row, a few hundred criteria per request. The
closures of :mod:`huiqi.rules.to_python` cost a Python call per node and evaluate a subexpression
as often as criteria repeat it (a parent criterion re-evaluates its parts, ten criteria read the
same ratio). Here a program becomes straight-line code: each distinct subexpression is computed
once into a local, parameters and dates are resolved to constants, and the columns come back as one
dict. Same semantics as the closures and the Polars compiler (Kleene logic, nulls propagate, integer
分, exact ratios by cross-multiplication); ``tests/rules/test_backends.py`` checks all three agree.

The source is generated from the rule definitions shipped with the package, never from input:
string constants go in through ``repr`` and every other constant through the function's namespace.
``CompiledProgram.__dict__["_row_source"]`` keeps the text, and tracebacks show its lines.
"""

from __future__ import annotations

import hashlib
import linecache
from collections.abc import Callable
from itertools import count
from typing import Any

from huiqi.rules import expr as E
from huiqi.rules.compiled import HUNDREDTH_WAN, CompiledProgram
from huiqi.rules.to_polars import (
    RATIO_SCALE,
    Context,
    RuleCompileError,
    _whole_years,
    agrees,
    constant_fraction,
    kind_of,
    select,
    shift_years,
    wan_to_fen,
)

Row = dict[str, Any]
RowFunction = Callable[[Row], Row]
Branch = Callable[[], tuple[str, ...]]


def _at_least(n: int, values: tuple[Any, ...]) -> bool | None:
    if sum(v is True for v in values) >= n:
        return True
    return False if sum(v is not False for v in values) < n else None


def _reward(
    base: Any, num: Any, den: Any, caps: tuple[Any, ...], eligible: bool
) -> tuple[int | None, int | None, bool | None]:
    """(rate scaled by 10⁸, reward in 0.01 万元 rounded half-up once, whether a cap bound)."""
    rate = num * 10**8 // den if num is not None and den is not None and den > 0 else None
    if not eligible or base is None or num is None or den is None:
        return rate, None, None
    exact = capped = base * num
    for cap in caps:
        if cap is not None and cap * den < capped:  # an unknown cap does not bind, as in Polars
            capped = cap * den
    unit = den * HUNDREDTH_WAN
    return rate, (capped * 2 + unit) // (unit * 2), capped < exact


class _Writer:
    """Emits the body of ``def evaluate(row)``; ``atom`` names are locals or constants."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.namespace: dict[str, Any] = {"shift_years": shift_years, "_at_least": _at_least, "_reward": _reward}
        self.lines: list[str] = []
        self.depth = 1
        self.memo: dict[str, str] = {}  # code → the local holding its value, per block
        self.never_none: set[str] = set()
        self.positive: set[str] = set()
        self.locals = count()

    # emitting ---------------------------------------------------------------------------------
    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def constant(self, value: Any) -> str:
        if value is None:
            return "None"
        if type(value) in (bool, int, str):
            atom = repr(value)
        else:
            atom = f"K{len(self.namespace)}"
            self.namespace[atom] = value
        self.never_none.add(atom)
        if type(value) is int and value > 0:
            self.positive.add(atom)
        return atom

    def bind(self, code: str) -> str:
        """A local holding ``code``'s value, computed once per block."""
        found = self.memo.get(code)
        if found is None:
            found = f"v{next(self.locals)}"
            self.line(f"{found} = {code}")
            self.memo[code] = found
        return found

    def fresh(self) -> str:
        return f"v{next(self.locals)}"

    def unknown_if(self, *atoms: str) -> str:
        """The guard ``a is None or b is None`` over the atoms that may be None ('' if none may)."""
        return " or ".join(f"{a} is None" for a in atoms if a not in self.never_none)

    def guarded(self, code: str, *atoms: str) -> str:
        guard = self.unknown_if(*atoms)
        return self.bind(f"(None if {guard} else {code})" if guard else f"({code})")

    def branch(self, emit: Branch, targets: tuple[str, ...]) -> None:
        """An indented block assigning ``targets``; what it computes stays inside it."""
        saved = dict(self.memo)
        self.depth += 1
        for target, atom in zip(targets, emit(), strict=True):
            self.line(f"{target} = {atom}")
        self.depth -= 1
        self.memo = saved

    def when(self, cond: E.Expr, then: Branch, other: Branch, n: int, agree: bool = False) -> tuple[str, ...]:
        """Three-valued if: an unknown condition gives unknown values, or with ``agree`` (truth
        values) the branches' common value (unknown where they differ: both run); a known condition
        runs only the branch taken."""
        c = self.value(cond)
        targets = tuple(self.fresh() for _ in range(n))
        self.line(f"if {c} is None:")
        saved = dict(self.memo)
        self.depth += 1
        if agree:
            for target, a, b in zip(targets, then(), other(), strict=True):
                self.line(f"{target} = {a} if {a} == {b} else None")
        else:
            for target in targets:
                self.line(f"{target} = None")
        self.depth -= 1
        self.memo = saved
        self.line(f"elif {c}:")
        self.branch(then, targets)
        self.line("else:")
        self.branch(other, targets)
        return targets

    # values -------------------------------------------------------------------------------------
    def value(self, node: E.Expr) -> str:
        ctx = self.ctx
        node = select(node, ctx)
        match node:
            case E.Field():
                return self.bind(f"row.get({ctx.field_path(node)!r})")
            case E.Money():
                return self.constant(wan_to_fen(node.wan))
            case E.Const():
                return self.constant(node.value)
            case E.Param():
                return self.constant(ctx.param_value(node.id))
            case E.AsOf():
                return self.constant(shift_years(ctx.as_of, node.years))
            case E.Cmp():
                return self.compare(node)
            case E.Arith():
                a, b = self.value(node.left), self.value(node.right)
                return self.guarded(f"{a} {node.op} {b}", a, b)
            case E.InSet():
                v, members = self.value(node.value), self.value(node.members)
                return self.guarded(f"{v} in {members}", v)
            case E.All():
                return self.kleene([self.value(p) for p in node.parts], decisive=False)
            case E.AnyOf():
                return self.kleene([self.value(p) for p in node.parts], decisive=True)
            case E.AtLeast():
                parts = ", ".join(self.value(p) for p in node.parts)
                return self.bind(f"_at_least({node.n}, ({parts},))")
            case E.Not():
                v = self.value(node.part)
                return self.guarded(f"not {v}", v)
            case E.Known():
                return self.bind(f"({self.value(node.part)} is not None)")
            case E.When():
                return self.when(
                    node.cond,
                    lambda: (self.value(node.then),),
                    lambda: (self.value(node.otherwise),),
                    1,
                    agrees(node, ctx),
                )[0]
            case E.Coalesce():
                atoms = [self.value(p) for p in node.parts]
                code = "None"
                for atom in reversed(atoms):
                    if atom in self.never_none:  # a constant ends the chain
                        code = atom
                    elif atom != "None":
                        code = f"({atom} if {atom} is not None else {code})"
                return code if code in self.never_none or code == "None" else self.bind(code)
            case E.ShiftYears():
                v = self.value(node.part)
                return self.guarded(f"shift_years({v}, {_whole_years(node.years, ctx)})", v)
            case E.Slice():
                v = self.value(node.part)
                return self.guarded(f"{v}[{node.start}:{node.start + node.length}]", v)
            case E.Lookup():
                k, table = self.value(node.key), self.constant(ctx.param_value(node.table))
                return self.guarded(f"{table}.get({k})", k)
            case E.Ratio():
                num, den = self.fraction(node)
                guard = self.unknown_if(num, den)
                positive = "" if den in self.positive else f"{den} <= 0"
                test = " or ".join(filter(None, [guard, positive]))
                code = f"{num} * {RATIO_SCALE} // {den}"
                return self.bind(f"(None if {test} else {code})" if test else f"({code})")
        raise RuleCompileError(f"cannot evaluate {type(node).__name__}")

    def kleene(self, atoms: list[str], decisive: bool) -> str:
        """Kleene AND (``decisive=False``: one False decides) or OR (one True decides)."""
        if not atoms:
            return self.constant(not decisive)
        word = repr(decisive)
        decides = " or ".join(f"{a} is {word}" for a in atoms)
        unknown = self.unknown_if(*atoms)
        rest = f"None if {unknown} else {not decisive!r}" if unknown else repr(not decisive)
        return self.bind(f"({word} if {decides} else {rest})")

    def fraction(self, node: E.Expr) -> tuple[str, str]:
        """A ratio as exact (numerator, denominator) atoms."""
        node = select(node, self.ctx)
        if isinstance(node, E.Ratio):
            return self.value(node.num), self.value(node.den)
        if isinstance(node, E.When):
            num, den = self.when(
                node.cond, lambda: self.fraction(node.then), lambda: self.fraction(node.otherwise), 2
            )
            return num, den
        num_value, den_value = constant_fraction(node, self.ctx)
        return self.constant(num_value), self.constant(den_value)

    def compare(self, node: E.Cmp) -> str:
        left, right, op = select(node.left, self.ctx), select(node.right, self.ctx), node.op
        pushed = E.push_when(op, left, right)
        if pushed is not None:
            return self.value(pushed)
        if kind_of(left, self.ctx) != "ratio" and kind_of(right, self.ctx) != "ratio":
            a, b = self.value(left), self.value(right)
            return self.guarded(f"{a} {op} {b}", a, b)
        (ln, ld), (rn, rd) = self.fraction(left), self.fraction(right)
        dens = " and ".join(f"{d} > 0" for d in (ld, rd) if d not in self.positive)
        test = " or ".join(
            filter(None, [self.unknown_if(ld, rd), f"not ({dens})" if dens else "", self.unknown_if(ln, rn)])
        )
        code = f"{ln} * {rd} {op} {rn} * {ld}"
        return self.bind(f"(None if {test} else {code})" if test else f"({code})")

    def display(self, node: E.Expr) -> str:
        """An ``actual``/``threshold`` as the explanation reads it (ratios scaled by 10⁸)."""
        node = select(node, self.ctx)
        if kind_of(node, self.ctx) == "ratio" and not isinstance(node, E.Ratio):
            num, den = self.fraction(node)
            return self.guarded(f"{num} * {RATIO_SCALE} // {den}", num, den)
        return self.value(node)


def program_source(compiled: CompiledProgram) -> tuple[str, dict[str, Any]]:
    """The source of ``evaluate(row)`` for ``compiled`` and the namespace its constants live in."""
    ctx = compiled.context
    assert ctx is not None
    w = _Writer(ctx)
    columns: list[tuple[str, str]] = []
    applicable: list[str] = []
    tests: list[str] = []
    failed: list[tuple[str, str]] = []
    for cc in compiled.criteria:
        criterion = cc.criterion
        result = w.value(criterion.expression())
        columns.append((cc.column, result))
        for part in ("actual", "threshold"):
            node = getattr(criterion, part)
            if node is not None:
                columns.append((f"{cc.column}::{part}", w.display(node)))
        if cc.top_level:
            (applicable if cc.applicability else tests).append(result)
            if not cc.applicability:
                failed.append((result, criterion.id))
    applies, ok = w.kleene(applicable, decisive=False), w.kleene(tests, decisive=False)
    w.line(f"if {applies} is False:")
    w.line("    status = 'not_applicable'")
    w.line(f"elif {ok} is False:")
    w.line("    status = 'ineligible'")
    w.line(f"elif {applies} is None or {ok} is None:")
    w.line("    status = 'undetermined'")
    w.line("else:")
    w.line("    status = 'eligible'")
    ids = ", ".join(f"{criterion_id!r}" for _, criterion_id in failed)
    flags = ", ".join(f"{atom} is False" for atom, _ in failed)
    w.line(
        f"failed = '' if {applies} is False else "
        + (f"';'.join([i for i, f in zip(({ids},), ({flags},)) if f])" if failed else "''")
    )
    columns += [(compiled.col("status"), "status"), (compiled.col("failed"), "failed")]
    reward = compiled.program.reward
    if reward is not None:
        base, (num, den) = w.value(reward.base), w.fraction(reward.rate)
        caps = [w.value(cap) for cap in reward.caps]
        cap_tuple = "".join(c + ", " for c in caps)
        w.line(f"rate, reward, capped = _reward({base}, {num}, {den}, ({cap_tuple}), status == 'eligible')")
        columns += [(compiled.col(f"cap{i}"), cap) for i, cap in enumerate(caps)]
        columns += [(compiled.col("rate"), "rate"), (compiled.col("reward"), "reward"),
                    (compiled.col("reward_capped"), "capped")]
    body = "\n".join(w.lines)
    items = "".join(f"\n        {name!r}: {atom}," for name, atom in columns)
    return f"def evaluate(row):\n{body}\n    return {{{items}\n    }}\n", w.namespace


def row_function(compiled: CompiledProgram) -> RowFunction:
    """``evaluate(row)`` of ``compiled``, generated once and kept on the compiled program."""
    cached: RowFunction | None = compiled.__dict__.get("_row_function")
    if cached is not None:
        return cached
    source, namespace = program_source(compiled)
    # named by content, so recompiling for another day reuses the entry instead of adding one
    digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:12]
    filename = f"<huiqi rules {compiled.program.id} {digest}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    function: RowFunction = namespace["evaluate"]
    compiled.__dict__["_row_source"] = source
    compiled.__dict__["_row_function"] = function
    return function


def evaluate_row(compiled: CompiledProgram, row: Row) -> Row:
    """The columns :func:`huiqi.rules.compiled.compile_program` would add to ``row``."""
    return row_function(compiled)(row)

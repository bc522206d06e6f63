"""Which unanswered fields can still change a program's status, computed on the rule trees.

For one compiled program on one row, every input is *answered* (its value is in the row), *unknown*
(the person said they do not know: it stays missing for good) or *open* (not asked yet: later it may
take any value, or stay missing). :func:`analyse` walks the program's applicability and criteria in the
same Kleene semantics as ``assess`` and computes, for every node, an over-approximation of the values
it can still take over all ways of answering the open fields (``T``/``F``/``N`` for truth values,
``V``/``N`` for other values, ``N`` meaning missing), and the open fields it is *sensitive* to: those
whose answer can change the node given what its siblings can still be. A subtree reading no open
field is computed exactly, with the function the advice uses (:func:`huiqi.rules.to_source.node_function`: the subtree
lowered, then generated as Python).

Examples of what the walk prunes: a part of an ``and`` whose sibling already fails; a branch of an
``or`` already true; both sides of a ratio when one side is known to be missing (``N`` propagates).

The analysis is sound: a field it does not report cannot change the status, whatever the other open
fields are answered, because every set it computes contains every value the node can take. It may
over-report (two siblings reading the same field are treated as independent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huiqi.profile.columns import kind_of_column
from huiqi.rules import expr as E
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.context import agrees, select
from huiqi.rules.to_source import node_function

T, F, N, V = "T", "F", "N", "V"
TRUTH = frozenset({T, F, N})
VALUE = frozenset({V, N})
NOTHING: frozenset[str] = frozenset()

Info = tuple[frozenset[str], frozenset[str]]  # (what the node can be, open fields it is sensitive to)

_STRICT = (E.Cmp, E.Arith, E.Ratio, E.InSet, E.Slice, E.Lookup, E.ShiftYears, E.Not)
_BOOLEAN = (E.Cmp, E.InSet, E.Not, E.Known, E.All, E.AnyOf, E.AtLeast)


def token(value: Any) -> str:
    if value is None:
        return N
    if value is True:
        return T
    if value is False:
        return F
    return V


class _Cache:
    """Per compiled program: each node's resolved input paths and its exact evaluator."""

    def __init__(self, cp: CompiledProgram) -> None:
        assert cp.context is not None
        self.ctx = cp.context
        self.paths: dict[int, frozenset[str]] = {}
        self.fns: dict[int, Any] = {}
        self.resolved: dict[int, tuple[E.Expr, frozenset[str]]] = {}
        self.keep: list[E.Expr] = []
        self._non_monotone: frozenset[str] | None = None
        tops = [*cp.program.applicability, *cp.program.criteria]
        self.applicability = E.All(tuple(t.expression() for t in cp.program.applicability))
        self.criteria = E.All(tuple(t.expression() for t in cp.program.criteria))
        self.top_fields = [
            (
                t.id,
                t in cp.program.applicability,
                frozenset(E.resolve_path(p, cp.as_of) for p in t.expression().fields()),
            )
            for t in tops
        ]

    @property
    def non_monotone(self) -> frozenset[str]:
        """Fields read under ``Known`` or ``Coalesce``: the only nodes whose value an answer can flip
        from decided to another decided value (every other node keeps a decided value)."""
        found = getattr(self, "_non_monotone", None)
        if found is None:
            out: set[str] = set()
            stack: list[E.Expr] = [self.applicability, self.criteria]
            while stack:
                node = select(stack.pop(), self.ctx)
                if isinstance(node, E.Known | E.Coalesce):
                    out |= self.fields(node)
                else:
                    stack.extend(node.children())
            found = self._non_monotone = frozenset(out)
        return found

    def resolve(self, node: E.Expr) -> tuple[E.Expr, frozenset[str]]:
        """The option chosen for ``node`` and the input paths it reads, looked up once per node."""
        found = self.resolved.get(id(node))
        if found is None:
            chosen = select(node, self.ctx)
            if isinstance(chosen, E.Cmp):  # compared branch by branch, as every backend does
                chosen = E.push_when(chosen.op, select(chosen.left, self.ctx), select(chosen.right, self.ctx)) or chosen
            found = self.resolved[id(node)] = (chosen, self.fields(chosen))
            self.keep.append(chosen)
            self.keep.append(node)
        return found

    def fields(self, node: E.Expr) -> frozenset[str]:
        key = id(node)
        found = self.paths.get(key)
        if found is None:
            node = select(node, self.ctx)
            if isinstance(node, E.Field):
                found = frozenset({self.ctx.field_path(node)})
            else:  # the fields of the options chosen only (``Expr.fields`` reads every option)
                found = _union(self.fields(child) for child in node.children())
            self.paths[key] = found
            self.keep.append(node)
        return found

    def value(self, node: E.Expr, row: dict[str, Any]) -> Any:
        key = id(node)
        fn = self.fns.get(key)
        if fn is None:
            fn = self.fns[key] = node_function(node, self.ctx)
            self.keep.append(node)
        return fn(row)


def _cache(cp: CompiledProgram) -> _Cache:
    found = cp.__dict__.get("_interview_cache")
    if found is None:
        found = cp.__dict__["_interview_cache"] = _Cache(cp)
    return found


@dataclass
class Analysis:
    """One program on one row: the statuses still possible and the open fields that can move it."""

    statuses: frozenset[str]
    sensitive: frozenset[str]
    #: open fields that alone decide a top-level criterion now unknown (a failing answer ends it)
    direct: frozenset[str]


class _Walk:
    def __init__(
        self, cache: _Cache, row: dict[str, Any], open_paths: frozenset[str], memo: dict[int, str] | None
    ) -> None:
        self.cache, self.row, self.open = cache, row, open_paths
        self.memo: dict[int, str] = {} if memo is None else memo

    def info(self, node: E.Expr) -> Info:
        node, reads = self.cache.resolve(node)
        if not (reads & self.open):
            known = self.memo.get(id(node))
            if known is None:
                known = self.memo[id(node)] = token(self.cache.value(node, self.row))
            return frozenset({known}), NOTHING
        if isinstance(node, E.Field):
            path = self.cache.ctx.field_path(node)
            return (TRUTH if kind_of_column(path) == "bool" else VALUE), frozenset({path})
        if isinstance(node, _STRICT):
            infos = [self.info(child) for child in node.children()]
            if any(p == {N} for p, _ in infos):
                return frozenset({N}), NOTHING
            return (TRUTH if isinstance(node, _BOOLEAN) else VALUE), _union(s for _, s in infos)
        if isinstance(node, E.Known):
            _, sens = self.info(node.part)
            return frozenset({T, F}), sens
        if isinstance(node, E.Coalesce):
            return self._coalesce(node)
        if isinstance(node, E.When):
            return self._when(node)
        if isinstance(node, E.All):
            return self._all([self.info(p) for p in node.parts], F, T)
        if isinstance(node, E.AnyOf):
            return self._all([self.info(p) for p in node.parts], T, F)
        if isinstance(node, E.AtLeast):
            infos = [self.info(p) for p in node.parts]
            sure = sum(p == {T} for p, _ in infos)
            out = sum(p == {F} for p, _ in infos)
            if sure >= node.n:
                return frozenset({T}), NOTHING
            if len(infos) - out < node.n:
                return frozenset({F}), NOTHING
            return TRUTH, _union(s for _, s in infos)
        # any other node: assume it can be anything and depends on every open field it reads
        return TRUTH | VALUE, self.cache.fields(node) & self.open

    def _all(self, infos: list[Info], decisive: str, neutral: str) -> Info:
        """``and`` (decisive F, neutral T) or ``or`` (decisive T, neutral F) in Kleene logic."""
        if any(p == {decisive} for p, _ in infos):
            return frozenset({decisive}), NOTHING
        poss: set[str] = set()
        if any(decisive in p for p, _ in infos):
            poss.add(decisive)
        if all(neutral in p for p, _ in infos):
            poss.add(neutral)
        if all(p & {neutral, N} for p, _ in infos) and any(N in p for p, _ in infos):
            poss.add(N)
        return frozenset(poss), _union(s for _, s in infos)

    def _coalesce(self, node: E.Coalesce) -> Info:
        poss: set[str] = set()
        sens: set[str] = set()
        for part in node.parts:
            p, s = self.info(part)
            poss |= p - {N}
            sens |= s
            if N not in p:
                break
        else:
            poss.add(N)
        return frozenset(poss), frozenset(sens)

    def _when(self, node: E.When) -> Info:
        """Where the condition may stay unknown, truth-valued branches that agree decide (their common
        value, unknown where they differ: :func:`huiqi.rules.context.agrees`), so both are read."""
        cond, csens = self.info(node.cond)
        agree = N in cond and agrees(node, self.cache.ctx)
        if cond == {N} and not agree:
            return frozenset({N}), NOTHING
        poss: set[str] = {N} if N in cond and not agree else set()
        sens = set(csens)
        branches: dict[str, frozenset[str]] = {}
        for truth, branch in ((T, node.then), (F, node.otherwise)):
            if truth in cond or agree:
                p, s = self.info(branch)
                branches[truth] = p
                sens |= s
                if truth in cond:
                    poss |= p
        if agree:
            then, other = branches[T], branches[F]
            poss |= then & other
            if not (len(then) == 1 and then == other):
                poss.add(N)
        return frozenset(poss), frozenset(sens)


def _union(sets: Any) -> frozenset[str]:
    out: set[str] = set()
    for s in sets:
        out |= s
    return frozenset(out)


def _status(app: str, crit: str) -> str:
    if app == F:
        return "not_applicable"
    if crit == F:
        return "ineligible"
    if N in (app, crit):
        return "undetermined"
    return "eligible"


def read_under_known(cp: CompiledProgram) -> frozenset[str]:
    """The fields ``cp`` reads under ``Known``/``Coalesce``: whether they are answered at all decides
    whether other fields matter."""
    return _cache(cp).non_monotone


def settled(cp: CompiledProgram, status: str, in_scope: bool, open_paths: frozenset[str]) -> bool:
    """Whether a status is final whatever the open fields are answered, known without walking the
    tree: Kleene logic never turns a decided value into another one, so ``eligible`` and
    ``not_applicable`` stay, and ``ineligible`` stays once the scope is known to apply — unless an open
    field is read under ``Known``/``Coalesce``."""
    if open_paths & _cache(cp).non_monotone:
        return False
    return status in ("eligible", "not_applicable") or (status == "ineligible" and in_scope)


def analyse(
    cp: CompiledProgram, row: dict[str, Any], open_paths: frozenset[str], memo: dict[int, str] | None = None
) -> Analysis:
    """The statuses ``cp`` can still reach on ``row`` and the open fields that can change its status.

    ``memo`` (node id → value) may be shared by analyses of the same program on the same row: a
    subtree reading no open field has the same value whichever fields are left open."""
    cache = _cache(cp)
    walk = _Walk(cache, row, open_paths, memo)
    app, app_sens = walk.info(cache.applicability)
    crit, crit_sens = walk.info(cache.criteria)
    statuses = frozenset(_status(a, c) for a in app for c in crit)
    if len(statuses) <= 1:
        return Analysis(statuses, NOTHING, NOTHING)
    sensitive = app_sens | (crit_sens if app != {F} else NOTHING)
    direct: set[str] = set()
    if F not in app or app == {T}:
        for _, is_app, fields in cache.top_fields:
            reading = fields & open_paths
            known = all(row.get(p) is not None for p in fields - open_paths)
            if not is_app and len(reading) == 1 and known:
                direct |= reading & sensitive
    return Analysis(statuses, sensitive, frozenset(direct))

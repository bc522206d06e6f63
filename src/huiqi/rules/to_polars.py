"""Compile lowered columns (:mod:`huiqi.rules.core`) to Polars expressions and run them over a frame.

Polars' nullable booleans are Kleene's three-valued logic, so a rule compiled here means the same on
a one-row frame and on a million rows (``huiqi screen``). Units inside the frame: money is integer 分
(Int64; Int128 where two amounts multiply), ratios for display are integers scaled by 10⁸, dates are
Polars dates. The expressions are built only when a table is evaluated, once per compiled program.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from decimal import Decimal

import polars as pl

from huiqi.rules import core as C
from huiqi.rules import expr as E
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.context import Context, RuleCompileError
from huiqi.rules.lower import lower_expr
from huiqi.rules.polars_share import SHARED_MIN_ROWS, Sharing, flattened, is_blank, is_text, share

WIDE = pl.Int128
REWARD_TYPE = pl.Decimal(20, 2)
_TYPES: dict[str, pl.DataType] = {"i64": pl.Int64(), "wide": pl.Int128(), "dec": pl.Decimal(38, 6),
                                  "bool": pl.Boolean()}


def _compare(op: C.CmpOp, left: pl.Expr, right: pl.Expr) -> pl.Expr:
    return {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
        "!=": left != right,
    }[op]


def _literal(node: C.Lit) -> pl.Expr:
    value = node.value
    if isinstance(value, tuple):
        return pl.lit(pl.Series(list(value)))
    if node.type is not None:
        return pl.lit(value, _TYPES[node.type])
    if isinstance(value, Decimal):
        return pl.lit(value, pl.Decimal(38, 6))
    return pl.lit(value)


def _if(node: C.If) -> pl.Expr:
    cond, then = compile_core(node.cond), compile_core(node.then)
    if isinstance(node.other, C.Lit) and node.other.value is None and not node.agree:
        return pl.when(cond).then(then)  # an unknown or false condition: unknown
    other = compile_core(node.other)
    unknown: pl.Expr = pl.when(then == other).then(then) if node.agree else pl.lit(None)
    return pl.when(cond.is_null()).then(unknown).when(cond).then(then).otherwise(other)


def _at_least(n: int, parts: list[pl.Expr]) -> pl.Expr:
    true_count = pl.sum_horizontal([p.fill_null(False).cast(pl.Int32) for p in parts])
    possible = pl.sum_horizontal([p.fill_null(True).cast(pl.Int32) for p in parts])
    return pl.when(true_count >= n).then(True).when(possible < n).then(False).otherwise(None)


def _pick_text(node: C.Case) -> pl.Expr:
    """A case choosing among texts (a status) as the number of its arm indexing a table of the texts:
    one text column built, not one per arm."""
    texts = [value.value for _, value in node.arms if isinstance(value, C.Lit)]
    assert isinstance(node.default, C.Lit)
    arms = iter(enumerate(node.arms))
    index, (cond, _) = next(arms)
    chain = pl.when(compile_core(cond)).then(pl.lit(index, pl.Int32))
    for index, (cond, _) in arms:
        chain = chain.when(compile_core(cond)).then(pl.lit(index, pl.Int32))  # type: ignore[assignment]
    number = chain.otherwise(pl.lit(len(texts), pl.Int32))
    return pl.lit(pl.Series([*texts, node.default.value], dtype=pl.String)).gather(number)


#: while a shared plan is compiled: the subtrees read from hidden columns, and the one being defined
_SHARING: ContextVar[tuple[Sharing, C.Node | None] | None] = ContextVar("huiqi_sharing", default=None)


def compile_core(node: C.Node) -> pl.Expr:
    """The Polars expression computing a core expression over a frame of §5 columns."""
    sharing = _SHARING.get()
    if sharing is not None and (hidden := sharing[0].column(node, sharing[1])) is not None:
        return pl.col(hidden)
    if isinstance(node, C.Case):
        node = flattened(node)  # nested choices as one
    match node:
        case C.Col():
            return pl.col(node.name)
        case C.Lit():
            return _literal(node)
        case C.Cmp():
            return _compare(node.op, compile_core(node.left), compile_core(node.right))
        case C.Arith():
            left, right = compile_core(node.left), compile_core(node.right)
            return left * right if node.op == "*" else (left + right if node.op == "+" else left - right)
        case C.IDiv():
            return compile_core(node.left) // compile_core(node.right)
        case C.Widen():
            return compile_core(node.part).cast(WIDE)
        case C.And():
            return pl.all_horizontal([compile_core(p) for p in node.parts])
        case C.Or():
            return pl.any_horizontal([compile_core(p) for p in node.parts])
        case C.Not():
            return compile_core(node.part).not_()
        case C.IsNotNull():
            return compile_core(node.part).is_not_null()
        case C.IsNull():
            return compile_core(node.part).is_null()
        case C.AtLeast():
            return _at_least(node.n, [compile_core(p) for p in node.parts])
        case C.If():
            return _if(node)
        case C.Case() if isinstance(node.default, C.JoinIds) and all(is_blank(v) for _, v in node.arms):
            return _join_ids(node.default.items, [compile_core(cond) for cond, _ in node.arms])
        case C.Case() if node.arms and all(is_text(v) for v in (*(v for _, v in node.arms), node.default)):
            return _pick_text(node)
        case C.Case():
            arms = iter(node.arms)
            cond, value = next(arms)
            chain = pl.when(compile_core(cond)).then(compile_core(value))
            for cond, value in arms:
                chain = chain.when(compile_core(cond)).then(compile_core(value))  # type: ignore[assignment]
            return chain.otherwise(compile_core(node.default))
        case C.Coalesce():
            return pl.coalesce([compile_core(p) for p in node.parts])
        case C.InSet():
            return compile_core(node.part).is_in(list(node.values))
        case C.Slice():
            return compile_core(node.part).str.slice(node.start, node.length)
        case C.Lookup():
            keys, values = [k for k, _ in node.mapping], [v for _, v in node.mapping]
            return compile_core(node.key).replace_strict(keys, values, default=None, return_dtype=pl.String)
        case C.ShiftYears():
            return compile_core(node.part).dt.offset_by(f"{node.years}y")
        case C.Hundredths():
            return hundredths_to_decimal(compile_core(node.part))
        case C.JoinIds():
            return _join_ids(node.items)
    raise RuleCompileError(f"cannot compile {type(node).__name__} to Polars")


#: ids per lookup table of :func:`_join_ids` (2¹² texts)
JOIN_GROUP = 12


def _join_ids(items: tuple[tuple[str, C.Node], ...], blank: list[pl.Expr] | None = None) -> pl.Expr:
    """The ids whose test is TRUE, ``;``-joined ('' where a ``blank`` condition is TRUE): per group of
    up to :data:`JOIN_GROUP` ids, the TRUE tests as the bits of a number indexing the table of every
    subset's text, the groups' texts joined. Far cheaper than a text per id, joined."""
    if not items:
        return pl.lit("")
    count = join_groups(len(items))
    size = -(-len(items) // count)
    groups = []
    for start in range(0, len(items), size):
        part = items[start:start + size]
        zero = pl.lit(0, pl.Int32)
        bits = pl.sum_horizontal([pl.when(compile_core(test)).then(pl.lit(1 << i, pl.Int32)).otherwise(zero)
                                  for i, (_, test) in enumerate(part)])
        if blank:
            bits = pl.when(pl.any_horizontal(blank)).then(zero).otherwise(bits)
        ids = [ident for ident, _ in part]
        texts: list[str | None] = [";".join(ident for i, ident in enumerate(ids) if mask >> i & 1)
                                   for mask in range(1 << len(part))]
        if count > 1:
            texts[0] = None  # an empty group adds no separator
        groups.append(pl.lit(pl.Series(texts, dtype=pl.String)).gather(bits))
    return groups[0] if count == 1 else pl.concat_str(groups, separator=";", ignore_nulls=True)


def join_groups(ids: int) -> int:
    """The lookup tables :func:`_join_ids` builds for ``ids`` ids."""
    return -(-ids // JOIN_GROUP)


def hundredths_to_decimal(hundredths: pl.Expr) -> pl.Expr:
    """An integer count of 0.01 万元 (≥ 0) as an exact Decimal(20, 2) of 万元, never through a float:
    the integer as a decimal times exactly 0.01 (scale 4, only two decimals non-zero), rescaled."""
    whole = hundredths.cast(REWARD_TYPE, strict=False)
    return (whole * pl.lit(Decimal("0.01"), REWARD_TYPE)).cast(REWARD_TYPE, strict=False)


def compile_expr(node: E.Expr, ctx: Context) -> pl.Expr:
    """One rule subtree at ``ctx`` as a Polars expression (lowered, then compiled)."""
    return compile_core(lower_expr(node, ctx))


def polars_columns(compiled: CompiledProgram) -> dict[str, pl.Expr]:
    """``compiled``'s columns as named Polars expressions, built once and kept on it."""
    cached: dict[str, pl.Expr] | None = compiled.__dict__.get("_polars")
    if cached is None:
        cached = {name: compile_core(node).alias(name) for name, node in compiled.columns.items()}
        compiled.__dict__["_polars"] = cached
    return cached


def evaluate(
    frame: pl.DataFrame | pl.LazyFrame,
    programs: list[CompiledProgram],
    shared: bool | None = None,
    keep: tuple[str, ...] | None = None,
) -> pl.LazyFrame:
    """Add every program's columns to ``frame``, pass by pass (a column comes a pass after those it reads).

    ``shared`` (default: for frames of 10,000 rows or more) computes a subexpression that several
    columns repeat once (criteria, and the statuses, failed ids and rewards reading them), in a hidden
    column (:mod:`huiqi.rules.polars_share`), dropped again. ``keep``: the computed columns the caller
    reads afterwards (default: every program column); each other computed column is dropped after the
    last pass that reads it, so a chunk never holds all of them at once (about 4 KiB a row).
    """
    if shared is None:
        shared = isinstance(frame, pl.DataFrame) and frame.height >= SHARED_MIN_ROWS
    lazy = frame.lazy()
    passes, drops = _passes(programs, shared, keep)
    for exprs, dead in zip(passes, drops, strict=True):
        lazy = lazy.with_columns(exprs)
        if dead:
            lazy = lazy.drop(dead)
    return lazy


#: per pass, its expressions and the computed columns no later pass (nor the caller) reads
_Plan = tuple[list[list[pl.Expr]], list[list[str]]]
_PLANS: dict[tuple[object, ...], tuple[list[CompiledProgram], _Plan]] = {}
#: one plan is built at a time: a thread wanting the plan another is building waits for it
_PLANNING = threading.Lock()


def _passes(programs: list[CompiledProgram], shared: bool, keep: tuple[str, ...] | None = None) -> _Plan:
    """The programs' columns (and the shared hidden ones) by pass, and what to drop after each."""
    key = (int(shared), keep, *(id(cp) for cp in programs))
    hit = _PLANS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], programs, strict=True)):
        return hit[1]
    with _PLANNING:
        hit = _PLANS.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], programs, strict=True)):
            return hit[1]
        return _plan(programs, shared, keep, key)


def prepare(programs: list[CompiledProgram], shared: bool = True, keep: tuple[str, ...] | None = None) -> None:
    """Build the plan :func:`evaluate` will use (about 0.1 s of Python for every program: the repeated
    subtrees are found on the lowered rules, then compiled), e.g. in another thread while the first
    chunk is read and validated."""
    _passes(programs, shared, keep)


def _plan(
    programs: list[CompiledProgram], shared: bool, keep: tuple[str, ...] | None, key: tuple[object, ...]
) -> _Plan:
    hidden: list[pl.Expr] = []
    if shared:
        columns = {name: node for compiled in programs for name, node in compiled.columns.items()}
        exprs, hidden = _shared_columns(columns, share(columns))
    else:
        exprs = [expr for compiled in programs for expr in polars_columns(compiled).values()]
    passes = by_pass([*hidden, *exprs])
    wanted = set(keep) if keep is not None else {expr.meta.output_name() for expr in exprs}
    plan = (passes, _dead_after(passes, wanted))
    if len(_PLANS) >= 16:
        _PLANS.clear()
    _PLANS[key] = (list(programs), plan)
    return plan


def _shared_columns(columns: dict[str, C.Node], sharing: Sharing) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """``columns`` compiled reading the hidden columns of ``sharing``, and those hidden columns."""
    token = _SHARING.set((sharing, None))
    try:
        exprs = [compile_core(node).alias(name) for name, node in columns.items()]
        hidden = []
        for name, node in sharing.hidden.items():
            _SHARING.set((sharing, node))
            hidden.append(compile_core(node).alias(name))
    finally:
        _SHARING.reset(token)
    return exprs, hidden


def _dead_after(passes: list[list[pl.Expr]], wanted: set[str]) -> list[list[str]]:
    """Per pass, the columns computed so far that neither a later pass nor the caller reads."""
    last: dict[str, int] = {}  # computed column → the last pass reading it
    for index, exprs in enumerate(passes):
        for expr in exprs:
            last[expr.meta.output_name()] = index
    computed = set(last)
    for index, exprs in enumerate(passes):
        for expr in exprs:
            for name in expr.meta.root_names():
                if name in computed:
                    last[name] = max(last[name], index)
    drops: list[list[str]] = [[] for _ in passes]
    for name, index in last.items():
        if name not in wanted:
            drops[index].append(name)
    return drops


def by_pass(exprs: list[pl.Expr]) -> list[list[pl.Expr]]:
    """Named ``exprs`` in passes: each in the pass after the last of the others it reads."""
    named = {expr.meta.output_name(): expr for expr in exprs}
    reads = {name: [c for c in expr.meta.root_names() if c in named and c != name] for name, expr in named.items()}
    level: dict[str, int] = {}

    def level_of(name: str) -> int:
        if name not in level:
            level[name] = 1 + max((level_of(c) for c in reads[name]), default=-1)
        return level[name]

    passes: list[list[pl.Expr]] = []
    for name, expr in named.items():
        lv = level_of(name)
        while len(passes) <= lv:
            passes.append([])
        passes[lv].append(expr)
    return passes

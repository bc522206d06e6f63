"""The Polars plan of the screening: repeated subtrees computed once, columns dropped as soon
as no later pass reads them, and the plan built ahead in another thread — the same values each way."""

from __future__ import annotations

import datetime as dt
import threading

import polars as pl

from huiqi.engine import default_engine
from huiqi.rules import core as C
from huiqi.rules import to_polars
from huiqi.rules.polars_share import share

AS_OF = dt.date(2023, 6, 1)


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"a": [1, 2, None, 4, 0], "b": [0, 1, 2, None, 3]})


def _repeated() -> C.Node:
    """A fresh object each call: equal subtrees in different objects are shared as well."""
    return C.Cmp(">=", C.Arith("+", C.Arith("*", C.Col("a"), C.Lit(3)), C.Col("b")), C.Lit(4))


def _shared_values(columns: dict[str, C.Node], frame: pl.DataFrame) -> pl.DataFrame:
    exprs, hidden = to_polars._shared_columns(columns, share(columns))
    lazy = frame.lazy()
    for level in to_polars.by_pass([*hidden, *exprs]):
        lazy = lazy.with_columns(level)
    return lazy.select(list(columns)).collect()


def test_repeated_subtrees_computed_once_with_the_same_values() -> None:
    """A subtree that three columns repeat (in a failed-ids table, a conjunction, an if) becomes one
    hidden column; the part repeated only inside it gets none of its own; values are unchanged."""
    columns = {
        "one": C.JoinIds((("x", _repeated()), ("y", C.IsNull(C.Col("a"))))),
        "two": C.And((_repeated(), C.Cmp(">", C.Col("b"), C.Lit(0)))),
        "three": C.If(C.IsNotNull(C.Col("b")), _repeated(), C.Lit(False)),
        "once": C.Cmp("<", C.Arith("-", C.Col("b"), C.Col("a")), C.Lit(1)),
    }
    sharing = share(columns)
    kinds = [type(node).__name__ for node in sharing.hidden.values()]
    assert kinds.count("Cmp") == 1 and "Arith" not in kinds, kinds
    plain = _frame().select([to_polars.compile_core(node).alias(name) for name, node in columns.items()])
    assert _shared_values(columns, _frame()).equals(plain)
    # by hand: a·3 + b ≥ 4 is false, true, unknown, unknown, false on the five rows
    assert plain["one"].to_list() == ["", "x", "y", "", ""]
    assert plain["two"].to_list() == [False, True, None, None, False]
    assert plain["three"].to_list() == [False, True, None, False, False]


def test_equal_looking_literals_of_other_types_are_not_merged() -> None:
    """``1`` and ``Decimal('1')`` (and ``True``) are different literals: no subtree reading one is
    computed from the other's column."""
    from decimal import Decimal

    def test(value: object) -> C.Node:
        return C.Cmp("==", C.Arith("+", C.Col("a"), C.Col("b")), C.Lit(value))

    literals = (("int", 1), ("dec", Decimal("1.000000")), ("dec2", Decimal("1")))
    columns = {f"{kind}{i}": test(value) for kind, value in literals for i in range(2)}
    sharing = share(columns)
    assert len(sharing.hidden) == 3
    by_column = {name: sharing.column(node) for name, node in columns.items()}
    assert len(set(by_column.values())) == 3 and by_column["int0"] == by_column["int1"]


def test_columns_kept_are_those_without_dropping() -> None:
    """``keep``: the columns asked for come out as when every column is kept (the others dropped early)."""
    from huiqi.batch.synthetic import synthetic_frame
    from huiqi.batch.validate import validate_chunk

    compiled = default_engine().compile(AS_OF)
    raw = synthetic_frame(12_000, AS_OF, seed=3)
    frame = validate_chunk(raw, {c: c for c in raw.columns})
    keep = tuple(cp.col("status") for cp in compiled) + tuple(cp.col("failed") for cp in compiled)
    every = to_polars.evaluate(frame, compiled).select(keep).collect()
    dropped = to_polars.evaluate(frame, compiled, keep=keep)
    assert set(keep) <= set(dropped.collect_schema().names())
    assert dropped.select(keep).collect().equals(every)


def test_plan_built_in_another_thread_is_the_one_used() -> None:
    """A plan asked for while another thread builds it is built once."""
    compiled = default_engine().compile(AS_OF)
    to_polars._PLANS.clear()
    built: list[int] = []
    plan = to_polars._plan

    def counted(*args: object) -> object:
        built.append(1)
        return plan(*args)  # type: ignore[arg-type]

    to_polars._plan = counted  # type: ignore[assignment]
    try:
        threads = [threading.Thread(target=to_polars.prepare, args=(compiled,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        to_polars._plan = plan
    assert built == [1]

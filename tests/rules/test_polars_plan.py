"""The Polars plan of the screening: shared subexpressions with literal tables, columns dropped as soon
as no later pass reads them, and the plan built ahead in another thread — the same values each way."""

from __future__ import annotations

import datetime as dt
import threading

import polars as pl

from huiqi.engine import default_engine
from huiqi.rules import to_polars
from huiqi.rules.polars_share import share

AS_OF = dt.date(2023, 6, 1)


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"a": [1, 2, None, 4], "b": [0, 1, 2, 3]})


def _values(levels: list[list[pl.Expr]], exprs: list[pl.Expr], frame: pl.DataFrame) -> pl.DataFrame:
    lazy = frame.lazy()
    for level in levels:
        lazy = lazy.with_columns(level)
    return lazy.select(exprs).collect()


def test_shared_subtrees_beside_literal_tables() -> None:
    """Expressions holding literal Series (the failed ids' tables) share their repeated subtrees and
    keep their tables whole, equal tables or not."""
    table = pl.lit(pl.Series(["", "x", "y", "x;y"], dtype=pl.String))
    other = pl.lit(pl.Series(["-", "p", "q", "p;q"], dtype=pl.String))
    repeated = ((pl.col("a") * 3 + pl.col("b")) % 4 + pl.col("a").fill_null(0) * 2) % 4
    exprs = [
        table.gather(repeated.fill_null(0)).alias("one"),
        other.gather(repeated.fill_null(1)).alias("two"),
        table.gather(repeated.fill_null(2)).alias("three"),
        pl.lit("huiqi-series-0").alias("four"),  # a text that looks like a token: nothing shared
    ]
    levels, rewritten = share(exprs[:3])
    assert levels and all("__shared::" in str(e) for e in rewritten)
    assert _values(levels, rewritten, _frame()).equals(_frame().select(exprs[:3]))
    levels, rewritten = share(exprs)
    assert _values(levels, rewritten, _frame()).equals(_frame().select(exprs))


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

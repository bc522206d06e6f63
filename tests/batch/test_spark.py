"""The SQL compiler's ``spark`` dialect, run on pyspark local mode, gives every lowered column
(criteria with their ``::actual`` and ``::threshold``, status, failed ids, caps, rate, reward) the
generated Python function gives, on every hand case, as ``tests/rules/test_lowering_backends.py``
proves for Polars and DuckDB. Cases sharing ``as_of`` and assumptions run as one query over the
programs they are about (one Spark session per module)."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime: `java` is not on PATH", allow_module_level=True)

from huiqi.batch.spark import screen_spark, spark_session
from huiqi.engine import Choices, default_engine
from huiqi.profile.columns import frame_from_rows
from huiqi.programs.cases import backend_mismatches, case_rows, cases_by_date_and_readings

CASE_ID = "__case"
ROW_ID = "__row"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local session for the module. pyspark replaces the process's SIGINT handler with one that
    cancels the context's jobs; it is put back after ``stop()``, or a later Ctrl+C (or the SIGINT
    pytest-xdist sends a worker that is slow to exit) hits the stopped context's AttributeError."""
    before = signal.getsignal(signal.SIGINT)
    session = spark_session("local[1]")
    yield session
    session.stop()
    signal.signal(signal.SIGINT, before)


GROUPS = cases_by_date_and_readings()


@pytest.mark.parametrize("key", list(GROUPS), ids=[f"{k[0]}:{dict(k[1])}" for k in GROUPS])
def test_spark_agrees_with_the_per_profile_evaluator(spark: Any, key: tuple[Any, ...]) -> None:
    import polars as pl

    engine = default_engine()
    as_of, assume = key
    # the programs these cases are about (every program's query on Spark would take minutes)
    ids = tuple(sorted({case.program for case in GROUPS[key]} & set(engine.families)))
    compiled = engine.compile(as_of, Choices.of(dict(assume)), ids)
    columns = sorted({c for cp in compiled for c in cp.input_fields()})
    rows, names = case_rows(GROUPS[key])
    frame = frame_from_rows(rows, columns).with_row_index(ROW_ID)
    frame = frame.with_columns(pl.col(ROW_ID).cast(pl.Int64), pl.Series(CASE_ID, names))
    result = screen_spark(spark.createDataFrame(frame.to_arrow()), compiled)
    wanted = [ROW_ID] + [name for cp in compiled for name in cp.columns]
    got = {r[ROW_ID]: r.asDict() for r in result.select(*[f"`{c}`" for c in wanted]).collect()}
    assert len(got) == len(rows)
    assert not backend_mismatches(compiled, rows, names, [got[i] for i in range(len(rows))])


def test_spark_output_columns_are_the_screeners(spark: Any) -> None:
    """``screen_spark_output``'s §5 columns (error rows, rows without a project, programs not in force)
    equal what the Polars screener computes from the same expressions."""
    import polars as pl

    from huiqi.batch.outputs import screen_outputs
    from huiqi.batch.spark import screen_spark_output
    from huiqi.rules import core as C
    from huiqi.rules.to_polars import compile_core, evaluate

    engine = default_engine()
    key = max(GROUPS, key=lambda k: len(GROUPS[k]))
    as_of, assume = key
    ids = engine.program_ids()
    compiled = engine.compile(as_of, Choices.of(dict(assume)))
    rows, _ = case_rows(GROUPS[key])
    columns = sorted({c for cp in compiled for c in cp.input_fields()})
    frame = frame_from_rows([{c: r.get(c) for c in columns} for r in rows], columns).with_row_index(ROW_ID)
    frame = frame.with_columns(pl.col(ROW_ID).cast(pl.Int64),
                               pl.when(pl.col(ROW_ID) % 5 == 0).then(pl.lit("坏行")).alias("error"))
    if any(c.startswith("project.") for c in columns):  # some rows without any project value
        frame = frame.with_columns([pl.when(pl.col(ROW_ID) % 3 == 0).then(None).otherwise(pl.col(c)).alias(c)
                                    for c in columns if c.startswith("project.")])
    out = screen_spark_output(spark.createDataFrame(frame.to_arrow()), as_of, ids, dict(assume), engine)
    names = [f"{pid}.{s}" for pid in ids for s in ("status", "reward_max_wan", "failed")]
    got = {r[ROW_ID]: r.asDict() for r in out.select(f"`{ROW_ID}`", *[f"`{n}`" for n in names]).collect()}
    projects = tuple(C.IsNotNull(C.Col(c)) for c in columns if c.startswith("project."))
    nodes = screen_outputs(compiled, ids, C.IsNotNull(C.Col("error")), C.Or(projects) if projects else C.Lit(False))
    want = evaluate(frame, compiled).select(ROW_ID, *[compile_core(n).alias(k) for k, n in nodes.items()])
    for row in want.collect().to_dicts():
        assert {n: got[row[ROW_ID]][n] for n in names} == {n: row[n] for n in names}, row[ROW_ID]

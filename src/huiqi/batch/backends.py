"""Where the compiled rules run over a validated chunk: Polars (default), DuckDB or Spark.

All three get the same typed §5 frame (money Int64 分) from the validator and give back the program
columns ``<program>::status``, ``::failed`` and ``::reward`` (hundredths of 万元) the screener reads,
and with ``detail`` the ``::actual``/``::threshold`` of the criteria the margin reads. All three compile
the same lowered columns: DuckDB and Spark run :func:`huiqi.rules.to_sql.program_sql`
(``tests/rules/test_lowering_backends.py`` and ``tests/batch/test_spark.py`` prove every column
equal to the generated Python's).
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl

from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.to_polars import evaluate

Backend = Literal["polars", "duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("polars", "duckdb", "spark")
ROW = "__row"


def program_columns(compiled: list[CompiledProgram], detail: bool = False) -> list[str]:
    """The columns the screener reads: status, failed ids, reward; with ``detail`` also the top-level
    criteria's ``::actual`` and ``::threshold`` (for the margin)."""
    out = []
    for cp in compiled:
        out += [cp.col(s) for s in ("status", "failed", "reward") if cp.col(s) in cp.columns]
        if detail:
            shown = (f"{cc.column}::{part}" for cc in cp.criteria if cc.top_level for part in ("actual", "threshold"))
            out += [name for name in shown if name in cp.columns]
    return out


class Evaluator:
    """Adds the program columns to a typed chunk on one backend (a connection/session kept open)."""

    def __init__(self, compiled: list[CompiledProgram], backend: Backend = "polars",
                 spark_master: str | None = None, detail: bool = False) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; one of {', '.join(BACKENDS)}")
        self.compiled = compiled
        self.backend = backend
        self.spark_master = spark_master
        self.detail = detail
        self._duckdb: Any = None
        self._spark: Any = None

    def __call__(self, frame: pl.DataFrame, keep: tuple[str, ...] | None = None) -> pl.LazyFrame:
        """``frame`` with the program columns; ``keep``: those the caller reads (Polars drops the others
        as soon as it can, see :func:`~huiqi.rules.to_polars.evaluate`)."""
        if self.backend == "polars" or not self.compiled:
            return evaluate(frame, self.compiled, keep=keep)
        sql = self._run_duckdb(frame) if self.backend == "duckdb" else self._run_spark(frame)
        return pl.concat([frame, sql], how="horizontal").lazy()

    def _run_duckdb(self, frame: pl.DataFrame) -> pl.DataFrame:
        import duckdb

        from huiqi.rules.to_sql import program_sql

        if self._duckdb is None:
            self._duckdb = duckdb.connect()
        con = self._duckdb
        con.register("huiqi_input", frame.to_arrow())
        try:
            names = ", ".join('"' + c.replace('"', '""') + '"' for c in program_columns(self.compiled, self.detail))
            query = f"SELECT {names} FROM ({program_sql(self.compiled, 'huiqi_input')}) AS screened"
            table = con.sql(query).to_arrow_table()
        finally:
            con.unregister("huiqi_input")
        return _typed(pl.from_arrow(table))  # type: ignore[arg-type]

    def _run_spark(self, frame: pl.DataFrame) -> pl.DataFrame:
        from huiqi.batch.spark import screen_spark, spark_session

        if self._spark is None:
            self._spark = spark_session(self.spark_master)
        indexed = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
        result = screen_spark(self._spark.createDataFrame(indexed.to_arrow()), self.compiled)
        wanted = [ROW, *program_columns(self.compiled, self.detail)]
        table = result.select(*[f"`{c}`" for c in wanted]).toArrow()
        out = pl.from_arrow(table)
        assert isinstance(out, pl.DataFrame)
        return _typed(out.sort(ROW).drop(ROW))


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    """Rewards as Int64 hundredths (the SQL engines answer 128-bit integers or DECIMAL(38,0))."""
    rewards = [c for c in frame.columns if c.endswith("::reward")]
    return frame.with_columns(pl.col(rewards).cast(pl.Int64)) if rewards else frame

"""The SQL compiler, run on DuckDB, gives the per-profile evaluator's answers (status, failed criteria,
reward of every program) on every hand case. Cases sharing ``as_of`` and assumptions run as one query
over all programs, one row per case (and project); a mismatch names its case."""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl
import pytest

from huiqi.engine import Choices, default_engine
from huiqi.profile.columns import frame_from_rows
from huiqi.programs.cases import backend_mismatches, case_rows, cases_by_date_and_readings
from huiqi.rules.to_sql import program_sql

ROW_ID = "__row"


GROUPS = cases_by_date_and_readings()


@pytest.mark.parametrize("key", list(GROUPS), ids=[f"{k[0]}:{dict(k[1])}" for k in GROUPS])
def test_duckdb_agrees_with_the_per_profile_evaluator(key: tuple[Any, ...]) -> None:
    as_of, assume = key
    compiled = default_engine().compile(as_of, Choices.of(dict(assume)))
    rows, names = case_rows(GROUPS[key])
    columns = sorted({c for cp in compiled for c in cp.input_fields()})
    frame = frame_from_rows(rows, columns).with_row_index(ROW_ID).with_columns(pl.col(ROW_ID).cast(pl.Int64))
    con = duckdb.connect()
    con.register("input", frame.to_arrow())
    cursor = con.execute(f"SELECT * FROM ({program_sql(compiled)}) ORDER BY {ROW_ID}")
    labels = [d[0] for d in cursor.description]
    result = [dict(zip(labels, values, strict=True)) for values in cursor.fetchall()]
    assert [r[ROW_ID] for r in result] == list(range(len(rows)))
    assert not backend_mismatches(compiled, rows, names, result)

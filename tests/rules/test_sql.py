"""The SQL compiler, run on DuckDB, gives the per-profile evaluator's answers on every hand case."""

from __future__ import annotations

import duckdb
import pytest

from huiqi.engine import Choices, default_engine, parse_profile
from huiqi.profile.columns import frame_from_rows, profile_rows
from huiqi.programs.cases import all_cases
from huiqi.rules.to_python import evaluate_row
from huiqi.rules.to_sql import program_sql

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.program}:{c.name}" for c in CASES])
def test_duckdb_agrees_with_the_per_profile_evaluator(case) -> None:
    engine = default_engine()
    profile, _ = parse_profile(case.profile)
    compiled = engine.compile(case.as_of, Choices.of(case.assume))
    rows = profile_rows(profile)
    frame = frame_from_rows(rows, sorted({c for cp in compiled for c in cp.input_fields()}))
    con = duckdb.connect()
    con.register("input", frame.to_arrow())
    cursor = con.execute(program_sql(compiled))
    names = [d[0] for d in cursor.description]
    result = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    for row, sql_row in zip(rows, result, strict=True):
        for cp in compiled:
            expected = evaluate_row(cp, row)
            for suffix in ("status", "failed", "reward"):
                name = cp.col(suffix)
                if name in expected or suffix != "reward":
                    got = sql_row.get(name)
                    assert (None if got is None else type(expected[name])(got)) == expected[name], name

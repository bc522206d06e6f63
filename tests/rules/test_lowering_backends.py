"""Every lowered column (criteria with their ``::actual`` and ``::threshold``, status, failed ids, caps,
rate, reward, reward_capped) comes out the same from the generated Python function, Polars and SQL on
DuckDB, on every hand case. Cases sharing ``as_of`` and assumptions run as one group: one
compilation, one frame, one query; a mismatch names its case and column.

Planning a query of every program takes Polars and DuckDB about half a second, so per group they run
the programs the group's cases are about, and on the three busiest dates every program runs on every case's rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl
import pytest

from huiqi.engine import Choices, default_engine
from huiqi.profile.columns import frame_from_rows
from huiqi.programs.cases import backend_mismatches, case_rows, cases_by_date_and_readings
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.to_polars import evaluate
from huiqi.rules.to_sql import program_sql

ROW_ID = "__row"
GROUPS = cases_by_date_and_readings()


def busiest_dates(count: int) -> list[dt.date]:
    """The ``count`` dates of the cases with the most programs in force, each a different set of versions."""
    families = default_engine().families.values()
    found: dict[tuple[int, ...], dt.date] = {}
    for day in sorted({key[0] for key in GROUPS}):
        found.setdefault(tuple(id(f.at(day)) for f in families), day)
    return sorted(found.values(), key=lambda day: -sum(f.at(day) is not None for f in families))[:count]


DATES = busiest_dates(3)


def frame_of(compiled: list[CompiledProgram], rows: list[dict[str, Any]]) -> pl.DataFrame:
    columns = sorted({c for cp in compiled for c in cp.input_fields()})
    rows = [{c: row.get(c) for c in columns} for row in rows]  # (Polars infers keys it was not asked for)
    return frame_from_rows(rows, columns).with_row_index(ROW_ID).with_columns(pl.col(ROW_ID).cast(pl.Int64))


def duckdb_rows(compiled: list[CompiledProgram], frame: pl.DataFrame, optimise: bool = True) -> list[dict[str, Any]]:
    con = duckdb.connect()
    if not optimise:  # planning is most of a small query's time; the answers are the same
        con.execute("PRAGMA disable_optimizer")
    con.register("input", frame.to_arrow())
    cursor = con.execute(f"SELECT * FROM ({program_sql(compiled)}) ORDER BY {ROW_ID}")
    labels = [d[0] for d in cursor.description]
    out = [dict(zip(labels, values, strict=True)) for values in cursor.fetchall()]
    assert [r[ROW_ID] for r in out] == list(range(frame.height))
    return out


def check(compiled: list[CompiledProgram], rows: list[dict[str, Any]], names: list[str], big: bool) -> None:
    """``big``: as on a big frame, Polars shares subexpressions and DuckDB optimises the query."""
    frame = frame_of(compiled, rows)
    polars_rows = evaluate(frame, compiled, shared=big).collect().to_dicts()
    assert not backend_mismatches(compiled, rows, names, polars_rows), "polars"
    assert not backend_mismatches(compiled, rows, names, duckdb_rows(compiled, frame, big)), "duckdb"


@pytest.mark.parametrize("key", list(GROUPS), ids=[f"{k[0]}:{dict(k[1])}" for k in GROUPS])
def test_every_lowered_column_agrees_across_backends(key: tuple[Any, ...]) -> None:
    as_of, assume = key
    ids = tuple(sorted({case.program for case in GROUPS[key]} & set(default_engine().families)))
    rows, names = case_rows(GROUPS[key])
    check(default_engine().compile(as_of, Choices.of(dict(assume)), ids), rows, names, big=False)


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_every_program_on_every_case(as_of: dt.date) -> None:
    """Every program in force on ``as_of`` on the rows of every case (an input no case of a program
    was written for), as on a big frame (Polars sharing subexpressions, DuckDB's optimiser on)."""
    rows, names = case_rows([case for cases in GROUPS.values() for case in cases])
    check(default_engine().compile(as_of, Choices()), rows, names, big=True)


def test_assess_builds_no_polars_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    """One profile runs on the generated Python alone: compiling a program for a date only lowers it."""
    import json
    from pathlib import Path

    import huiqi.rules.to_polars as to_polars
    from huiqi.engine import Engine

    def refuse(node: object) -> None:
        raise AssertionError("a Polars expression was built")

    monkeypatch.setattr(to_polars, "compile_core", refuse)
    profile = json.loads((Path(__file__).parents[2] / "examples" / "dongguan-equipment.json").read_text("utf-8"))
    answer = Engine(list(default_engine().families.values())).assess(profile, as_of=dt.date(2023, 6, 1))
    assert {r["status"] for r in answer["results"]} >= {"eligible"}

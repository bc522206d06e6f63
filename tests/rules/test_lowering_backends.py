"""Every lowered column (criteria with their ``::actual`` and ``::threshold``, status, failed ids, caps,
rate, reward, reward_capped) of every program comes out the same from Polars, the generated Python
function and SQL on DuckDB, on every hand case. Cases sharing ``as_of`` and assumptions run as one
group: one compilation, one frame, one query; a mismatch names its case and column."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import duckdb
import polars as pl
import pytest

from huiqi.engine import Choices, default_engine
from huiqi.profile.columns import frame_from_rows
from huiqi.programs.cases import case_rows, cases_by_date_and_readings
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.to_polars import evaluate
from huiqi.rules.to_source import evaluate_row
from huiqi.rules.to_sql import program_sql

ROW_ID = "__row"
GROUPS = cases_by_date_and_readings()


def same(a: Any, b: Any) -> bool:
    """Equal values across backends: numbers by value (int, Decimal, 128-bit), everything else exactly."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool | None) and isinstance(b, bool | None) else False
    if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
        return Decimal(a) == Decimal(b)
    return bool(a == b) and type(a) is type(b)


def mismatches(compiled: list[CompiledProgram], names: list[str], expected: list[dict[str, Any]],
               got: list[dict[str, Any]], backend: str) -> list[str]:
    out = []
    for name, want_row, got_row in zip(names, expected, got, strict=True):
        for cp in compiled:
            for column in cp.columns:
                want, value = want_row[column], got_row.get(column, "<missing>")
                if not same(want, value):
                    out.append(f"{backend} {name}: {column} got {value!r} want {want!r}")
    return out


def group_frame(key: tuple[Any, ...]) -> tuple[list[CompiledProgram], list[dict[str, Any]], list[str], pl.DataFrame]:
    as_of, assume = key
    compiled = default_engine().compile(as_of, Choices.of(dict(assume)))
    rows, names = case_rows(GROUPS[key])
    columns = sorted({c for cp in compiled for c in [*cp.input_fields(), *cp.columns_read()]})
    frame = frame_from_rows(rows, columns).with_row_index(ROW_ID).with_columns(pl.col(ROW_ID).cast(pl.Int64))
    return compiled, rows, names, frame


@pytest.mark.parametrize("key", list(GROUPS), ids=[f"{k[0]}:{dict(k[1])}" for k in GROUPS])
def test_every_lowered_column_agrees_across_backends(key: tuple[Any, ...]) -> None:
    compiled, rows, names, frame = group_frame(key)
    generated = [{k: v for cp in compiled for k, v in evaluate_row(cp, row).items()} for row in rows]
    # a frame this small would not share subexpressions: forced here, so that path is proven too
    for shared in (False, True):
        polars_rows = evaluate(frame, compiled, shared=shared).collect().to_dicts()
        assert not mismatches(compiled, names, generated, polars_rows, f"polars(shared={shared})")
    con = duckdb.connect()
    con.register("input", frame.to_arrow())
    cursor = con.execute(f"SELECT * FROM ({program_sql(compiled)}) ORDER BY {ROW_ID}")
    labels = [d[0] for d in cursor.description]
    duck = [dict(zip(labels, values, strict=True)) for values in cursor.fetchall()]
    assert [r[ROW_ID] for r in duck] == list(range(len(rows)))
    assert not mismatches(compiled, names, generated, duck, "duckdb")

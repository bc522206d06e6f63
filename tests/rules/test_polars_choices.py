"""The Polars compilation of failed ids (bits indexing a table of texts, in groups) and of a case among
texts (an index into the texts), against the plain meaning of the core expressions."""

from __future__ import annotations

import itertools

import polars as pl

from huiqi.rules import core as C
from huiqi.rules.to_polars import JOIN_GROUP, compile_core

TRUTH = (True, False, None)


def test_failed_ids_over_several_groups_with_blank_and_unknown_tests() -> None:
    count = 2 * JOIN_GROUP + 3  # three groups
    rows = [[TRUTH[(r * 7 + i * (r + 3)) % 3] for i in range(count)] for r in range(60)]
    rows += [[None] * count, [True] * count, [False] * count]
    blank = [r % 5 == 0 for r in range(len(rows))]
    frame = pl.DataFrame({f"t{i}": [row[i] for row in rows] for i in range(count)} | {"blank": blank},
                         schema={**{f"t{i}": pl.Boolean for i in range(count)}, "blank": pl.Boolean})
    node = C.Case(((C.Col("blank"), C.Lit("")),), C.JoinIds(tuple((f"id{i}", C.Col(f"t{i}")) for i in range(count))))
    got = frame.select(compile_core(node).alias("failed"))["failed"].to_list()
    want = ["" if b else ";".join(f"id{i}" for i, t in enumerate(row) if t is True)
            for row, b in zip(rows, blank, strict=True)]
    assert got == want
    assert any(w.count(";") >= 2 * JOIN_GROUP for w in want)  # ids from every group joined


def test_case_among_texts_takes_the_first_true_arm_through_nested_cases() -> None:
    pairs = list(itertools.product(TRUTH, TRUTH))
    frame = pl.DataFrame({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]},
                         schema={"a": pl.Boolean, "b": pl.Boolean})
    inner = C.Case(((C.Col("b"), C.Lit("second")),), C.Lit("otherwise"))
    node = C.Case(((C.Col("a"), C.Lit("first")),), inner)
    got = frame.select(compile_core(node).alias("x"))["x"].to_list()
    assert got == ["first" if a is True else "second" if b is True else "otherwise" for a, b in pairs]

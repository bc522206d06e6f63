"""The per-profile evaluator and the Polars compiler give the same answers on every hand case."""

from __future__ import annotations

import pytest

from huiqi.engine import Choices, default_engine, parse_profile
from huiqi.profile.columns import profile_rows
from huiqi.programs.cases import all_cases
from huiqi.rules.to_source import evaluate_row

CASES = all_cases()
KEYS = ("::status", "::failed", "::reward", "::rate")


@pytest.mark.parametrize("case", CASES, ids=[f"{c.program}:{c.name}" for c in CASES])
def test_python_and_polars_agree(case) -> None:
    engine = default_engine()
    profile, _ = parse_profile(case.profile)
    compiled = engine.compile(case.as_of, Choices.of(case.assume))
    polars_rows = engine.assess_with_polars(profile, case.as_of, case.assume)
    for row, polars_row in zip(profile_rows(profile), polars_rows, strict=True):
        for cp in compiled:
            python_row = evaluate_row(cp, row)
            for name in python_row:
                compared = name.startswith(f"{cp.program.id}::") and (name.endswith(KEYS) or name.count("::") == 1)
                if compared and name in polars_row:
                    assert python_row[name] == polars_row[name], name


@pytest.mark.parametrize("case", CASES[::7], ids=[f"{c.program}:{c.name}" for c in CASES[::7]])
def test_node_closures_agree_with_generated_code(case) -> None:
    """The advice's per-node closures (to_python) give every criterion the value the generated
    program function (to_source) gives it."""
    from huiqi.rules.to_python import compile_fn

    engine = default_engine()
    profile, _ = parse_profile(case.profile)
    for row in profile_rows(profile):
        for cp in engine.compile(case.as_of, Choices.of(case.assume)):
            generated = evaluate_row(cp, row)
            assert cp.context is not None
            for cc in cp.criteria:
                assert compile_fn(cc.criterion.expression(), cp.context)(row) == generated[cc.column], cc.column

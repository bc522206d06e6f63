"""Every hand-written case of every program holds; every criterion is exercised by some case."""

from __future__ import annotations

import pytest

from huiqi.engine import default_engine
from huiqi.programs.cases import all_cases, check_case

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.program}:{c.name}" for c in CASES])
def test_case(case) -> None:
    result = default_engine().assess(case.profile, as_of=case.as_of, choices=case.assume, programs=[case.program])
    assert check_case(case, result) == []


def test_every_criterion_has_a_case() -> None:
    engine = default_engine()
    named: dict[str, set[str]] = {}
    for case in CASES:
        ids = set(case.expect.get("failed") or []) | set(case.expect.get("criteria") or {})
        named.setdefault(case.program, set()).update(ids)
    missing = []
    for family in engine.families.values():
        for program in family.versions:
            for criterion in program.all_criteria():
                if criterion.id not in named.get(family.id, set()):
                    missing.append(f"{family.id}:{criterion.id}")
    assert missing == []


def test_cases_cite_clauses() -> None:
    assert all(case.clause for case in CASES)

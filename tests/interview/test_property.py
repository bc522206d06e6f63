"""The interview is sound on every hand case, and asks nothing twice or after it can no longer matter.

Each hand case is interviewed for its own program, the answers read off the case's profile ("不知道"
where the profile has no value, "没有其他项目" past its last project). At the end the statuses must be
exactly what ``assess`` gives on the case's full profile: the interview never stops while an answer it
did not ask for could still change a verdict. A grouped question (several inputs on one screen) is
checked input by input: none asked before, all of one group, and each one could still change a status
when the screen was shown (the screen's other inputs counting as still open).
"""

from __future__ import annotations

import pytest
from tests.interview.helpers import run
from tests.interview.witness import mattered

from huiqi.engine import Choices, default_engine
from huiqi.interview import build_profile, parse_request
from huiqi.interview.catalogue import answer_path, row_path
from huiqi.interview.groups import group_key
from huiqi.interview.relevance import _cache
from huiqi.programs.cases import Case, all_cases

CASES = all_cases()


def _ids(case: Case) -> str:
    return f"{case.program}:{case.name}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_final_statuses_equal_assess_on_the_full_profile(case: Case) -> None:
    final, asked = run(case.profile, case.as_of.isoformat(), [case.program], case.assume)
    full = default_engine().assess(case.profile, as_of=case.as_of, choices=case.assume, programs=[case.program])
    assert [r["status"] for r in final["results"]] == [r["status"] for r in full["results"]]
    fields = [field for field, _ in asked]
    assert len(fields) == len(set(fields)), "a question was asked twice"
    for field, body in asked:  # the inputs of one screen belong to one group, none answered before
        lead = next(f for f, b in asked if b is body)
        assert group_key(field) == group_key(lead)
        assert field not in body["answers"] and field not in body["unknown"]


def _open_for(result: dict, index: int | None) -> set[str]:
    """Fields some unknown criterion of ``result`` is missing (as answer paths)."""
    out = set()
    for criterion in result["criteria"]:
        if criterion["status"] == "unknown":
            out |= {answer_path(p, index) for p in criterion.get("missing", [])}
    return out


@pytest.mark.parametrize("case", CASES[::6], ids=_ids)
def test_every_question_could_still_change_a_status_when_asked(case: Case) -> None:
    """Checked through ``assess``, not the interview's analysis of the rule trees: when a field is
    asked, either some answer to it changes a status right away (other fields as they stand, or as the
    case's profile has them), or some program it says it decides is still open (undetermined, or
    failing while its scope is unknown) and an unknown criterion of that program lacks the field."""
    _, asked = run(case.profile, case.as_of.isoformat(), [case.program], case.assume)
    engine = default_engine()
    fields = [field for field, _ in asked]
    for field, body in asked:
        assert field not in body["answers"] and field not in body["unknown"]
        screen = next(i for i, (_, b) in enumerate(asked) if b is body)  # a group's fields share one screen
        if mattered(field, body, case.profile, fields[screen:], []):
            continue
        req = parse_request(body)
        data = build_profile(req)
        index, row = row_path(field)
        results = engine.assess(data, as_of=req.as_of, choices=req.assume, programs=req.programs)["results"]
        if row == "project.kind":
            assert index == len(data["projects"]), f"{field}: asked about a project that is not the next one"
            continue
        project = f"p{index + 1}" if index is not None else None
        live = [
            r
            for r in results
            if (r["project"] == project or r["project"] is None or index is None)
            and (
                r["status"] == "undetermined"
                or (
                    r["status"] == "ineligible"
                    and any(c.get("role") == "applicability" and c["status"] == "unknown" for c in r["criteria"])
                )
            )
        ]
        assert live, f"{field}: asked although every program was already decided"
        index_of = {p["id"]: i for i, p in enumerate(data["projects"])}
        lacking = set().union(*(_open_for(r, index_of.get(r["project"])) for r in live))
        # a field whose absence a reading fills (coalesce, "known") never shows as missing, yet answering it
        # can still move the program, together with the fields it brings into play
        defaulted = set().union(*(
            _cache(cp).non_monotone
            for cp in engine.compile(req.as_of, Choices.of(req.assume), tuple(r["program"] for r in live))
        ))
        assert field in lacking or row in defaulted, f"{field}: asked although no unknown criterion lacks it"

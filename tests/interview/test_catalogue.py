"""Every field a rule reads, in any version of any program, is asked in the person's words."""

from __future__ import annotations

import datetime as dt

import pytest

from huiqi.batch.labels import pattern_of
from huiqi.engine import default_engine
from huiqi.interview.catalogue import QUESTIONS, answer_path, is_askable, question
from huiqi.interview.groups import GROUPS
from huiqi.rules import expr as E


def _read_by_rules() -> list[str]:
    """The §5 patterns the applicability and criteria of every program version read (every option of
    an assumption included; financial years resolved on an arbitrary date, then made patterns)."""
    found: set[str] = set()
    for family in default_engine().families.values():
        for program in family.versions:
            for top in [*program.applicability, *program.criteria]:
                for path in top.expression().fields():
                    found.add(pattern_of(E.resolve_path(path, dt.date(2024, 1, 1))))
    return sorted(found)


READ = _read_by_rules()


def test_the_rules_read_the_fields_of_技改_第八条_一_4() -> None:
    # the scan itself must see the fields added for the 备案证 change, or the test below proves nothing
    assert {"project.filing_changed", "project.previous_planned_completion"} <= set(READ)
    assert len(READ) > 50


@pytest.mark.parametrize("pattern", READ)
def test_every_field_the_rules_read_has_a_question(pattern: str) -> None:
    path = answer_path(pattern.replace(".*.", ".2023."), 0)
    assert is_askable(path), pattern
    assert pattern in QUESTIONS, f"{pattern}: no question in the catalogue"
    asked = question(path, [])
    assert asked["text"].endswith("？")
    assert asked["type"] in ("number", "integer", "bool", "date", "text", "choice")
    if asked["type"] in ("number", "integer"):
        assert asked["unit"], f"{pattern}: a count or amount is asked without its unit"


def test_every_grouped_field_has_a_question_and_one_group_only() -> None:
    patterns = [p for group in GROUPS.values() for p in group.patterns]
    assert len(patterns) == len(set(patterns)), "a field in two groups"
    assert set(patterns) <= set(QUESTIONS), set(patterns) - set(QUESTIONS)
    assert all(group.title and group.help for group in GROUPS.values())
    # the fields a checklist answers 以上都没有 (all 否) are yes/no questions
    checklist = [p for g in GROUPS.values() if g.checklist for p in g.patterns]
    assert checklist and all(question(answer_path(p, 0), [])["type"] == "bool" for p in checklist)

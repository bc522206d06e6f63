"""Every answer id of every evaluation set names a clause of the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from huiqi.corpus.store import load_corpus

EVAL_DIR = Path(__file__).resolve().parents[2] / "src" / "huiqi" / "search" / "eval"
EVAL_FILES = sorted(EVAL_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.name)
def test_answer_ids_resolve(path: Path) -> None:
    corpus = load_corpus()
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    missing = []
    for question in questions:
        assert set(question) <= {"q", "answers", "colloquial"}, question
        for answer in question["answers"]:
            try:
                corpus.clause(answer)
            except KeyError:
                missing.append(f"{answer}  ({question['q']})")
    assert not missing, "\n".join(missing)

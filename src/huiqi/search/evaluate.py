"""Score the search on its evaluation set: recall@1, recall@5 and MRR.

``python -m huiqi.search.evaluate [--misses]`` (or ``huiqi search --eval``) prints the figures.
A question is *found at k* when one of its answer clauses is among the first k hits; recall@k is
the share of questions found at k; MRR is the mean of 1/rank of the first answer (0 if not in the
top :data:`DEPTH`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from huiqi.search.index import SearchIndex

#: how deep the ranking is read for MRR
DEPTH = 10


@dataclass(frozen=True)
class Question:
    q: str
    answers: tuple[str, ...]


@dataclass
class Report:
    """The evaluation figures and, per question, the rank of its first answer (None: not found)."""

    ranks: list[tuple[Question, int | None, list[str]]] = field(default_factory=list)

    def recall(self, k: int) -> float:
        return sum(1 for _, r, _ in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for _, r, _ in self.ranks if r is not None) / len(self.ranks)

    def to_json(self) -> dict[str, Any]:
        return {"questions": len(self.ranks), "recall@1": round(self.recall(1), 4),
                "recall@5": round(self.recall(5), 4), "mrr": round(self.mrr, 4)}


def load_questions() -> list[Question]:
    """The shipped evaluation set (``eval/questions.yaml``)."""
    text = resources.files("huiqi.search").joinpath("eval", "questions.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return [Question(item["q"], tuple(item["answers"])) for item in data["questions"]]


def evaluate(index: SearchIndex | None = None, questions: list[Question] | None = None) -> Report:
    """Run every question through the index and record where its answer ranks."""
    index = index or SearchIndex.default()
    report = Report()
    for question in questions or load_questions():
        ids = [h.id for h in index.search(question.q, limit=DEPTH, snippets=False)]
        rank = next((i + 1 for i, hit in enumerate(ids) if hit in question.answers), None)
        report.ranks.append((question, rank, ids))
    return report


def format_report(report: Report, misses: bool = False) -> str:
    figures = report.to_json()
    lines = [f"questions  {figures['questions']}",
             f"recall@1   {figures['recall@1']:.3f}",
             f"recall@5   {figures['recall@5']:.3f}",
             f"MRR        {figures['mrr']:.3f}"]
    if misses:
        for question, rank, ids in report.ranks:
            if rank != 1:
                lines.append(f"\n[{rank or '-'}] {question.q}\n    want {', '.join(question.answers)}"
                             f"\n    got  {', '.join(ids[:5])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list questions not answered first")
    args = parser.parse_args(argv)
    print(format_report(evaluate(), misses=args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

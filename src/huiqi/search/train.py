"""Learn the reranker (:mod:`huiqi.search.rerank`) from the tuning half, and only from it.

    python -m huiqi.search.train [--write]

For each tuning question the first :data:`~huiqi.search.rerank.DEPTH` clauses of the hand-set
ranking are described by their features and marked answering or not; LightGBM's LambdaRank
objective learns to put the answering ones first. The settings (:data:`SETTINGS`) are chosen by
five-fold cross-validation over the tuning questions (folds by question, three seeded shuffles),
and the cross-validated figures are printed beside those of the hand-set ranking on the same
questions. ``--write`` fits all tuning questions with the chosen settings and writes
``ranker.txt`` and ``ranker.json``. The held-out half is not read here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huiqi.search.evaluate import DEPTH as MRR_DEPTH
from huiqi.search.evaluate import SETS, Question, accepted, load_questions
from huiqi.search.index import SearchIndex
from huiqi.search.rerank import DEPTH, FEATURES, features
from huiqi.search.units import corpus_units

#: the LightGBM settings tried (LightGBM's names)
SETTINGS: tuple[dict[str, Any], ...] = (
    {"num_iterations": 200, "learning_rate": 0.05, "num_leaves": 4, "min_data_in_leaf": 30,
     "bagging_fraction": 0.8, "bagging_freq": 1, "feature_fraction": 0.8},
    {"num_iterations": 300, "learning_rate": 0.03, "num_leaves": 7, "min_data_in_leaf": 20,
     "bagging_fraction": 0.8, "bagging_freq": 1, "feature_fraction": 0.7},
    {"num_iterations": 300, "learning_rate": 0.03, "num_leaves": 15, "min_data_in_leaf": 10},
)
FOLDS = 5
SEEDS = (1, 2, 3)


@dataclass
class Example:
    """One tuning question: its candidates' features, which of them answer, and the hand order."""

    question: Question
    units: list[int]
    rows: list[list[float]]
    good: list[bool]


def examples(index: SearchIndex, questions: list[Question]) -> list[Example]:
    out = []
    for question in questions:
        found = index.candidates(question.q, DEPTH)
        if found is None:
            continue
        answers = accepted(question)
        described = features(index, found)
        out.append(Example(question, [n for n, _ in described], [row for _, row in described],
                           [index.units[n].id in answers for n, _ in described]))
    return out


def fit(train: list[Example], settings: dict[str, Any], seed: int = SEEDS[0]) -> Any:
    """A LightGBM LambdaRank booster fitted on ``train`` (one thread: the same trees every run)."""
    import lightgbm
    import numpy as np

    data = lightgbm.Dataset(np.array([row for ex in train for row in ex.rows]),
                            np.array([int(g) for ex in train for g in ex.good]),
                            group=[len(ex.rows) for ex in train], params={"verbose": -1})
    params = {"objective": "lambdarank", "seed": seed, "num_threads": 1, "deterministic": True, "verbose": -1,
              **settings}
    return lightgbm.train(params, data)


def rank_of(ex: Example, order: list[int]) -> int | None:
    """The rank of the first answering clause in ``order`` (positions in ``ex.units``), within
    the evaluation's depth."""
    return next((r for r, i in enumerate(order[:MRR_DEPTH], start=1) if ex.good[i]), None)


def figures(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {"recall@1": round(sum(1 for r in ranks if r == 1) / n, 4),
            "recall@5": round(sum(1 for r in ranks if r is not None and r <= 5) / n, 4),
            "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 4)}


def reranked(booster: Any, ex: Example) -> list[int]:
    import numpy as np

    scores = booster.predict(np.array(ex.rows), num_threads=1)
    return sorted(range(len(ex.rows)), key=lambda i: -scores[i])


def cross_validate(data: list[Example], settings: dict[str, Any]) -> list[int | None]:
    """The rank of each question's first answer, each question ranked by a model fitted on the
    other folds; once per seed (the questions shuffled into folds anew), all ranks together."""
    out: list[int | None] = []
    for seed in SEEDS:
        order = list(range(len(data)))
        random.Random(seed).shuffle(order)
        ranks: list[int | None] = [None] * len(data)
        for fold in range(FOLDS):
            held = set(order[fold::FOLDS])
            booster = fit([ex for i, ex in enumerate(data) if i not in held], settings, seed)
            for i in held:
                ranks[i] = rank_of(data[i], reranked(booster, data[i]))
        out.extend(ranks)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write ranker.json")
    args = parser.parse_args(argv)
    index = SearchIndex.open_or_build(corpus_units())  # an index of its own: the one searches use keeps its model
    index.reranker = None  # the first stage alone: the model being trained replaces the shipped one
    questions = load_questions("tuning")
    data = examples(index, questions)
    reach = sum(1 for ex in data if any(ex.good)) / len(questions)
    print(f"tuning questions: {len(questions)}; an answer among the first {DEPTH} clauses: {reach:.3f}")
    hand = [rank_of(ex, list(range(len(ex.rows)))) for ex in data]
    print(f"hand-set ranking           {figures(hand)}")
    results = []
    for settings in SETTINGS:
        results.append(figures(cross_validate(data, settings)))
        print(f"reranker ({FOLDS}-fold × {len(SEEDS)}) {results[-1]}  {settings}")
    best = max(range(len(SETTINGS)), key=lambda i: (results[i]["mrr"], results[i]["recall@1"]))
    print(f"chosen: {SETTINGS[best]}")
    if args.write:
        booster = fit(data, SETTINGS[best])
        about = {"features": list(FEATURES), "depth": DEPTH, "trained": dt.date.today().isoformat(),
                 "on": list(SETS["tuning"]), "questions": len(questions), "settings": SETTINGS[best],
                 "cross_validated": results[best], "hand_set": figures(hand)}
        folder = Path(__file__).parent
        (folder / "ranker.txt").write_text(booster.model_to_string(), "utf-8")
        (folder / "ranker.json").write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", "utf-8")
        gains = booster.feature_importance(importance_type="gain")
        for name, gain in sorted(zip(FEATURES, gains, strict=True), key=lambda x: -x[1])[:10]:
            print(f"  {name:16} {gain:10.1f}")
        print(f"wrote {folder / 'ranker.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

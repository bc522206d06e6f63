"""The second stage of the search: the first clauses of the hand-set ranking, reordered by a
linear model of what each ranking and the question say about them.

The hand-set ranking (:meth:`~huiqi.search.index.SearchIndex.candidates`) fuses BM25 over words,
BM25 over character pairs, figures of the question's size and the version in force. Each of those
knows one thing; none knows how far to trust the others on a given question. The reranker
describes each of the first :data:`DEPTH` clauses by :data:`FEATURES` — the scores and ranks of each
ranking, how much of the question the clause's own words, its headings and its document's title
cover, whether it explains or defines, whether its version is in force, how far the clause's
figures lie behind the best candidate's for the same question (:data:`GAPS`), how long a stretch
of the question it repeats word for word — and orders them by a
LightGBM LambdaRank model of those features (gradient-boosted trees: which of them to trust
depends on the others, e.g. a figure matters when the question asks for one). The model is
learnt by ``python -m huiqi.search.train`` from the tuning half of the evaluation only and shipped
as ``ranker.txt`` (LightGBM's text format), with how it was made in ``ranker.json``; the
held-out half never enters the training.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from huiqi.search.index import SearchIndex

K = TypeVar("K", int, str)

#: how many clauses of the hand-set ranking are reordered (the rest keep their order after them)
DEPTH = 30


@dataclass(frozen=True)
class Candidates:
    """What the first stage knows of the clauses that match one question."""

    query: str
    folded: str
    #: the question's search terms, its expansion terms (→ weight) and its character pairs (→ weight)
    terms: list[str]
    expanded: dict[str, float]
    pairs: dict[str, float]
    #: (unit, hand-set score), best first
    order: list[tuple[int, float]]
    #: unit → BM25 score over words (its best passage), share of the question's figures it states,
    #: BM25 score over character pairs
    words: dict[int, float]
    figures: dict[int, float]
    bigram: dict[int, float]
    #: unit → its best passage's index address (None: found by the character pairs alone)
    address: dict[int, Any]
    asks_meaning: bool
    asks_explanation: bool
    #: versions not in force at the time the question asks about / today → the versions that are
    replaced: dict[str, frozenset[str]]
    replaced_today: dict[str, frozenset[str]]
    #: the documents of a version chain in force at the time the question names (empty: it names none)
    in_force_asked: frozenset[str] = frozenset()


#: features also given as their distance below the best candidate's value for the same question (a
#: clause's words may cover 60% of the question: the best of its candidates, or far behind another)
GAPS = ("cover_all", "idf_all", "cover_context", "longest_common", "trigrams", "cover_title", "words_score",
        "bigram_score", "cover_text", "cover_pairs", "idf_text", "figures", "document_score", "length")
#: the features, in the order of the weights
FEATURES = (
    "hand_score", "hand_rank", "words_score", "words_rank", "bigram_score", "bigram_rank", "figures",
    "cover_text", "cover_context", "cover_title", "cover_pairs", "cover_expanded", "cover_all",
    "explains", "explains_asked", "defines_asked", "replaced_asked", "replaced_today",
    "doc_best", "doc_share", "length", "depth",
    "idf_text", "idf_all", "who", "condition", "procedure", "children", "ancestor", "doc_first",
    "question_terms", "newer_best", "older_best", "asks_time", "in_force_asked", "document_score",
    "document_rank",
    "idf_own_only", "longest_common", "trigrams", "heading_cover", "rarest_term", "siblings", "sibling_rank",
    *(f"{name}_gap" for name in GAPS),
)

#: what a question asks for (its cue words) → words of a clause that states that kind of thing
ASKS = {
    "who": (("谁", "哪个部门", "哪个单位", "哪些部门", "哪个机构", "负责", "找哪", "归谁"),
            ("负责", "组织", "部门", "机关", "主管", "委托", "牵头")),
    "condition": (("能不能", "可不可以", "可以吗", "能否", "是否", "还能", "行不行", "能报", "能申请", "要不要"),
                  ("不得", "不予", "可以", "应当", "须", "方可", "不属于", "之一的")),
    "procedure": (("怎么", "如何", "流程", "材料", "程序", "手续", "步骤", "办理"),
                  ("提交", "材料", "申请", "程序", "办理", "报送", "填报", "受理")),
}


def _ranks(scores: dict[K, float]) -> dict[K, int]:
    return {n: rank for rank, n in enumerate(sorted(scores, key=lambda n: -scores[n]), start=1)}


def _share(wanted: list[str] | set[str], have: frozenset[str]) -> float:
    return sum(1 for w in wanted if w in have) / len(wanted) if wanted else 0.0


def features(index: SearchIndex, found: Candidates, depth: int = DEPTH) -> list[tuple[int, list[float]]]:
    """Each of the first ``depth`` clauses of ``found`` with its :data:`FEATURES`."""
    head = found.order[:depth]
    if not head:
        return []
    top = head[0][1] or 1.0
    words_top = max(found.words.values(), default=0.0) or 1.0
    bigram_top = max(found.bigram.values(), default=0.0) or 1.0
    words_rank, bigram_rank = _ranks(found.words), _ranks(found.bigram)
    terms = list(dict.fromkeys(found.terms))
    idf = {term: index.idf(term) for term in terms}
    idf_total = sum(idf.values()) or 1.0
    asked = {kind: any(cue in found.folded for cue in cues) for kind, (cues, _) in ASKS.items()}
    ids = [index.units[n].id for n, _ in head]
    expanded = list(found.expanded)
    own_pairs = [p for p, w in found.pairs.items() if w == 1.0]
    doc_of = [index.units[n].explains or index.units[n].doc for n, _ in head]
    doc_best: dict[str, float] = {}
    doc_count: dict[str, int] = {}
    for (_, score), doc in zip(head, doc_of, strict=True):
        doc_best[doc] = max(doc_best.get(doc, 0.0), score)
    for doc in doc_of[:10]:
        doc_count[doc] = doc_count.get(doc, 0) + 1
    # the versions in force today of the documents a clause's version was replaced by, and back
    newer = {doc: max((doc_best.get(d, 0.0) for d in by), default=0.0) for doc, by in found.replaced_today.items()}
    older: dict[str, float] = {}
    for doc, by in found.replaced_today.items():
        for current in by:
            older[current] = max(older.get(current, 0.0), doc_best.get(doc, 0.0))
    about = index.document_scores(found.query)
    about_top = max(about.values(), default=0.0) or 1.0
    about_rank = _ranks(about)
    out = []
    rarest = max(terms, key=lambda w: idf[w])
    query_text = found.folded
    grams = {query_text[i:i + 3] for i in range(len(query_text) - 2)}
    parent_of = [_parent_id(i) for i in ids]
    sibling_count: dict[str, int] = {}
    for parent in parent_of:
        sibling_count[parent] = sibling_count.get(parent, 0) + 1
    sibling_seen: dict[str, int] = {}
    for rank, ((n, score), doc) in enumerate(zip(head, doc_of, strict=True), start=1):
        unit = index.units[n]
        own, around, title = index.unit_terms(n)
        explains = unit.explains is not None
        inside = [s for other, (_, s) in zip(ids, head, strict=True) if other.startswith(unit.id + "-")]
        around_scores = [s for other, (_, s) in zip(ids, head, strict=True) if unit.id.startswith(other + "-")]
        states = [float(asked[kind] and any(w in unit.text for w in words)) for kind, (_, words) in ASKS.items()]
        parent = parent_of[rank - 1]
        sibling_seen[parent] = sibling_seen.get(parent, 0) + 1
        out.append((n, [
            score / top, 1 / rank,
            found.words.get(n, 0.0) / words_top, 1 / words_rank[n] if n in words_rank else 0.0,
            found.bigram.get(n, 0.0) / bigram_top, 1 / bigram_rank[n] if n in bigram_rank else 0.0,
            found.figures.get(n, 0.0),
            _share(terms, own), _share(terms, around), _share(terms, title),
            _share(own_pairs, index.unit_pairs(n)), _share(expanded, own),
            _share(terms, own | around | title),
            float(explains), float(explains and found.asks_explanation),
            float(bool(unit.defines) and found.asks_meaning),
            float(unit.doc in found.replaced), float(unit.doc in found.replaced_today),
            doc_best[doc] / top, doc_count.get(doc, 0) / 10,
            math.log1p(len(unit.text)) / 8, len(unit.parents) / 4,
            sum(idf[w] for w in terms if w in own) / idf_total,
            sum(idf[w] for w in terms if w in own or w in around or w in title) / idf_total,
            *states, len(inside) / 5, max(around_scores, default=0.0) / top, float(score == doc_best[doc]),
            len(terms) / 10,
            newer.get(doc, 0.0) / top, older.get(doc, 0.0) / top,
            float(bool(found.in_force_asked)), float(unit.doc in found.in_force_asked),
            about.get(doc, 0.0) / about_top, 1 / about_rank[doc] if doc in about_rank else 0.0,
            # the question's words that the clause states and the clauses around it do not; the
            # longest stretch of the question it repeats word for word; its share of the question's
            # character triples; what its own heading covers; whether it names the question's rarest
            # word; how many candidates share its parent, and its place among them
            sum(idf[w] for w in terms if w in own and w not in around) / idf_total,
            _longest_common(query_text, unit.text) / max(len(query_text), 1),
            sum(1 for g in grams if g in unit.text) / len(grams) if grams else 0.0,
            _share(terms, index.heading_terms(n)),
            float(rarest in own or rarest in around),
            sibling_count[parent] / 5, 1 / sibling_seen[parent],
        ]))
    at = [FEATURES.index(name) for name in GAPS]
    best = [max(row[k] for _, row in out) for k in at]
    for _, row in out:
        row.extend(row[k] - b for k, b in zip(at, best, strict=True))
    return out


def _parent_id(clause_id: str) -> str:
    """The id of the clause around ``clause_id`` (its document's id for a top-level clause)."""
    doc, _, path = clause_id.partition("#")
    return f"{doc}#{path.rsplit('-', 1)[0]}" if "-" in path else doc


def _longest_common(query: str, text: str) -> int:
    """The length of the longest stretch of ``query`` that ``text`` contains."""
    best = 0
    for i in range(len(query)):
        while i + best < len(query) and query[i:i + best + 1] in text:
            best += 1
    return best


class Reranker:
    """A trained LightGBM ranking model over :data:`FEATURES` (see the module's docstring)."""

    def __init__(self, model: str, depth: int = DEPTH, about: dict[str, Any] | None = None) -> None:
        import lightgbm

        self.depth = depth
        self.about = about or {}
        self._booster = lightgbm.Booster(model_str=model)
        if self._booster.num_feature() != len(FEATURES):
            raise ValueError("the ranker was trained on other features: run python -m huiqi.search.train --write")

    def scores(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        import numpy as np

        return [float(s) for s in self._booster.predict(np.array(rows), num_threads=1)]

    def order(self, index: SearchIndex, found: Candidates) -> list[tuple[int, float]]:
        """The clauses of ``found``, the first :attr:`depth` reordered by the model (their score:
        the model's), the rest after them in their first-stage order."""
        described = features(index, found, self.depth)
        scores = self.scores([row for _, row in described])
        scored = sorted(((n, s) for (n, _), s in zip(described, scores, strict=True)), key=lambda item: -item[1])
        if not scored:
            return []
        floor = scored[-1][1]
        rest = [(n, floor - 1 - i) for i, (n, _) in enumerate(found.order[self.depth:])]
        return scored + rest


@cache
def shipped_reranker() -> Reranker | None:
    """The model shipped in ``ranker.txt`` (None when there is none)."""
    folder = resources.files("huiqi.search")
    model, about = folder.joinpath("ranker.txt"), folder.joinpath("ranker.json")
    if not model.is_file():
        return None
    meta = json.loads(about.read_text("utf-8")) if about.is_file() else {}
    if meta.get("features", list(FEATURES)) != list(FEATURES):
        raise ValueError("ranker.txt was trained on other features: run python -m huiqi.search.train --write")
    return Reranker(model.read_text("utf-8"), int(meta.get("depth", DEPTH)), meta)

"""The clause index: tantivy BM25 over jieba tokens, one document per :class:`SearchUnit`.

Every clause with words of its own is a unit (its text without its sub-clauses), so the hit is
the deepest clause that holds the best passage, with the clauses around it as context.
A unit is cut into passages (:func:`~huiqi.search.units.passages`); each passage is a tantivy
document with whitespace-tokenised fields: ``body`` (the passage's words, from
:class:`~huiqi.search.analysis.Analyzer`), ``bigram`` (its overlapping character pairs, which meet
an everyday word that shares characters but not a segmentation with the text's term),
``context`` (the heading and the introductions of the clauses around it) and ``title`` (its
document's title and number). A question's words are OR-ed over body, context and title, its
character pairs over ``bigram`` — plus the pairs of every other surface form of a synonym group
the question names, and of the documents' own words for its everyday words (``colloquial`` in
``synonyms.yaml``, also looked for as words) — with the weights in :data:`WEIGHTS` (a word of
a document title counts less in ``body``: :data:`TITLE_TERM`). A clause scores as its best
passage, raised when it states figures of the kind and size the question names or asks for
(number-aware matching, :data:`QUANTITY`); that ranking is fused by rank (:data:`FUSION`) with
plain BM25 over the clauses' character bigrams, except when the question asks what a term means.
An interpretation or a press turn ranks just below the best-matching clause of the document it
explains when that document matches too (the text itself first, its explanation after it).

>>> SearchIndex.default().search("数字经济是什么意思", limit=1)[0].ref
'第二条第二款'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huiqi.errors import InputError
from huiqi.search import cache
from huiqi.search.analysis import ANALYZER_VERSION, Analyzer, fold, synonyms_text
from huiqi.search.baseline import BigramBM25, bigrams, within_document
from huiqi.search.quantities import quantity_terms, query_quantities
from huiqi.search.rerank import DEPTH as RERANK_DEPTH
from huiqi.search.rerank import Candidates, Reranker, shipped_reranker
from huiqi.search.snippet import snippet
from huiqi.search.units import SearchUnit, corpus_units, digest, passages
from huiqi.search.versions import MATCH, Versions, shipped_versions

#: field boosts, tuned on the tuning half ``eval/questions.yaml`` only (see ``huiqi.search.evaluate``)
WEIGHTS = {"body": 1.0, "context": 0.5, "title": 1.5, "bigram": 0.2, "defines": 4.0}
#: number-aware matching (:mod:`huiqi.search.quantities`): a clause's score is multiplied by
#: ``1 + boost × share``, ``share`` being the weighted share of the question's quantity terms the
#: clause states — a figure of the question's size (``near``: the sizes next to it), or of the
#: kind it asks for without stating one (``intent``: ``能拿多少`` → 金额). A multiplier, not a field
#: of its own: a figure alone must not pull in clauses of other documents that merely state
#: figures of that size; it reorders the clauses the question's words found. Tuning half only.
QUANTITY = {"boost": 0.6, "near": 0.3, "intent": 1.0}
#: the fields a question's words are looked for in (``defines`` only when it asks for a meaning)
WORD_FIELDS = ("body", "context", "title")
#: words by which a question asks what a term means: then the clause defining it is searched too
DEFINITION_CUES = ("定义", "什么意思", "是指", "指什么", "含义", "意思", "什么是", "是什么", "指的是")
#: words by which a question asks for an interpretation or a press conference itself, or for what
#: only they say: why a rule was made or changed (为什么, 背景, 出台 — the text states the rule, its
#: interpretation the reasons)
EXPLANATION_CUES = ("解读", "发布会", "答记者问", "记者", "为什么", "为何", "背景", "出台")
#: weight in ``body`` of a question's word that is a word of some document's title (普惠性, 奖励,
#: 小巨人 …): such a word chooses the document, through ``title``; counted in full in every clause
#: that repeats the name, it would rank those clauses (definitions, procedures) above the one that
#: answers what the rest of the question asks. Chosen on the tuning half only.
TITLE_TERM = 0.3
#: weight in ``title`` of a question's word that lies inside a longer word of the question (jieba's
#: search mode yields 中小, 小企业 and 企业 beside 中小企业): a document title naming 中小企业 would
#: otherwise be counted four times over for one word of the question, and pull all of that
#: document's clauses above the one that answers. Chosen on the tuning half only.
SUB_WORD_TITLE = 0.5
#: weight of the pairs of a synonym's other surface forms, relative to the question's own pairs
EXPANSION = 0.7
#: reciprocal-rank fusion of the clause ranking with plain BM25 over character bigrams
#: (:class:`~huiqi.search.baseline.BigramBM25`): a clause scores ``1/(k + rank)`` in its own ranking
#: plus ``bigram/(k + rank)`` in the bigram one. Rank-based, so the two scores need no common scale;
#: plus ``score ×`` its own score over the best clause's, so that a clause far ahead in the clause
#: ranking is not overtaken by one the bigram ranking merely puts first. Chosen on the tuning half
#: only (see ``huiqi.search.evaluate``).
FUSION = {"k": 5, "bigram": 0.5, "score": 0.1}
#: bump when the schema or the way units are indexed changes (part of the cache key)
INDEX_VERSION = "6"
#: bigger limits are refused (one page of hits is what a person reads)
MAX_LIMIT = 200


@dataclass(frozen=True)
class Hit:
    """One search result (contract §4) plus the clause id, its heading and a highlighted snippet."""

    id: str
    doc: str
    doc_title: str
    ref: str
    text: str
    score: float
    heading: str | None = None
    snippet: str = ""
    #: the clauses around the hit, outermost first: (ref, their own line)
    parents: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Contract §4 fields first: ``doc``, ``doc_title``, ``ref``, ``text``, ``score``."""
        return {"doc": self.doc, "doc_title": self.doc_title, "ref": self.ref, "text": self.text,
                "score": self.score, "id": self.id, "heading": self.heading, "snippet": self.snippet,
                "parents": [{"ref": r, "text": t} for r, t in self.parents]}


@dataclass
class BuildInfo:
    """How the index came to be: for the benchmark and ``--verbose`` output."""

    digest: str
    units: int
    seconds: float
    path: str | None = None  # None: in memory
    size_bytes: int = 0
    reused: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("n", stored=True, indexed=False)  # the unit
    # JSON {"start", "end", "tokens": [[term, start, end], ...]}: the passage, for snippets
    builder.add_bytes_field("spans", stored=True)
    builder.add_text_field("doc", stored=False, tokenizer_name="raw", index_option="basic")
    for name in WEIGHTS:  # body, context, title, bigram, defines
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


class SearchIndex:
    """Search over clauses. Build once (:meth:`default`), then :meth:`search` from any thread."""

    def __init__(self, units: list[SearchUnit], index: Any, analyzer: Analyzer, info: BuildInfo) -> None:
        self.units = units
        self.info = info
        self.analyzer = analyzer
        self._index = index
        self._schema = index.schema
        self._docs = frozenset(u.doc for u in units)
        self._groups = _synonym_groups(analyzer)
        #: the words of the documents' titles (see :data:`TITLE_TERM`)
        self._title_terms = frozenset(t for u in units for t in analyzer.terms(u.doc_title))
        self._pairs = BigramBM25(units)  # in memory: builds in a fraction of a second
        #: each unit's quantity terms (number-aware matching, :data:`QUANTITY`)
        self._quantities = [frozenset(quantity_terms(fold(u.text))) for u in units]
        #: the version chains (:mod:`huiqi.search.versions`) and the day a question without a year
        #: asks about (None: the day it is asked)
        self.versions: Versions = shipped_versions()
        self.today: dt.date | None = None
        self._reranker: Reranker | None = None
        self._reranker_set = False
        self._terms: list[UnitTerms] | None = None
        self._terms_lock = threading.Lock()
        self._df: dict[str, int] | None = None
        self._documents: BigramBM25 | None = None
        self._unit_pairs: list[frozenset[str]] | None = None
        self._heading_terms: list[frozenset[str]] | None = None

    @property
    def reranker(self) -> Reranker | None:
        """The second stage (:mod:`huiqi.search.rerank`): the shipped model unless set (None: the
        hand-set ranking alone)."""
        if not self._reranker_set:
            self._reranker, self._reranker_set = shipped_reranker(), True
        return self._reranker

    @reranker.setter
    def reranker(self, model: Reranker | None) -> None:
        self._reranker, self._reranker_set = model, True

    def unit_terms(self, n: int) -> UnitTerms:
        """The search terms of unit ``n``'s own text, of its headings and introductions, and of its
        document's title (segmented for all units at the first call: about a second)."""
        if self._terms is None:
            with self._terms_lock:
                if self._terms is None:
                    self._terms = _unit_terms(self.units, self.analyzer)
        return self._terms[n]

    def heading_terms(self, n: int) -> frozenset[str]:
        """The search terms of unit ``n``'s own heading (empty when it has none)."""
        if self._heading_terms is None:
            self._heading_terms = [frozenset(self.analyzer.terms(u.heading)) if u.heading else frozenset()
                                   for u in self.units]
        return self._heading_terms[n]

    def document_scores(self, query: str) -> dict[str, float]:
        """Which document the question is about: BM25 over character pairs of each document's
        title and all its clauses as one text → its score (the documents that match at all)."""
        if self._documents is None:
            texts: dict[str, list[str]] = {}
            for unit in self.units:
                texts.setdefault(unit.explains or unit.doc, [unit.title]).append(unit.text)
            whole = [SearchUnit(id=doc, doc=doc, doc_title="", ref="", heading=None, text="\n".join(parts))
                     for doc, parts in texts.items()]
            self._documents = BigramBM25(whole)
        return {self._documents.units[n].id: score for n, score in self._documents.scored(query, 40)}

    def document_frequency(self) -> dict[str, int]:
        """In how many units' own texts each term occurs."""
        if self._df is None:
            counts: dict[str, int] = {}
            for n in range(len(self.units)):
                for word in self.unit_terms(n)[0]:
                    counts[word] = counts.get(word, 0) + 1
            self._df = counts
        return self._df

    def idf(self, term: str) -> float:
        """Inverse document frequency of ``term`` over the units' own texts (smoothed, ≥ 0)."""
        df = self.document_frequency().get(term, 0)
        return math.log(1 + (len(self.units) - df + 0.5) / (df + 0.5))

    def unit_pairs(self, n: int) -> frozenset[str]:
        """The character pairs of unit ``n``'s own text."""
        if self._unit_pairs is None:
            self._unit_pairs = [frozenset(bigrams(u.text)) for u in self.units]
        return self._unit_pairs[n]

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def build(cls, units: list[SearchUnit], path: Path | None = None,
              analyzer: Analyzer | None = None) -> SearchIndex:
        """Index ``units`` into ``path`` (a new empty directory) or, without one, in memory."""
        import tantivy

        started = time.perf_counter()
        analyzer = analyzer or Analyzer()
        index = tantivy.Index(_schema(), path=str(path) if path else None, reuse=False)
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        n_passages = 0
        for n, unit in enumerate(units):
            context = " ".join(analyzer.terms(f"{unit.context} {unit.heading or ''}"))
            title = " ".join(analyzer.terms(unit.title))
            defines = " ".join(t for term in unit.defines for t in analyzer.terms(term))
            for start, end in passages(unit.text):
                tokens = analyzer.tokens(unit.text[start:end])
                spans = {"start": start, "end": end,
                         "tokens": [[t.term, t.start + start, t.end + start] for t in tokens]}
                document = tantivy.Document()
                document.add_unsigned("n", n)
                document.add_bytes("spans", json.dumps(spans, ensure_ascii=False).encode("utf-8"))
                document.add_text("doc", unit.doc)
                document.add_text("body", " ".join(t.term for t in tokens))
                document.add_text("bigram", " ".join(bigrams(unit.text[start:end])))
                document.add_text("context", context)
                document.add_text("title", title)
                document.add_text("defines", defines)
                writer.add_document(document)
                n_passages += 1
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        terms = _unit_terms(units, analyzer)
        if path is not None:
            (path / TERMS_FILE).write_text(json.dumps([[sorted(s) for s in unit] for unit in terms],
                                                      ensure_ascii=False), "utf-8")
        key = _digest(units)
        info = BuildInfo(key, len(units), time.perf_counter() - started, str(path) if path else None,
                         extra={"passages": n_passages})
        if path is not None:
            (path / cache.MARKER).write_text(json.dumps({"digest": key, "units": len(units)}))
            info.size_bytes = cache.size_bytes(path)
        built = cls(units, index, analyzer, info)
        built._terms = terms
        return built

    @classmethod
    def open_or_build(cls, units: list[SearchUnit], root: Path | None = None) -> SearchIndex:
        """The cached index for ``units`` under ``root`` (built there first if missing).

        Falls back to an in-memory index when the cache directory cannot be written.
        """
        import tantivy

        root = root or cache.cache_root()
        key = _digest(units)
        final = cache.index_dir(root, key)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError:
            return cls.build(units)
        analyzer = Analyzer(cache_dir=root)
        if cache.is_complete(final):
            started = time.perf_counter()
            index = tantivy.Index.open(str(final))
            info = BuildInfo(key, len(units), time.perf_counter() - started, str(final),
                             cache.size_bytes(final), reused=True)
            opened = cls(units, index, analyzer, info)
            opened._terms = _read_terms(final / TERMS_FILE)
            return opened
        try:
            scratch = cache.scratch_dir(root, key)
        except OSError:
            return cls.build(units, analyzer=analyzer)
        built = cls.build(units, scratch, analyzer)
        del built._index  # release the files before moving them
        cache.publish(scratch, final)
        index = tantivy.Index.open(str(final))
        built.info.path = str(final)
        published = cls(units, index, analyzer, built.info)
        published._terms = built._terms
        return published

    @classmethod
    def default(cls) -> SearchIndex:
        """The index of the shipped corpus, built or opened once per process."""
        with _default_lock:
            if "index" not in _default:
                built = cls.open_or_build(corpus_units())
                built.analyzer.warm_up()  # jieba loads here, once, not racing in two threads
                _default["index"] = built
            return _default["index"]

    # -- search --------------------------------------------------------------------------------
    @property
    def documents(self) -> frozenset[str]:
        """The document ids that have searchable units (valid ``doc`` filters)."""
        return self._docs

    def query_terms(self, query: str) -> list[str]:
        """The distinct search terms of a question, in order."""
        return list(dict.fromkeys(self.analyzer.terms(query)))

    def search(self, query: str, limit: int = 10, doc: str | None = None,
               snippets: bool = True) -> list[Hit]:
        """The clauses that best answer ``query``, best first (at most ``limit``).

        ``doc`` keeps only clauses of that document. An empty question, an unknown document or a
        limit outside 1–:data:`MAX_LIMIT` is an :class:`~huiqi.errors.InputError`.
        """
        if not query or not query.strip():
            raise InputError("搜索内容不能为空", path="query")
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"条数应在 1 到 {MAX_LIMIT} 之间，填写的是 {limit}", path="limit")
        if doc is not None and doc not in self._docs:
            known = ", ".join(sorted(self._docs))
            raise InputError(f"没有文件 {doc!r}；可选：{known}", path="doc")
        found = self.candidates(query, max(limit, RERANK_DEPTH), doc)
        if found is None:
            return []
        order = self.reranker.order(self, found) if self.reranker is not None else found.order
        searcher = self._index.searcher()
        # the snippet also marks the documents' words an everyday word was expanded to (not a lone
        # character cut from one, 不 of 不超过, which would mark every negation)
        wanted = set(found.terms) | {t for t in found.expanded if len(t) > 1}
        hits = []
        for n, score in order[:limit]:
            unit = self.units[n]
            text = ""
            if snippets:
                text = self._snippet(searcher, unit, found.address.get(n), wanted)
            hits.append(Hit(
                id=unit.id, doc=unit.doc, doc_title=unit.doc_title, ref=unit.ref, text=_full_text(unit),
                score=round(float(score), 4), heading=unit.heading, snippet=text, parents=unit.parents,
            ))
        return hits

    def candidates(self, query: str, depth: int, doc: str | None = None) -> Candidates | None:
        """The clauses that match ``query`` with what each ranking said of them, in the order of
        the hand-set ranking (None when the question has no search term)."""
        import tantivy

        terms = self.query_terms(query)
        if not terms:
            return None
        clauses = []
        inner = _sub_words(terms)
        for term in terms:
            naming = TITLE_TERM if term in self._title_terms else 1.0
            for name in WORD_FIELDS:
                q = tantivy.Query.term_query(self._schema, name, term)
                weight = WEIGHTS[name] * (naming if name == "body" else 1.0)
                if name == "title" and term in inner:
                    weight *= SUB_WORD_TITLE
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, weight)))
        folded = fold(query)
        asks_meaning = any(cue in folded for cue in DEFINITION_CUES)
        if asks_meaning:
            for term in terms:
                q = tantivy.Query.term_query(self._schema, "defines", term)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, WEIGHTS["defines"])))
        expanded = self.expansion_terms(query, terms)
        for term, weight in expanded.items():
            for name in WORD_FIELDS:
                q = tantivy.Query.term_query(self._schema, name, term)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, WEIGHTS[name] * weight)))
        pairs = self.query_pairs(query)
        for pair, weight in pairs.items():
            q = tantivy.Query.term_query(self._schema, "bigram", pair)
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, WEIGHTS["bigram"] * weight)))
        query_obj = tantivy.Query.boolean_query(clauses)
        if doc is not None:
            query_obj = within_document(self._schema, query_obj, doc)
        searcher = self._index.searcher()
        best: dict[int, tuple[float, Any]] = {}
        fetch = depth * 4 + 20
        while True:
            hits = searcher.search(query_obj, fetch).hits
            for score, address in hits:
                n = searcher.doc(address)["n"][0]
                if n not in best:  # hits come best first: the first passage is the clause's best
                    best[n] = (score, address)
            if len(best) >= depth + 10 or len(hits) < fetch:
                break
            fetch *= 4
        words = {n: score for n, (score, _) in best.items()}
        shares = self._figure_shares(folded, best)
        weighed = {n: (score * (1 + QUANTITY["boost"] * shares.get(n, 0.0)), address)
                   for n, (score, address) in best.items()}
        # a question of meaning is answered by the clause defining the term, which only the
        # clause ranking knows (its ``defines`` field): the bigram ranking is not fused in then
        bigram = [] if asks_meaning else self._pairs.scored(query, fetch, doc)
        fused = self._fused(weighed, [n for n, _ in bigram])
        today = self.today or dt.date.today()
        span = self.versions.span(folded, today)
        replaced = self.versions.replaced(span)
        fused = self._versions_chosen(replaced, fused)
        asks_explanation = any(cue in folded for cue in EXPLANATION_CUES)
        if not asks_explanation:
            fused = self._explained_first(fused)
        order = sorted(((n, score) for n, (score, _) in fused.items()), key=lambda item: -item[1])
        return Candidates(
            query=query, folded=folded, terms=terms, expanded=expanded, pairs=pairs, order=order,
            words=words, figures=shares, bigram=dict(bigram), address={n: a for n, (_, a) in fused.items()},
            asks_meaning=asks_meaning, asks_explanation=asks_explanation,
            replaced=replaced, in_force_asked=self.versions.in_force(span),
            replaced_today=self.versions.replaced((today, today)))

    def _figure_shares(self, question: str, best: dict[int, tuple[float, Any]]) -> dict[int, float]:
        """The weighted share of the question's quantity terms each clause states (:data:`QUANTITY`)."""
        asked = query_quantities(question, QUANTITY["near"], QUANTITY["intent"])
        if not asked:
            return {}
        total = sum(asked.values())
        return {n: sum(w for term, w in asked.items() if term in self._quantities[n]) / total for n in best}

    @staticmethod
    def _fused(best: dict[int, tuple[float, Any]], pairs: list[int]) -> dict[int, tuple[float, Any]]:
        """Reciprocal-rank fusion (:data:`FUSION`) of the clause ranking ``best`` (unit → score
        and best passage) and the bigram ranking ``pairs``, plus the clause's share of the best
        clause score; a clause found only by the bigram ranking has no passage (None)."""
        k, weight = FUSION["k"], FUSION["bigram"]
        order = sorted(best, key=lambda n: -best[n][0])
        top = best[order[0]][0] if order else 1.0
        out: dict[int, tuple[float, Any]] = {
            n: (1 / (k + rank) + FUSION["score"] * best[n][0] / top, best[n][1])
            for rank, n in enumerate(order, start=1)}
        for rank, n in enumerate(pairs, start=1):
            score, address = out.get(n, (0.0, None))
            out[n] = (score + weight / (k + rank), address)
        return out

    def _snippet(self, searcher: Any, unit: SearchUnit, address: Any | None, wanted: set[str]) -> str:
        """The highlighted window of the clause's best passage (its whole text when the clause
        came from the bigram ranking alone)."""
        if address is None:
            matched = [(t.start, t.end) for t in self.analyzer.tokens(unit.text) if t.term in wanted]
            return snippet(unit.text, matched, (0, len(unit.text)))
        passage = json.loads(searcher.doc(address)["spans"][0])
        matched = [(s, e) for t, s, e in passage["tokens"] if t in wanted]
        return snippet(unit.text, matched, (passage["start"], passage["end"]))

    def _document_tops(self, best: dict[int, tuple[float, Any]]) -> dict[str, float]:
        """Each document's best clause score, its explanations (and annex tables) left out."""
        top: dict[str, float] = {}
        for n, (score, _) in best.items():
            if self.units[n].explains is None:
                doc = self.units[n].doc
                top[doc] = max(top.get(doc, 0.0), score)
        return top

    def _versions_chosen(self, replaced: dict[str, frozenset[str]],
                         best: dict[int, tuple[float, Any]]) -> dict[int, tuple[float, Any]]:
        """Scores where the clauses of a version not in force at the time the question asks about
        (``replaced``: such a version → the versions in force then) are put below the best clause
        of the version in force then, when that one matches too (:mod:`huiqi.search.versions`); an
        interpretation goes with the document it explains."""
        if not replaced:
            return best
        top = self._document_tops(best)
        factor = {}
        for doc, by in replaced.items():
            current = max((top[d] for d in by if d in top), default=0.0)
            if doc in top and MATCH * top[doc] <= current <= top[doc]:
                factor[doc] = current * 0.999 / top[doc]
        if not factor:
            return best
        return {n: (score * factor.get(self.units[n].explains or self.units[n].doc, 1.0), address)
                for n, (score, address) in best.items()}

    def _explained_first(self, best: dict[int, tuple[float, Any]]) -> dict[int, tuple[float, Any]]:
        """Scores where an explanation that outscores every matching clause of the document it
        explains is put just below the best of them (an annex table restating its own document's
        measures: below the best of the document's other clauses)."""
        top = self._document_tops(best)
        out = {}
        for n, (score, address) in best.items():
            explained = self.units[n].explains
            if explained in top and score >= top[explained]:
                score = top[explained] * 0.999
            out[n] = (score, address)
        return out

    def colloquial_targets(self, query: str, terms: list[str] | None = None) -> list[str]:
        """The documents' words for the everyday words of ``query`` (``colloquial`` in
        ``synonyms.yaml``): a one-character key when it is a word of the question, a longer one
        wherever it occurs in it."""
        folded = fold(query)
        words = set(terms if terms is not None else self.query_terms(query))
        out: list[str] = []
        for key, targets in self.analyzer.colloquial.items():
            if (key in words) if len(key) == 1 else (key in folded):
                out.extend(targets)
        return list(dict.fromkeys(out))

    def expansion_terms(self, query: str, terms: list[str]) -> dict[str, float]:
        """Word terms of the colloquial targets that the question does not carry itself, at
        :data:`EXPANSION`."""
        own = set(terms)
        out: dict[str, float] = {}
        for target in self.colloquial_targets(query, terms):
            for term in self.analyzer.terms(target):
                if term not in own:
                    out.setdefault(term, EXPANSION)
        return out

    def query_pairs(self, query: str) -> dict[str, float]:
        """The character pairs of a question (stop words taken out) → weight 1; and, at
        :data:`EXPANSION`, the pairs of the other surface forms of each synonym group it names and
        of the documents' words for its everyday words."""
        folded = fold(query)
        plain = folded
        for word in sorted(self.analyzer.stopwords, key=lambda w: (-len(w), w)):  # one order in every process
            plain = plain.replace(word, " ")
        out = dict.fromkeys(bigrams(plain), 1.0)
        for forms in self._groups.values():
            if any(form in folded for form in forms):
                for form in forms:
                    for pair in bigrams(form):
                        out.setdefault(pair, EXPANSION)
        for target in self.colloquial_targets(query):
            for pair in bigrams(target):
                out.setdefault(pair, EXPANSION)
        return out

#: each unit's search terms (own text, headings, title), kept beside a cached index
TERMS_FILE = "unit-terms.json"
UnitTerms = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _unit_terms(units: list[SearchUnit], analyzer: Analyzer) -> list[UnitTerms]:
    return [(frozenset(analyzer.terms(u.text)), frozenset(analyzer.terms(f"{u.context} {u.heading or ''}")),
             frozenset(analyzer.terms(u.title))) for u in units]


def _read_terms(path: Path) -> list[UnitTerms] | None:
    """The units' terms written beside the index (None: not there, segmented when first needed)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return [(frozenset(a), frozenset(b), frozenset(c)) for a, b, c in data]


def _sub_words(terms: list[str]) -> set[str]:
    """The terms that lie inside a longer term of the same question (jieba's search mode yields
    中小, 小企业 and 企业 beside 中小企业)."""
    return {t for t in terms if any(t != other and t in other for other in terms)}


def _synonym_groups(analyzer: Analyzer) -> dict[str, tuple[str, ...]]:
    """canonical → all its surface forms, itself included (``synonyms.yaml`` phrases, folded)."""
    groups: dict[str, list[str]] = {}
    for form, canonical in analyzer.phrases.items():
        groups.setdefault(canonical, []).append(form)
    return {c: tuple(dict.fromkeys([c, *forms])) for c, forms in groups.items()}


def _full_text(unit: SearchUnit) -> str:
    """The hit's clause as printed with its sub-clauses (a unit's own text is without them)."""
    from huiqi.corpus.store import load_corpus

    try:
        return load_corpus().clause(unit.id).full_text() or unit.text
    except KeyError:  # an index built from units that are not the shipped corpus's
        return unit.text


_default: dict[str, SearchIndex] = {}
_default_lock = threading.Lock()


def _digest(units: list[SearchUnit]) -> str:
    return digest(units, INDEX_VERSION, ANALYZER_VERSION, synonyms_text(),
                  json.dumps(WEIGHTS, sort_keys=True))  # FUSION is applied at query time

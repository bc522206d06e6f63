"""The anchor the evaluation reports beside the search: plain BM25 over character bigrams.

No segmentation, no synonyms, no field weights, no passages: each searchable clause's text is cut
into overlapping pairs of characters (``资产负债率`` → ``资产 产负 负债 债率``), a question the same
way, and tantivy's BM25 ranks the clauses on the pairs they share. It is measured on the same
clauses, in the same run, so the figures of :mod:`huiqi.search.evaluate` show what the real search
adds over the simplest thing that could work. The search itself fuses this ranking with its own
(:data:`huiqi.search.index.FUSION`), so that it does not fall far below it on unseen questions.
"""

from __future__ import annotations

import re
from typing import Any

from huiqi.search.analysis import fold
from huiqi.search.units import SearchUnit

_RUN = re.compile(r"[\w\u3400-\u9fff]+")


def within_document(schema: Any, query: Any, doc: str) -> Any:
    """``query`` restricted to the units of one document (the filter adds nothing to the score)."""
    import tantivy

    only = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, "doc", doc), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of each run of letters, digits and CJK (a lone character stays)."""
    out: list[str] = []
    for run in _RUN.findall(fold(text)):
        out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
    return out


class BigramBM25:
    """BM25 over character bigrams, one tantivy document per unit (in memory)."""

    def __init__(self, units: list[SearchUnit]) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("n", stored=True, indexed=False)
        builder.add_text_field("doc", stored=False, tokenizer_name="raw", index_option="basic")
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="freq")
        self._schema = builder.build()
        self._index = tantivy.Index(self._schema)
        writer = self._index.writer(heap_size=32_000_000, num_threads=1)
        for n, unit in enumerate(units):
            document = tantivy.Document()
            document.add_unsigned("n", n)
            document.add_text("doc", unit.doc)
            document.add_text("body", " ".join(bigrams(unit.text)))
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self.units = units

    def search(self, query: str, limit: int = 10) -> list[str]:
        """The ids of the best ``limit`` units for ``query``."""
        return [self.units[n].id for n in self.ranked(query, limit)]

    def ranked(self, query: str, limit: int = 10, doc: str | None = None) -> list[int]:
        """The numbers (positions in ``units``) of the best ``limit`` units for ``query``, best
        first; ``doc`` keeps only that document's units."""
        return [n for n, _ in self.scored(query, limit, doc)]

    def scored(self, query: str, limit: int = 10, doc: str | None = None) -> list[tuple[int, float]]:
        """:meth:`ranked` with each unit's BM25 score."""
        import tantivy

        terms = list(dict.fromkeys(bigrams(query)))
        if not terms:
            return []
        clauses: list[Any] = [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "body", t))
                              for t in terms]
        query_obj = tantivy.Query.boolean_query(clauses)
        if doc is not None:
            query_obj = within_document(self._schema, query_obj, doc)
        searcher = self._index.searcher()
        found = searcher.search(query_obj, limit).hits
        return [(searcher.doc(address)["n"][0], score) for score, address in found]

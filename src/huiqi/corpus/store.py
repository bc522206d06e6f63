"""The policy corpus at run time: documents, clause trees, reference resolution, search units.

``load_corpus()`` reads the shipped ``data/corpus.json`` once; ``Corpus.resolve(doc, ref)`` finds a
clause from its printed number in any common spelling (see :mod:`huiqi.corpus.refs`);
``describe_clause(doc, ref)`` gives the contract §2 clause object plus the clause id.

>>> describe_clause("tech-upgrade-fund", "第八条（一）5")["ref"]
'第八条第（一）项第5目'
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from huiqi.corpus.model import STRUCTURAL, Clause, Document, Unit
from huiqi.corpus.refs import Key, ref_key

_RANGE = re.compile(r"[～~至、，,]|(?<=[十百零一二三四五六七八九])-")


class Corpus:
    """All documents of the corpus, indexed by document id, clause id and reference key."""

    def __init__(self, documents: list[Document], errata: list[dict[str, str]] | None = None) -> None:
        self.documents: list[Document] = documents
        self.errata = errata or []
        self._docs = {d.id: d for d in documents}
        self._clauses: dict[str, Clause] = {}
        self._owner: dict[str, Document] = {}
        self._keys: dict[str, dict[Key, Clause]] = {}
        self._printed: dict[str, dict[str, Clause]] = {}  # refs no Key reads (``3.1.2（一）``)
        for doc in documents:
            keys: dict[Key, Clause] = {}
            printed: dict[str, Clause] = {}
            for clause in doc.walk():
                self._clauses[clause.id] = clause
                self._owner[clause.id] = doc
                try:
                    keys.setdefault(ref_key(clause.ref), clause)
                except ValueError:
                    printed.setdefault(clause.ref, clause)
            self._keys[doc.id] = keys
            self._printed[doc.id] = printed

    # -- lookups -----------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        """The document with this id; ``KeyError`` if there is none."""
        try:
            return self._docs[doc_id]
        except KeyError:
            raise KeyError(f"unknown document {doc_id!r}") from None

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id (``tech-upgrade-fund#art8-i1-s5``); ``KeyError`` if none."""
        try:
            return self._clauses[clause_id]
        except KeyError:
            raise KeyError(f"unknown clause {clause_id!r}") from None

    def owner(self, clause_id: str) -> Document:
        """The document a clause belongs to."""
        self.clause(clause_id)
        return self._owner[clause_id]

    def resolve(self, doc: str, ref: str) -> Clause:
        """The clause of ``doc`` printed as ``ref`` (or given by its anchor); ``KeyError`` if none.

        Accepts ``第八条第（一）项第5目``, ``第八条（一）5``, ``第8条第1项第5目``, ``第四条第二款``,
        ``三、（二）2``, ``专栏1``, ranges ``第十三～十八条`` (→ 第十三条), and anchors ``art8-i1-s5``.
        """
        document = self.document(doc)
        ref = ref.strip()
        if f"{doc}#{ref}" in self._clauses:
            return self._clauses[f"{doc}#{ref}"]
        if ref.startswith(f"{doc}#") and ref in self._clauses:
            return self._clauses[ref]
        if ref in self._printed[doc]:
            return self._printed[doc][ref]
        try:
            key = ref_key(ref)
        except ValueError:
            raise KeyError(f"{document.id}: cannot read clause reference {ref!r}") from None
        clause = self._keys[doc].get(key)
        if clause is None:
            raise KeyError(f"{document.id}: no clause {ref!r}")
        return clause

    def describe(self, doc: str, ref: str) -> dict[str, Any]:
        """Contract §2 clause object (``doc``, ``doc_title``, ``ref``) plus the clause ``id``.

        ``ref`` is the clause's printed number; a range (``第十二、十三条``) keeps the caller's words.
        """
        clause = self.resolve(doc, ref)
        shown = ref.strip() if _RANGE.search(ref) and clause.kind == "article" else clause.ref
        return {"doc": doc, "doc_title": self.document(doc).title, "ref": shown, "id": clause.id}

    # -- search units --------------------------------------------------------------------------
    def units(self) -> list[Unit]:
        """The searchable units: every clause that has words of its own, in document order.

        A unit's text is the clause as printed without its sub-clauses (an article's introduction,
        an item's sentence, a speaker's turn), so a hit is the smallest clause that holds the answer
        (``三、（二）1``, not ``三、``); the clauses around it are its context (see
        :mod:`huiqi.search.units`). A chapter or section heading alone is context, not a unit."""
        out: list[Unit] = []
        for doc in self.documents:
            for top in doc.clauses:
                for clause in top.walk():
                    text = _own_text(clause)
                    if text.strip():
                        out.append(Unit(doc.id, doc.title, clause.id, clause.ref, clause.heading, text))
        return out


def _own_text(clause: Clause) -> str:
    """What a clause says itself: its printed line (for a chapter or section, its text without the
    heading) and its tables, one row a line."""
    if clause.kind in STRUCTURAL or (clause.children and not clause.text.strip()):
        line = clause.text  # a heading over sub-clauses is their context, not a unit
    else:
        line = clause.own_line()
    rows = [" | ".join(r) for t in clause.tables for r in t]
    return "\n".join(x for x in (line, *rows) if x)


def _load_json() -> dict[str, Any]:
    text = resources.files("huiqi.corpus").joinpath("data", "corpus.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def load_corpus() -> Corpus:
    """The library, loaded once per process: the compilation's documents (``data/corpus.json``)
    and, after them, the documents outside it that rules cite (:mod:`huiqi.corpus.library`)."""
    from huiqi.corpus.library import external_documents

    data = _load_json()
    documents = [Document.from_json(d) for d in data["documents"]]
    return Corpus(documents + external_documents(), data.get("errata"))


def describe_clause(doc: str, ref: str) -> dict[str, Any]:
    """``{"doc", "doc_title", "ref", "id"}`` for a clause; ``KeyError`` for an unknown doc/ref."""
    return dict(_describe(doc, ref))


@cache
def _describe(doc: str, ref: str) -> dict[str, Any]:
    return load_corpus().describe(doc, ref)

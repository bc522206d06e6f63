"""A reference to a clause of the corpus, as rule files write it: a document id and the clause's
number as the text prints it (``第八条第（一）项第5目``, ``三、（二）2``).

The corpus resolves a reference to its clause (text, stable anchor, document title); a test checks
that every reference any rule, parameter or deadline makes resolves. A document outside the corpus
(a successor rule, an exchange's listing rule) resolves through the external-document registry
(:mod:`huiqi.programs.external`): its clause object says ``"external": true`` and the source quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, order=True)
class ClauseRef:
    doc: str
    ref: str

    @classmethod
    def parse(cls, value: str | dict[str, Any] | ClauseRef) -> ClauseRef:
        """``"tech-upgrade-fund 第八条第（一）项第5目"`` or ``{"doc": ..., "ref": ...}``."""
        if isinstance(value, ClauseRef):
            return value
        if isinstance(value, dict):
            return cls(str(value["doc"]), str(value["ref"]))
        doc, _, ref = value.strip().partition(" ")
        if not ref:
            raise ValueError(f"clause reference needs 'DOC REF': {value!r}")
        return cls(doc, ref.strip())

    def __str__(self) -> str:
        return f"{self.doc} {self.ref}"

    def to_json(self) -> dict[str, Any]:
        """The contract §2 clause object: ``doc``, ``doc_title``, ``ref`` and the clause ``id``."""
        return dict(_describe(self.doc, self.ref))

    def text(self) -> str:
        """The clause's text as the corpus holds it (the literate view shows it beside the rule)."""
        from huiqi.corpus.store import load_corpus

        external = _external(self.doc)
        if external is not None:
            return external.text(self.ref)
        return load_corpus().resolve(self.doc, self.ref).full_text()


@cache
def _describe(doc: str, ref: str) -> dict[str, Any]:
    """Computed once per clause: a corpus clause, or one of a registered external document."""
    from huiqi.corpus.store import describe_clause

    external = _external(doc)
    if external is not None:
        described: dict[str, Any] = external.describe(ref)
        return described
    return describe_clause(doc, ref)


def _external(doc: str) -> Any:
    from huiqi.programs.external import external_doc

    return external_doc(doc)

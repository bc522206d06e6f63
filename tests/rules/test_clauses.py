"""Every clause any rule, parameter, reward, manual check or assumption cites — and every clause a
program note names — is a clause of the library: the compilation's documents and the documents
outside it that rules cite (``huiqi/programs/external_docs.yaml``, loaded as library documents)."""

from __future__ import annotations

import re

from huiqi.corpus.store import load_corpus
from huiqi.engine import default_engine

#: "<doc-id> <ref>" written inside a note, e.g. "见 tech-upgrade-fund-2024 保险增信、融资租赁"
NOTE_REF = re.compile(r"\b([a-z][a-z0-9]*(?:-[a-z0-9]+)+) ([^\s；。，（）()]+)")


def cited() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for family in default_engine().families.values():
        for program in family.versions:
            for criterion in program.all_criteria():
                out.append((f"{program.id}:{criterion.id}", criterion.ref))
            for param in program.parameters.values():
                out += [(f"{program.id}:{param.id}", p.clause) for p in param.periods]
            out += [(f"{program.id}:{a.id}", a.clause) for a in program.assumptions]
            out += [(f"{program.id}:manual", m.clause) for m in program.manual_checks]
            if program.reward:
                out.append((f"{program.id}:reward", program.reward.clause))
    return out


def note_refs() -> list[tuple[str, str, str]]:
    """(owner, doc, ref) for each "<doc-id> <ref>" a program or criterion note names, and each
    "<short title> 第…条" of a library document (民法典 第一千二百五十九条); a list of refs joined
    by 、 is each one of them."""
    corpus = load_corpus()
    ids = {d.id for d in corpus.documents}
    titled = {d.short_title: d.id for d in corpus.documents if d.short_title}
    by_title = re.compile("(" + "|".join(map(re.escape, sorted(titled, key=len, reverse=True)))
                          + r") (第[^\s；。，（）()]+)")
    out = []
    for family in default_engine().families.values():
        for program in family.versions:
            notes = [(f"{program.id}:note", n) for n in program.notes]
            notes += [(f"{program.id}:{c.id}", c.note) for c in program.all_criteria() if c.note]
            for owner, note in notes:
                for doc, refs in NOTE_REF.findall(note):
                    if doc in ids:
                        out += [(owner, doc, ref) for ref in refs.split("、")]
                for title, refs in by_title.findall(note):
                    out += [(owner, titled[title], ref) for ref in refs.split("、")]
    return out


def test_every_cited_clause_is_a_library_clause() -> None:
    corpus = load_corpus()
    missing = []
    for owner, ref in cited():
        try:
            corpus.resolve(ref.doc, ref.ref)  # type: ignore[attr-defined]
        except KeyError:
            missing.append(f"{owner} → {ref}")
    assert missing == []
    assert len(cited()) > 300


def test_every_clause_a_note_names_is_a_library_clause() -> None:
    corpus = load_corpus()
    found = note_refs()
    assert ("tech-upgrade-fund-2024", "融资租赁") in {(doc, ref) for _, doc, ref in found}
    assert ("civil-code", "第一千二百五十九条") in {(doc, ref) for _, doc, ref in found}
    missing = []
    for owner, doc, ref in found:
        try:
            corpus.resolve(doc, ref)
        except KeyError:
            missing.append(f"{owner} → {doc} {ref}")
    assert missing == []


def test_cited_external_clauses_link_into_the_library() -> None:
    """A citation of a document outside the compilation carries the id of a library clause."""
    corpus = load_corpus()
    for _, ref in cited():
        described = ref.to_json()  # type: ignore[attr-defined]
        corpus.clause(described["id"])  # KeyError if the link would open nothing

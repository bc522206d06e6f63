"""Every clause any rule, parameter, reward or assumption cites exists in the corpus, or is an
article registered for a document outside it (``huiqi/programs/external_docs.yaml``)."""

from __future__ import annotations

from huiqi.corpus.store import load_corpus
from huiqi.engine import default_engine
from huiqi.programs.external import resolves_externally


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


def test_every_cited_clause_resolves() -> None:
    corpus = load_corpus()
    missing = []
    for owner, ref in cited():
        try:
            corpus.resolve(ref.doc, ref.ref)  # type: ignore[attr-defined]
        except KeyError:
            if not resolves_externally(ref.doc, ref.ref):  # type: ignore[attr-defined]
                missing.append(f"{owner} → {ref}")
    assert missing == []

"""Documents outside the corpus that rules cite: the registry in ``external_docs.yaml``.

The successors of the compilation's rules (粤工信规字〔2024〕7号, 工信部企业〔2022〕63号 …) and the
exchanges' listing rules are not in the corpus: their text was only seen in reposts. Each is
registered here with its number, dates, the source URLs the reposts cite and a quality mark
(P/R/M, see the YAML header); a rule may cite only the articles registered for it, so a citation
still resolves to something a reader can check.

>>> external_doc("miit-sme-tiers-2022").number
'工信部企业〔2022〕63号'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from huiqi.rules.program import Criterion, ProgramFamily, Version

REGISTRY = Path(__file__).with_name("external_docs.yaml")
QUALITY_WORDS = {
    "P": "官方文本或逐字转载",
    "R": "转载，尚未与官方文本核对",
    "M": "仅凭记忆，尚未找到来源",
}
#: what a reader is told, once per document, about the text a result rests on (nothing for P)
QUALITY_NOTES = {
    "R": "此文件来自转载，尚未与官方文本核对。",
    "M": "此文件仅凭记忆整理，尚未找到来源。",
}


@dataclass(frozen=True)
class ExternalDoc:
    id: str
    number: str
    title: str
    issuer: str
    quality: str
    sources: tuple[str, ...]
    articles: dict[str, str]
    effective: dt.date | None = None
    expires: dt.date | None = None
    issued: dt.date | None = None
    date_quality: str = ""
    #: the name people cite it by (民法典), where it differs from the title
    short_title: str = ""

    def describe(self, ref: str) -> dict[str, Any]:
        """The contract §2 clause object of one registered article (KeyError if not registered)."""
        if ref not in self.articles:
            raise KeyError(f"{self.id}: no registered article {ref!r}")
        return {
            "doc": self.id,
            "doc_title": self.title,
            "ref": ref,
            "id": f"{self.id}#{ref}",
            "external": True,
            "number": self.number,
            "quality": self.quality,
            "sources": list(self.sources),
        }

    def text(self, ref: str) -> str:
        if ref not in self.articles:
            raise KeyError(f"{self.id}: no registered article {ref!r}")
        return f"{self.articles[ref]}〔{self.number}〕"


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@cache
def external_docs() -> dict[str, ExternalDoc]:
    with REGISTRY.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    docs = {}
    for doc_id, spec in data.items():
        quality = str(spec["quality"])
        if quality not in QUALITY_WORDS:
            raise ValueError(f"{doc_id}: quality must be P, R or M")
        docs[doc_id] = ExternalDoc(
            id=doc_id,
            number=str(spec["number"]),
            title=str(spec["title"]),
            issuer=str(spec.get("issuer", "")),
            quality=quality,
            sources=tuple(str(s) for s in spec.get("sources", [])),
            articles={str(k): str(v["text"]) for k, v in (spec.get("articles") or {}).items()},
            effective=_date(spec.get("effective")),
            expires=_date(spec.get("expires")),
            issued=_date(spec.get("issued")),
            date_quality=str(spec.get("date_quality", "")),
            short_title=str(spec.get("short_title", "")),
        )
    return docs


def external_doc(doc_id: str) -> ExternalDoc | None:
    """The registered document, or None where ``doc_id`` is not an external document."""
    return external_docs().get(doc_id)


def resolves_externally(doc: str, ref: str) -> bool:
    found = external_doc(doc)
    return found is not None and ref in found.articles


#: the note a criterion carries where it rests on a repost (quality R)
UNVERIFIED = "未经官方文本核实"


def external_version(doc_id: str, start: dt.date | None = None, end: dt.date | None = None) -> Version:
    """The :class:`Version` of a registered document: its number, its effective and expiry dates
    (``start``/``end`` override them where the family's order decides) and its quality mark."""
    doc = external_docs()[doc_id]
    first = start or doc.effective
    if first is None:
        raise ValueError(f"{doc_id}: no effective date registered; pass start")
    return Version(doc_id, doc.number, first, end or doc.expires, doc.quality)


def annotated(criteria: list[Criterion], note: str) -> list[Criterion]:
    """``criteria`` with ``note`` added to each (and to each part): the mark a version known only
    from reposts puts on the rules it shares with its predecessor."""
    if not note:
        return criteria
    return [_annotate(c, note) for c in criteria]


def _annotate(criterion: Criterion, note: str) -> Criterion:
    joined = "；".join(p for p in (criterion.note, note) if p)
    return replace(criterion, note=joined, parts=tuple(_annotate(p, note) for p in criterion.parts))


@cache
def version_changes() -> dict[str, dict[str, str]]:
    """``versions.yaml``: per family, per version doc, what that version changed from the one before."""
    with REGISTRY.with_name("versions.yaml").open(encoding="utf-8") as handle:
        data: dict[str, dict[str, str]] = yaml.safe_load(handle)
    return data


def version_view(family: ProgramFamily) -> list[dict[str, Any]]:
    """Each version of ``family``: dates, the document (with its quality and sources) and what changed."""
    changes = version_changes().get(family.id, {})
    out = []
    for program in family.versions:
        version = program.version
        doc = external_doc(version.doc)
        successor = family.successor(program)
        until = successor.version.start - dt.timedelta(days=1) if successor else version.end
        # a version that ends before its successor starts (a call whose deadline passed) answers to its
        # own end; nothing answers in between
        gap = bool(successor and version.end and until and version.end < until)
        if gap:
            until = version.end
        out.append(
            {
                **version.to_json(),
                "quality": version.quality,
                "external": doc is not None,
                "date_quality": doc.date_quality if doc else "",
                "sources": list(doc.sources) if doc else [],
                "answers_until": until.isoformat() if until else None,
                "superseded_by": successor.version.number if successor else None,
                "successor_from": successor.version.start.isoformat() if successor else None,
                "gap": gap,
                "changes": changes.get(version.doc, ""),
            }
        )
    return out

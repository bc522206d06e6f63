"""The corpus data model: a :class:`Document` holds a tree of :class:`Clause` nodes.

A clause's ``id`` is ``<doc>#<anchor>`` with a stable ASCII anchor (``art8-i1-s5``, ``s3-i2-n2``,
``box1``); its ``ref`` is the number as the text prints it (``第八条第（一）项第5目``, ``三、（二）2``,
``专栏1``). ``corpus.json`` is these dataclasses serialised with :meth:`to_json`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: clause kinds that only structure a document (their own text, if any, is an introduction)
STRUCTURAL = frozenset({"chapter", "section", "annex", "preface"})


@dataclass
class Clause:
    """One node of a document's clause tree."""

    id: str
    anchor: str
    ref: str
    kind: str
    label: str = ""
    heading: str | None = None
    text: str = ""
    children: list[Clause] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[Clause]:
        """This clause and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self, skip: frozenset[str] = frozenset()) -> str:
        """Heading, text and the descendants' printed text, one line each; ``skip`` clause ids."""
        lines = [self.own_line()] if self.own_line() else []
        for child in self.children:
            if child.id not in skip:
                sub = child.full_text(skip)
                if sub:
                    lines.append(sub)
        return "\n".join(lines)

    def own_line(self) -> str:
        """The clause as printed: label, heading and text (``（一）基本条件。…``)."""
        head = self.heading or ""
        if head and self.text:
            head += "。" if head[-1] not in "。：:？！" else ""
        body = head + self.text
        label = self.label
        if label and body and self.kind in ("article", "chapter", "section", "box"):
            label += " "
        return (label + body).strip()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "anchor": self.anchor,
            "ref": self.ref,
            "kind": self.kind,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
            "children": [c.to_json() for c in self.children],
        }
        if self.tables:
            data["tables"] = self.tables
        if self.notes:
            data["notes"] = self.notes
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Clause:
        return cls(
            id=data["id"],
            anchor=data["anchor"],
            ref=data["ref"],
            kind=data["kind"],
            label=data.get("label", ""),
            heading=data.get("heading"),
            text=data.get("text", ""),
            children=[cls.from_json(c) for c in data.get("children", [])],
            tables=data.get("tables", []),
            notes=data.get("notes", []),
        )


@dataclass
class Document:
    """A policy document (or an interpretation / press record of one) with its clause tree."""

    id: str
    title: str
    short_title: str
    kind: str
    number: str | None = None
    issuer: str | None = None
    issue_date: str | None = None
    effective_date: str | None = None
    expiry_date: str | None = None
    validity_note: str = ""
    interprets: str | None = None
    related: list[str] = field(default_factory=list)
    subtitle: str | None = None
    signers: list[str] = field(default_factory=list)
    cover: Clause | None = None
    clauses: list[Clause] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def external(self) -> bool:
        """A document outside the 2021 compilation that rules cite (:mod:`huiqi.corpus.library`)."""
        return bool(self.source.get("external"))

    def walk(self) -> Iterator[Clause]:
        """Every clause (cover first), depth first in document order."""
        if self.cover is not None:
            yield self.cover
        for clause in self.clauses:
            yield from clause.walk()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "short_title": self.short_title,
            "kind": self.kind,
            "number": self.number,
            "issuer": self.issuer,
            "issue_date": self.issue_date,
            "effective_date": self.effective_date,
            "expiry_date": self.expiry_date,
            "validity_note": self.validity_note,
            "interprets": self.interprets,
            "related": self.related,
            "subtitle": self.subtitle,
            "signers": self.signers,
            "cover": self.cover.to_json() if self.cover else None,
            "clauses": [c.to_json() for c in self.clauses],
            "source": self.source,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        cover = data.get("cover")
        return cls(
            id=data["id"],
            title=data["title"],
            short_title=data.get("short_title", data["title"]),
            kind=data["kind"],
            number=data.get("number"),
            issuer=data.get("issuer"),
            issue_date=data.get("issue_date"),
            effective_date=data.get("effective_date"),
            expiry_date=data.get("expiry_date"),
            validity_note=data.get("validity_note", ""),
            interprets=data.get("interprets"),
            related=data.get("related", []),
            subtitle=data.get("subtitle"),
            signers=data.get("signers", []),
            cover=Clause.from_json(cover) if cover else None,
            clauses=[Clause.from_json(c) for c in data.get("clauses", [])],
            source=data.get("source", {}),
            notes=data.get("notes", []),
        )


@dataclass(frozen=True)
class Unit:
    """A searchable unit (contract §4: one hit per article, or numbered item where no articles)."""

    doc: str
    doc_title: str
    clause_id: str
    ref: str
    heading: str | None
    text: str

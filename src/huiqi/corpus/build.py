"""Build ``corpus/data/corpus.json`` from the source compilation: documents and clause trees.

Run ``huiqi corpus build`` (or ``python -m huiqi.corpus.build``); ``--check`` exits 1 when the
committed file differs from a fresh build. The output is deterministic: same source, same bytes.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from huiqi.corpus.model import Clause, Document
from huiqi.corpus.paragraphs import Para, paragraphs, split_signature
from huiqi.corpus.parse_outline import OutlineParser
from huiqi.corpus.parse_press import parse_press
from huiqi.corpus.parse_regulation import parse_regulation
from huiqi.corpus.parts import parse_annex, parse_cover, parse_glossary
from huiqi.corpus.sources import DOCUMENTS, PARSER, SEGMENTS, SOURCE_NAME, Segment
from huiqi.corpus.text import ERRATA
from huiqi.corpus.tree import Factory

FORMAT_VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_PATH = PACKAGE_DIR / "source" / SOURCE_NAME
OUTPUT_PATH = PACKAGE_DIR / "data" / "corpus.json"


def read_source() -> list[str]:
    """The source lines (from the package, so an installed wheel can rebuild too)."""
    text = resources.files("huiqi.corpus").joinpath("source", SOURCE_NAME).read_text("utf-8")
    return text.splitlines()


def split_segments(lines: list[str]) -> list[tuple[Segment, int, int]]:
    """(segment, first line index, end index) for each of :data:`SEGMENTS`, found in order."""
    starts: list[tuple[Segment, int]] = []
    pos = 0
    for seg in SEGMENTS:
        for i in range(pos, len(lines)):
            if lines[i].strip().startswith(seg.marker):
                starts.append((seg, i))
                pos = i + 1
                break
        else:
            raise ValueError(f"segment marker not found after line {pos + 1}: {seg.marker!r}")
    bounds = [(seg, start, starts[k + 1][1] if k + 1 < len(starts) else len(lines))
              for k, (seg, start) in enumerate(starts)]
    return bounds


def _body_paras(lines: list[str], first: int) -> tuple[list[Para], dict[int, str]]:
    paras, footnotes = paragraphs(lines, first)
    if paras and paras[0].heading and paras[0].text.replace(" ", "") != "前言":
        paras = paras[1:]  # the title line that opened the segment
    return paras, footnotes


def build_documents(lines: list[str]) -> list[Document]:
    """Parse every document of the compilation."""
    docs: dict[str, Document] = {}
    factories: dict[str, Factory] = {}
    for meta in DOCUMENTS:
        docs[meta.id] = Document(**meta.fields())
        factories[meta.id] = Factory(meta.id)
    for seg, start, end in split_segments(lines):
        if seg.part == "skip":
            continue
        doc = docs[seg.doc]
        chunk = lines[start:end]
        span = doc.source.setdefault("lines", [])
        span.append([start + 1, end])
        if seg.part == "cover":
            cover, signers, _date = parse_cover(doc.id, chunk)
            doc.cover, doc.signers = cover, signers
        elif seg.part == "body":
            _parse_body(doc, chunk, start + 1, factories[doc.id])
        elif seg.part == "press":
            paras, _ = _body_paras(chunk, start + 1)
            doc.clauses, doc.subtitle = parse_press(doc.id, paras)
        elif seg.part in ("annex", "garbled-annex"):
            doc.clauses.append(parse_annex(doc.id, seg.annex, seg.heading, chunk, start + 1,
                                           factories[doc.id], garbled=seg.part == "garbled-annex"))
        elif seg.part == "glossary":
            doc.clauses.append(parse_glossary(doc.id, seg.annex, seg.heading, chunk, start + 1,
                                              factories[doc.id]))
    for meta in DOCUMENTS:
        if meta.shares_cover_with:
            shared = docs[meta.shares_cover_with]
            if shared.cover is not None:
                data = shared.cover.to_json()
                data["id"] = f"{meta.id}#cover"
                docs[meta.id].cover = Clause.from_json(data)
                docs[meta.id].signers = list(shared.signers)
    for doc in docs.values():
        doc.source["file"] = f"huiqi/corpus/source/{SOURCE_NAME}"
    return [docs[m.id] for m in DOCUMENTS]


def _parse_body(doc: Document, chunk: list[str], first: int, make: Factory) -> None:
    paras, footnotes = _body_paras(chunk, first)
    paras, signers, _date = split_signature(paras)
    if signers and not doc.signers:
        doc.signers = signers
    if PARSER[doc.kind] == "regulation":
        clauses, subtitle = parse_regulation(doc.id, paras, footnotes)
        make.seen.update(c.anchor for top in clauses for c in top.walk())
    else:
        parser = OutlineParser(doc.id, footnotes, make=make)
        clauses = parser.feed(paras)
        subtitle = parser.subtitle
    doc.clauses.extend(clauses)
    doc.subtitle = subtitle


def corpus_json(docs: list[Document]) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "source": f"huiqi/corpus/source/{SOURCE_NAME}",
        "errata": [{"wrong": w, "right": r, "why": why} for w, r, why in ERRATA],
        "documents": [d.to_json() for d in docs],
    }


def render(docs: list[Document]) -> str:
    """The exact bytes of corpus.json (sorted keys, real Chinese, 1-space indent, final newline)."""
    return json.dumps(corpus_json(docs), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def build_text() -> str:
    """A fresh build of corpus.json as text."""
    return render(build_documents(read_source()))


def build(output: Path = OUTPUT_PATH) -> Path:
    """Write corpus.json; returns its path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(build_text(), encoding="utf-8")
    return output


def check(output: Path = OUTPUT_PATH) -> bool:
    """True when the committed corpus.json equals a fresh build."""
    return output.exists() and output.read_text(encoding="utf-8") == build_text()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        ok = check()
        print("corpus.json is up to date" if ok else "corpus.json differs from a fresh build")
        return 0 if ok else 1
    print(build())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The parts around a document's body: its cover notice (印发通知), annexes, glossary, tables."""

from __future__ import annotations

import re

from huiqi.corpus.model import Clause
from huiqi.corpus.paragraphs import Para, paragraphs, parse_date
from huiqi.corpus.parse_outline import OutlineParser
from huiqi.corpus.text import NUMBER_LINE, clean, is_complete
from huiqi.corpus.tree import Factory


def parse_cover(doc: str, lines: list[str]) -> tuple[Clause, list[str], str | None]:
    """The 印发通知 before a document: (cover clause, signers, date).

    Read line by line: the bold or ``#`` title lines, the 文号 line, the addressee and body, then
    the signers (short lines after the last complete sentence) and the date.
    """
    rows = [line.strip() for line in lines if line.strip()]
    title: list[str] = []
    body: list[str] = []
    date: str | None = None
    in_bold = False
    for row in rows:
        text = clean(row)
        if row.startswith("#"):
            title.append(clean(row.lstrip("#")))
            continue
        if row.startswith("**") or in_bold:
            in_bold = not row.rstrip().endswith("**") or (row.startswith("**") and row.count("**") == 1 and
                                                          in_bold)
            title.append(text)
            continue
        if NUMBER_LINE.match(text):
            continue
        if (d := parse_date(text)) is not None:
            date = d
            continue
        body.append(row)
    last = max((i for i, t in enumerate(body) if is_complete(clean(t))), default=-1)
    signer_rows, body = body[last + 1:], [clean(t) for t in body[: last + 1]]
    signers = [clean(s) for row in signer_rows for s in re.split(r"\s{2,}", row) if s.strip()]
    merged: list[str] = []
    for text in body:
        if merged and not is_complete(merged[-1]):
            merged[-1] += text
        else:
            merged.append(text)
    heading = "".join(t for t in title if not NUMBER_LINE.match(t) and not re.match(r"^（第.*号）$", t))
    cover = Clause(id=f"{doc}#cover", anchor="cover", ref="印发通知", kind="cover", heading=heading,
                   text="\n".join(merged))
    return cover, signers, date


def parse_annex(doc: str, number: int, heading: str, lines: list[str], first_line: int,
                make: Factory, garbled: bool = False) -> Clause:
    """An annex (附件N) as a clause; tables are kept as rows, garbled ones only noted."""
    annex = make.make(f"annex{number}", f"附件{number}", "annex", f"附件{number}", heading=heading)
    paras, footnotes = paragraphs(lines, first_line)
    paras = _drop_titles(paras, heading)
    if garbled:
        notes = [p.text for p in paras if p.text.startswith(("说明：", "注：", "注:"))]
        annex.text = "\n".join(notes)
        annex.notes.append("源文本此附件为地图与星级分布表的抽取结果，列错位、内容残缺，未收录为表格。")
        return annex
    parser = OutlineParser(doc, footnotes, make=make, root=annex)
    parser.feed(paras)
    if annex.tables:
        annex.tables = [_tidy_table(t) for t in _merge_tables(annex.tables)]
        annex.text = "\n".join(" | ".join(c for c in row if c) for row in annex.tables[0][1:])
    return annex


def parse_glossary(doc: str, number: int, heading: str, lines: list[str], first_line: int,
                   make: Factory) -> Clause:
    """名词解释: one child per bold term (``annex2-t1``, ref ``附件2“工业互联网”``)."""
    annex = make.make(f"annex{number}", f"附件{number}", "annex", f"附件{number}", heading=heading)
    paras, _ = paragraphs(lines, first_line)
    for para in _drop_titles(paras, heading):
        m = re.match(r"^\*\*(.+?)[：:]?\*\*\s*[：:]?(.*)$", para.raw.strip())
        if not m:
            annex.text = "\n".join(filter(None, [annex.text, para.text]))
            continue
        term = clean(m.group(1)).rstrip("：:")
        n = len(annex.children) + 1
        annex.children.append(make.make(f"annex{number}-t{n}", f"附件{number}“{term}”", "term",
                                        heading=term, text=clean(m.group(2))))
    return annex


def _drop_titles(paras: list[Para], heading: str) -> list[Para]:
    """Annex title lines ("# 广东省制造业数字化转型实施方案", "## 工作分工表") are not content."""
    out = list(paras)
    while out and out[0].heading:
        out.pop(0)
    return [p for p in out if not (p.heading and clean(p.raw) in (heading, "附件"))]


def _merge_tables(tables: list[list[list[str]]]) -> list[list[list[str]]]:
    """Tables split by page breaks (each part repeating its header) are one table."""
    merged: list[list[str]] = []
    for table in tables:
        merged.extend(list(r) for r in table)
    return [merged] if merged else []


def _is_header(row: list[str], header: list[str]) -> bool:
    return [c for c in row if c] == [c for c in header if c] or row[:1] == ["序号"]


def _tidy_table(table: list[list[str]]) -> list[list[str]]:
    """Clean cells, drop repeated headers, fill down merged group cells, rejoin split rows."""
    header = [clean(c) for c in table[0]]
    if "" in header:  # the 工作分工表 header leaves its task column unnamed
        header = [h or "工作任务" for h in header]
    width = len(header)
    rows: list[list[str]] = [header]
    fill = True  # a repeated header of another shape starts a group that is not filled down
    for raw in table[1:]:
        row = [clean(c) for c in raw]
        if _is_header(row, header):
            fill = [c for c in row if c] == [c for c in header if c]
            continue
        if len(row) < width:
            row = [row[0], "", *row[1:]] if width - len(row) == 1 and width == 4 else row
            row += [""] * (width - len(row))
        row = row[:width]
        content = 2 if width == 4 else 1
        prev = rows[-1] if len(rows) > 1 else None
        if prev is not None and width == 3 and not row[0] and not row[-1] and \
                not re.match(r"^\d+[.、．]", row[content]):
            prev[content] += row[content]  # a cell split by a page break
            continue
        if prev is not None and fill:
            for col in range(content):
                if not row[col] and (col > 0 or width == 3):
                    row[col] = prev[col]
        rows.append(row)
    return rows

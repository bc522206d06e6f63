"""From the raw lines of one source segment to logical paragraphs.

Steps: blank-line blocks → list items and tables apart → footnotes (``---`` + ``<sup>n</sup>``)
taken out → paragraphs split by a page break (ending without punctuation, continued after a blank
line) joined again. Each :class:`Para` keeps its raw markdown (the bold lead-in is a heading) and
whether it was a markdown heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from huiqi.corpus.text import NUMBER_LINE, clean, footnote_refs, is_complete

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_FOOTNOTE = re.compile(r"^<sup>\s*(\d+)\s*</sup>\s*(.*)$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")

#: a paragraph starting with one of these opens a new structural unit (never a continuation)
LABEL = re.compile(
    r"^(第[零〇一二三四五六七八九十百]+[章节条]"
    r"|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[)）]"
    r"|\d+[.、．](?!\d)"
    r"|[（(]\d+[)）]"
    r"|专栏\s*\d+"
    r"|附件)"
)


@dataclass
class Para:
    """One logical paragraph of the source."""

    raw: str
    line: int
    heading: bool = False
    table: list[list[str]] | None = None
    notes: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean(self.raw)

    @property
    def lead(self) -> str:
        """The cleaned text with any leading dash or list marker removed (for label tests)."""
        return re.sub(r"^[—\-\s]+", "", self.text)

    def starts_unit(self) -> bool:
        return bool(LABEL.match(self.lead))


def _html_lines(lines: list[str], first_line: int) -> list[tuple[int, str]]:
    """Numbered lines; an HTML line of ``<p>`` paragraphs (one 专栏 came out so) becomes
    one markdown paragraph per ``<p>``."""
    out: list[tuple[int, str]] = []
    for offset, line in enumerate(lines):
        number = first_line + offset
        if "<p" not in line:
            out.append((number, line))
            continue
        for part in re.split(r"</p>", line):
            text = re.sub(r"<p[^>]*>", "", part).replace("<b>", "**").replace("</b>", "**").strip()
            if text:
                out += [(number, text), (number, "")]
    return out


def _blocks(lines: list[str], first_line: int) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first_line
    for number, line in _html_lines(lines, first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip("\n"))
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _split_block(start: int, block: list[str]) -> list[Para]:
    """A block is one paragraph, a heading, a table, or a run of ``- `` list items."""
    if "\t" in block[0] or all("\t" in line for line in block):
        rows = [[cell.strip() for cell in line.split("\t")] for line in block]
        return [Para(raw="", line=start, table=rows)]
    if block[0].lstrip().startswith("|"):
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in block
                if not re.match(r"^\s*\|?\s*-{3,}", line)]
        return [Para(raw="", line=start, table=rows)]
    paras: list[Para] = []
    for offset, line in enumerate(block):
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        if heading:
            paras.append(Para(raw=heading.group(2), line=start + offset, heading=True))
        elif stripped.startswith("- ") or not paras or paras[-1].heading:
            paras.append(Para(raw=stripped.removeprefix("- "), line=start + offset))
        else:  # a hard-wrapped line continues the paragraph
            paras[-1].raw += stripped
    return paras


def paragraphs(lines: list[str], first_line: int = 1) -> tuple[list[Para], dict[int, str]]:
    """Logical paragraphs of a segment and the footnotes found in it (number → text)."""
    footnotes: dict[int, str] = {}
    paras: list[Para] = []
    for start, block in _blocks(lines, first_line):
        if block[0].strip() in ("---", "--"):
            continue
        note = _FOOTNOTE.match(block[0].strip())
        if note:
            footnotes[int(note.group(1))] = clean(note.group(2) + "".join(b.strip() for b in block[1:]))
            continue
        paras.extend(_split_block(start, block))
    for para in paras:
        para.notes = footnote_refs(para.raw)
    return _join_page_breaks(paras), footnotes


def _join_page_breaks(paras: list[Para]) -> list[Para]:
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.heading
            and prev.table is None
            and not para.heading
            and para.table is None
            and not is_complete(prev.text)
            and not para.starts_unit()
            and not _DATE.match(para.text)
            and not _DATE.match(prev.text)
            and not NUMBER_LINE.match(prev.text)
            and not NUMBER_LINE.match(para.text)
            and not re.match(r"^专栏\s*\d+", prev.lead)
        ):
            prev.raw = _join_raw(prev.raw, para.raw)
            prev.notes += para.notes
            continue
        out.append(para)
    return out


def _join_raw(left: str, right: str) -> str:
    """Join two halves of a split sentence; a space only between two Latin/digit characters."""
    left, right = left.rstrip(), right.lstrip()
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() \
            and right[0].isalnum():
        return left + " " + right
    return left + right


def split_signature(paras: list[Para]) -> tuple[list[Para], list[str], str | None]:
    """Take a trailing ``signer(s) + date`` off a segment: (paragraphs, signers, ISO date)."""
    if not paras:
        return paras, [], None
    date = _DATE.match(paras[-1].text)
    if not date:
        return paras, [], None
    iso = f"{int(date.group(1)):04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
    body = paras[:-1]
    signers: list[str] = []
    while body and not body[-1].heading and body[-1].table is None and not is_complete(body[-1].text) \
            and len(body[-1].text) <= 40:
        signers.insert(0, body.pop().text)
    return body, signers, iso


def parse_date(text: str) -> str | None:
    """``2021年8月25日`` → ``2021-08-25``."""
    m = _DATE.match(clean(text))
    if not m:
        return None
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"

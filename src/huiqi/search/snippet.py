"""Highlighted snippets: the window of a clause's best passage where the question's words are.

The matched spans come from the index (the passage's tokens that are among the question's terms),
so ``两年`` highlights ``2年`` and ``技改`` highlights ``技术改造``. The snippet is HTML-safe: the
text is escaped and the matches are wrapped in ``<mark>…</mark>`` (:data:`MARK_OPEN`,
:data:`MARK_CLOSE`).
"""

from __future__ import annotations

import html

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
WIDTH = 120


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching spans joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def best_window(spans: list[tuple[int, int]], region: tuple[int, int], width: int) -> tuple[int, int]:
    """The ``width``-character window of ``region`` covering the most matched characters."""
    lo, hi = region
    if hi - lo <= width or not spans:
        return lo, min(hi, lo + width)
    best_start, best_cover = lo, -1
    for anchor, _ in spans:
        start = max(lo, min(anchor - width // 6, hi - width))
        end = start + width
        cover = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
        if cover > best_cover:
            best_start, best_cover = start, cover
    return best_start, best_start + width


def snippet(text: str, spans: list[tuple[int, int]], region: tuple[int, int] | None = None,
            width: int = WIDTH) -> str:
    """An HTML-safe excerpt of ``text[region]`` around ``spans``, matches in ``<mark>``."""
    flat = text.replace("\n", " ")
    spans = merge(spans)
    start, end = best_window(spans, region or (0, len(flat)), width)
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(flat[pos:s]))
        out.append(MARK_OPEN + html.escape(flat[s:e]) + MARK_CLOSE)
        pos = e
    out.append(html.escape(flat[pos:end]))
    if end < len(flat):
        out.append("…")
    return "".join(out)

"""Clause references as people write them, reduced to a key: ``第八条第（一）项第5目`` →
``(("art", 8), ("item", 1), ("num", 5))``.

The same key comes out of every way of writing one clause: ``第八条（一）5``, ``第8条第1项第5目``,
``第八条第一项5``, ``三、（二）2``, ``三（二）2.``, ``专栏1``. A range (``第十三～十八条``,
``第十二、十三条``) gives its first article. First paragraphs (``第一款``) are the article itself.
Anything not understood raises ``ValueError``: resolving never guesses.
"""

from __future__ import annotations

import re

from huiqi.corpus.text import cn_to_int

Key = tuple[tuple[str, int | str], ...]

_N = r"(?:\d+|[零〇一二三四五六七八九十百两]+)"
_TOKENS: list[tuple[str, re.Pattern[str]]] = [
    ("preface", re.compile(r"^前言")),
    ("preamble", re.compile(r"^(?:序言|导语)")),
    ("closing", re.compile(r"^结语")),
    ("cover", re.compile(r"^(?:印发通知|封面通知)")),
    ("annex", re.compile(rf"^附件({_N})")),
    ("box", re.compile(rf"^专栏({_N})")),
    ("turn", re.compile(rf"^发言({_N})")),
    ("chapter", re.compile(rf"^第({_N})章")),
    ("section", re.compile(rf"^第({_N})节")),
    # 第十三～十八条 / 第十二、十三条 / 第十三条至第十八条: the first article
    ("article", re.compile(rf"^第({_N})(?:[～~至到\-—、，,]第?{_N})*条(?:至第{_N}条)?")),
    ("para", re.compile(rf"^第({_N})[款段]")),
    ("item", re.compile(r"^第?[（(]([零〇一二三四五六七八九十]+)[)）]项?")),
    ("item", re.compile(r"^第([零〇一二三四五六七八九十]+)项")),
    ("point", re.compile(r"^第?[（(](\d+)[)）]")),
    ("xiang", re.compile(r"^第(\d+)项")),
    ("num", re.compile(r"^第(\d+)目")),
    ("part", re.compile(r"^([一二三四五六七八九十]+)[、.．]")),
    ("num", re.compile(r"^[-之]?(\d+)(?:[.、．]|目|项)?")),
]


def ref_key(ref: str) -> Key:
    """The key of a printed reference; ``ValueError`` when it cannot be read."""
    text = re.sub(r"[\s\u3000]+", "", ref).strip("。．.，,")
    text = text.replace("(", "（").replace(")", "）")
    parts: list[tuple[str, int | str]] = []
    pos = 0
    while pos < len(text):
        rest = text[pos:]
        term = re.match(r"^[“\"]([^”\"]+)[”\"]", rest)
        if term:  # a glossary entry: 附件2“工业互联网”
            parts.append(("term", term.group(1)))
            pos += term.end()
            continue
        for kind, pattern in _TOKENS:
            m = pattern.match(rest)
            if m and m.end() > 0:
                number = cn_to_int(m.group(1)) if m.groups() else 0
                parts.append((kind, number))
                pos += m.end()
                break
        else:
            # a bare Chinese numeral at the start of an outline ref: "三（二）2"
            m = re.match(r"^([一二三四五六七八九十]+)(?=[（(]|$)", rest)
            if m and not parts:
                parts.append(("part", cn_to_int(m.group(1))))
                pos += m.end()
                continue
            raise ValueError(f"cannot read clause reference {ref!r} at {rest!r}")
    # "第1项" after an article or paragraph is its item （一）; elsewhere a number "1."
    parts = [("item" if i > 0 and parts[i - 1][0] in ("article", "para") else "num", n)
             if kind == "xiang" else (kind, n) for i, (kind, n) in enumerate(parts)]
    # the first paragraph of an article is the article's own text
    parts = [p for i, p in enumerate(parts)
             if not (p == ("para", 1) and i > 0 and parts[i - 1][0] == "article")]
    return tuple(parts)

"""Press-conference records: one clause per speaker turn (``t1``, ``t2`` …, ref ``发言1``).

A turn starts with a bold speaker name (``**王月琴：**`` or ``**许典辉**（省政府副秘书长）：``);
paragraphs without one continue the current turn.
"""

from __future__ import annotations

import re

from huiqi.corpus.model import Clause
from huiqi.corpus.paragraphs import Para
from huiqi.corpus.text import clean
from huiqi.corpus.tree import Factory, add_text

_SPEAKER = re.compile(r"^\*\*([^*]{1,30}?)\*\*\s*(（[^）]*）)?\s*[：:]?")


def parse_press(doc: str, paras: list[Para]) -> tuple[list[Clause], str | None]:
    """Clause list of a press record, and its subtitle (the date line)."""
    make = Factory(doc)
    turns: list[Clause] = []
    subtitle: str | None = None
    preamble: Clause | None = None
    for para in paras:
        if para.heading:
            continue
        text = para.text
        m = _SPEAKER.match(para.raw.strip())
        if m:
            name = clean(m.group(1)).rstrip("：:")
            role = clean(m.group(2) or "")
            body = clean(para.raw.strip()[m.end():]).lstrip("：: ")
            # "**王月琴（省人大常委会副秘书长）：**" keeps the role inside the bold
            if "（" in name and not role:
                name, _, rest = name.partition("（")
                role = "（" + rest
            n = len(turns) + 1
            turn = make.make(f"t{n}", f"发言{n}", "turn", heading=f"{name}{role}", text=body)
            turns.append(turn)
            continue
        if not turns and preamble is None and re.match(r"^（.*\d{4}.*）$", text):
            subtitle = text
            continue
        if turns:
            add_text(turns[-1], text)
        elif preamble is None:
            preamble = make.make("preamble", "序言", "preamble", text=text)
        else:
            add_text(preamble, text)
    return ([preamble] if preamble else []) + turns, subtitle

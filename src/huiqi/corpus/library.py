"""Documents outside the 2021 compilation, as library documents with a clause tree.

The successors of the compilation's rules and the exchanges' listing rules are registered in
``huiqi/programs/external_docs.yaml`` (number, issuer, dates, source quality, the articles rules
cite). This module turns each entry into a :class:`~huiqi.corpus.model.Document` at load time, so
a new article added to that file is a clause of the library, searchable and linkable, without a
rebuild. Nothing is invented: a document holds exactly the articles registered for it, and its
``notes`` say in plain Chinese what kind of source it rests on and what is missing.

Clause ids: ``<doc>#<article>`` (the id rules already cite, e.g. ``miit-sme-tiers-2022#附件3（专）``);
an article whose text lists numbered standards ``（一）…（二）…`` gets one child per standard,
``<doc>#<article>-i<n>``, printed ``<article>（一）``.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from huiqi.corpus.model import Clause, Document

#: the source-quality marks of external_docs.yaml in plain Chinese, as a document page shows them
QUALITY_NOTES = {
    "P": "条文来自官方文本或逐字转载的全文。",
    "R": "此文件来自转载，尚未与官方文本核对。",
    "M": "此文件仅凭记忆登记，未找到来源，尚未核实。",
}
SOURCE_KIND = {"P": "官方文本（或逐字转载）", "R": "转载", "M": "仅凭记忆"}
SUMMARY_MARK = "（据转载整理）"
#: what an annex is about, where the registry cites its parts (``附件1（评价指标）`` …) but not the
#: annex itself: /work/shared/reference/successor-rules.md §1a–1c (63号 附件1–3, R). The annexes'
#: own titles were not seen; a page says so.
ANNEX_SUBJECTS = {
    ("miit-sme-tiers-2022", "附件1"): "创新型中小企业评价",
    ("miit-sme-tiers-2022", "附件2"): "专精特新中小企业认定",
    ("miit-sme-tiers-2022", "附件3"): "专精特新“小巨人”企业认定",
}
_ANNEX_PART = re.compile(r"(附件\d+)（.+）")
_CN = "一二三四五六七八九十"
_ITEM = re.compile(r"（([一二三四五六七八九十])）")


def external_documents() -> list[Document]:
    """Every document of the external registry, in the registry's order."""
    from huiqi.programs.external import external_docs

    return [_document(doc) for doc in external_docs().values()]


def _document(doc: Any) -> Document:
    clauses = _grouped(doc.id, [_article(doc.id, ref, text) for ref, text in doc.articles.items()])
    summaries = [ref for ref, text in doc.articles.items() if text.startswith(SUMMARY_MARK)]
    notes = [QUALITY_NOTES[doc.quality]]
    notes.append(f"本库只收录规则引用的 {len(doc.articles)} 条条款，其余条款原文未收录。")
    if summaries:
        notes.append("标注“据转载整理”的条款（" + "、".join(summaries)
                     + "）是转载内容的整理摘要，不是原文，原文措辞未见。")
    if doc.date_quality == "M":
        notes.append("施行日期仅凭记忆登记，未找到来源，待核实。")
    elif doc.date_quality == "R":
        notes.append("施行日期来自转载，尚未与官方文本核对。")
    return Document(
        id=doc.id, title=doc.title, short_title=doc.short_title or doc.title, kind="regulation", number=doc.number,
        issuer=doc.issuer or None,
        issue_date=doc.issued.isoformat() if doc.issued else None,
        effective_date=doc.effective.isoformat() if doc.effective else None,
        expiry_date=doc.expires.isoformat() if doc.expires else None,
        clauses=clauses,
        source={"external": True, "quality": doc.quality, "kind": SOURCE_KIND[doc.quality],
                "urls": list(doc.sources), "date_quality": doc.date_quality},
        notes=notes,
    )


def _grouped(doc_id: str, articles: list[Clause]) -> list[Clause]:
    """Parts of one annex (``附件1（评价指标）``, ``附件1（说明）``) under an ``附件1`` clause, where the
    registry holds no article ``附件1`` itself; the annex's subject, if known, is its heading."""
    refs = {a.ref for a in articles}
    out: list[Clause] = []
    annexes: dict[str, Clause] = {}
    for article in articles:
        match = _ANNEX_PART.fullmatch(article.ref)
        if match is None or match.group(1) in refs:
            out.append(article)
            continue
        name = match.group(1)
        if name not in annexes:
            subject = ANNEX_SUBJECTS.get((doc_id, name))
            annexes[name] = Clause(id=f"{doc_id}#{name}", anchor=name, ref=name, kind="annex", label=name,
                                   heading=subject,
                                   notes=["附件标题原文未见；主题据转载整理。"] if subject else [])
            out.append(annexes[name])
        annexes[name].children.append(article)
    return out


def _article(doc_id: str, ref: str, text: str) -> Clause:
    intro, items = split_items(text)
    article = Clause(id=f"{doc_id}#{ref}", anchor=ref, ref=ref, kind="article", label=ref,
                     text=intro if items else text)
    for n, item in enumerate(items, start=1):
        anchor = f"{ref}-i{n}"
        article.children.append(Clause(id=f"{doc_id}#{anchor}", anchor=anchor, ref=f"{ref}（{_CN[n - 1]}）",
                                       kind="item", label=f"（{_CN[n - 1]}）", text=item[3:]))
    return article


def split_items(text: str) -> tuple[str, list[str]]:
    """``text`` cut before ``（一）``, ``（二）`` … when they run in order from ``（一）``; else no items.

    >>> split_items("至少符合下列标准中的一项：（一）甲；（二）乙。")
    ('至少符合下列标准中的一项：', ['（一）甲；', '（二）乙。'])
    """
    starts: list[int] = []
    for match in _ITEM.finditer(text):
        if _CN.index(match.group(1)) == len(starts):
            starts.append(match.start())
    if len(starts) < 2:
        return text, []
    bounds = [*starts, len(text)]
    return text[:starts[0]], [text[a:b] for a, b in pairwise(bounds)]

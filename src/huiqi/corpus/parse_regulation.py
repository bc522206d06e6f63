"""Regulations: 章 / 节 / 条, and inside an article 款 (paragraph), 项 （一） and 目 1.

Anchors: ``ch1``, ``ch1-sec2``, ``art8``, ``art8-p2`` (第二款), ``art8-i1`` (first paragraph's
（一）), ``art8-i1-s5`` (its 目 5.), ``art4-p2-i3``. The first paragraph is the article's own
text; its items hang directly under the article, later paragraphs are ``p2``, ``p3`` nodes.
"""

from __future__ import annotations

from huiqi.corpus.model import Clause
from huiqi.corpus.paragraphs import Para
from huiqi.corpus.text import cn_to_int, int_to_cn
from huiqi.corpus.tree import ARTICLE, CHAPTER, ITEM, NUM, SECTION, Factory, add_text


class _Article:
    """The article being read: its clause, its current paragraph and current item."""

    def __init__(self, clause: Clause, number: int) -> None:
        self.clause = clause
        self.number = number
        self.paragraph = clause  # the container of the next （一）
        self.paragraph_no = 1
        self.item: Clause | None = None


def parse_regulation(doc: str, paras: list[Para], footnotes: dict[int, str]) -> tuple[
        list[Clause], str | None]:
    """Clause tree of a regulation body; also returns a subtitle line found before the articles."""
    make = Factory(doc)
    roots: list[Clause] = []
    chapter: Clause | None = None
    section: Clause | None = None
    article: _Article | None = None
    subtitle: str | None = None

    def container() -> list[Clause]:
        if section is not None:
            return section.children
        if chapter is not None:
            return chapter.children
        return roots

    for para in paras:
        text = para.lead
        if para.table is not None:
            if article is not None:
                article.clause.tables.append(para.table)
            continue
        if m := CHAPTER.match(text):
            n = cn_to_int(m.group(1))
            chapter = make.make(f"ch{n}", f"第{int_to_cn(n)}章", "chapter", f"第{int_to_cn(n)}章",
                                heading=m.group(2) or None)
            roots.append(chapter)
            section, article = None, None
            continue
        if m := SECTION.match(text):
            n = cn_to_int(m.group(1))
            parent = chapter
            anchor = f"{parent.anchor}-sec{n}" if parent else f"sec{n}"
            ref = f"{parent.ref if parent else ''}第{int_to_cn(n)}节"
            section = make.make(anchor, ref, "section", f"第{int_to_cn(n)}节", heading=m.group(2) or None)
            (parent.children if parent else roots).append(section)
            article = None
            continue
        if m := ARTICLE.match(text):
            n = cn_to_int(m.group(1))
            clause = make.make(f"art{n}", f"第{int_to_cn(n)}条", "article", f"第{int_to_cn(n)}条",
                               text=m.group(2).strip())
            container().append(clause)
            article = _Article(clause, n)
            _attach_notes(clause, para, footnotes)
            continue
        if article is None:
            if para.heading:
                continue  # the document title
            subtitle = text if subtitle is None else f"{subtitle}\n{text}"
            continue
        _article_paragraph(make, article, para, text, footnotes)
    return roots, subtitle


def _article_paragraph(make: Factory, article: _Article, para: Para, text: str,
                       footnotes: dict[int, str]) -> None:
    art = article.clause
    if not art.text and not art.children:
        art.text = text
        return
    if m := ITEM.match(text):
        n = cn_to_int(m.group(1))
        parent = article.paragraph
        item = make.make(f"{parent.anchor}-i{n}", f"{parent.ref}第（{int_to_cn(n)}）项", "item",
                         f"（{int_to_cn(n)}）", text=m.group(2).strip())
        parent.children.append(item)
        article.item = item
        _attach_notes(item, para, footnotes)
        return
    if (m := NUM.match(text)) and article.item is not None:
        n = int(m.group(1))
        item = article.item
        sub = make.make(f"{item.anchor}-s{n}", f"{item.ref}第{n}目", "subitem", f"{n}.",
                        text=m.group(2).strip())
        item.children.append(sub)
        _attach_notes(sub, para, footnotes)
        return
    if article.paragraph is art and not art.children and para.heading:
        add_text(art, text)
        return
    article.paragraph_no += 1
    k = article.paragraph_no
    clause = make.make(f"art{article.number}-p{k}", f"{art.ref}第{int_to_cn(k)}款", "paragraph",
                       text=text)
    art.children.append(clause)
    article.paragraph = clause
    article.item = None
    _attach_notes(clause, para, footnotes)


def _attach_notes(clause: Clause, para: Para, footnotes: dict[int, str]) -> None:
    for n in para.notes:
        if n in footnotes:
            clause.notes.append(f"注{n}：{footnotes[n]}")

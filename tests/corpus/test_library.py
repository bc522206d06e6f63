"""The documents outside the compilation that rules cite are library documents: one per entry of
``external_docs.yaml``, each registered article a clause, the source quality said in plain Chinese;
and each document's state on a day (in force, replaced by what from when, expired)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from huiqi.corpus.library import _document, split_items
from huiqi.corpus.store import Corpus
from huiqi.programs.external import external_docs
from huiqi.programs.status import document_status


def test_every_registered_document_and_article_is_in_the_library(corpus: Corpus) -> None:
    registry = external_docs()
    assert len(registry) >= 14
    for doc_id, entry in registry.items():
        doc = corpus.document(doc_id)
        assert doc.external and doc.number == entry.number and doc.title == entry.title
        for ref, text in entry.articles.items():
            clause = corpus.resolve(doc_id, ref)
            assert clause.id == f"{doc_id}#{ref}"
            assert clause.full_text().replace("\n", "").replace(" ", "").endswith(text.replace(" ", "")[-20:])


def test_a_new_article_of_the_registry_becomes_a_clause() -> None:
    entry = external_docs()["miit-sme-tiers-2026"]
    added = dataclasses.replace(entry, articles={**entry.articles, "第九条": "（据转载整理）新条文。"})
    doc = _document(added)
    assert [c.ref for c in doc.clauses][-1] == "第九条"
    assert Corpus([doc]).resolve("miit-sme-tiers-2026", "第九条").text == "（据转载整理）新条文。"


def test_source_quality_and_what_is_missing_are_said_in_chinese(corpus: Corpus) -> None:
    repost = corpus.document("tech-upgrade-fund-2024")
    assert "此文件来自转载，尚未与官方文本核对。" in repost.notes
    assert any("其余条款原文未收录" in n for n in repost.notes)
    assert any("整理摘要，不是原文" in n for n in repost.notes)
    official = corpus.document("sse-star-rules-2019")
    assert "条文来自官方文本或逐字转载的全文。" in official.notes
    assert any("仅凭记忆" in n for n in corpus.document("szse-chinext-rules-2024").notes)


def test_numbered_standards_are_clauses_of_their_own(corpus: Corpus) -> None:
    article = corpus.resolve("exchange-main-rules-2024", "3.1.2")
    assert [c.ref for c in article.children] == ["3.1.2（一）", "3.1.2（二）", "3.1.2（三）"]
    second = corpus.resolve("exchange-main-rules-2024", "3.1.2（二）")
    assert second.id == "exchange-main-rules-2024#3.1.2-i2" and "预计市值不低于50亿元" in second.text
    assert split_items("甲（二）乙（一）丙") == ("甲（二）乙（一）丙", [])  # one item only: not a list


@pytest.mark.parametrize(("doc", "day", "state", "successor"), [
    ("tech-upgrade-fund", "2024-12-31", "in_force", None),
    # 7号 replaces the equipment reward; the 2019 pre-reward settlement still rests on 5号
    ("tech-upgrade-fund", "2025-01-01", "partly_replaced", ("tech-upgrade-fund-2024", "2025-01-01")),
    ("tech-upgrade-fund-2024", "2024-12-31", "pending", None),
    ("little-giant-2021", "2022-07-31", "in_force", None),
    ("little-giant-2021", "2022-08-01", "replaced", ("miit-sme-tiers-2022", "2022-08-01")),
    ("gd-srdi-2020", "2025-02-14", "in_force", None),
    ("gd-srdi-2020", "2025-02-15", "expired", None),
    ("tech-upgrade-filing-interp", "2022-09-01", "expired", None),  # follows the 细则 it explains
    ("exchange-main-rules-2023", "2024-04-30", "replaced", ("exchange-main-rules-2024", "2024-04-30")),
    ("digital-economy-regulation", "2026-12-05", "in_force", None),
])
def test_document_state_on_a_day(doc: str, day: str, state: str, successor: tuple[str, str] | None) -> None:
    status = document_status(doc, dt.date.fromisoformat(day))
    assert status.state == state
    if successor:
        assert (status.successors[0].doc, status.successors[0].since.isoformat()) == successor
    else:
        assert status.successors == ()


def test_annex_parts_sit_under_their_annex_with_its_subject(corpus: Corpus) -> None:
    annex = corpus.resolve("miit-sme-tiers-2022", "附件2")
    assert annex.kind == "annex" and annex.heading == "专精特新中小企业认定"
    assert [c.ref for c in annex.children][:2] == ["附件2（认定条件一）", "附件2（认定条件二）"]
    assert annex.notes == ["附件标题原文未见；主题据转载整理。"]
    # where the registry holds the annex itself, nothing is grouped
    assert corpus.resolve("miit-sme-tiers-2026", "附件1").kind == "article"


def test_the_civil_code_article_a_note_cites_is_held_with_its_quality(corpus: Corpus) -> None:
    """gd-srdi-2020's note “以上”含本数 cites 民法典 第一千二百五十九条: the library holds the article,
    and says its wording was registered from recollection (M), not from an opened official text."""
    article = corpus.resolve("civil-code", "第一千二百五十九条")
    assert article.text.startswith("民法所称的“以上”、“以下”、“以内”、“届满”，包括本数")
    assert article.text.endswith("所称的“不满”、“超过”、“以外”，不包括本数。")
    document = corpus.document("civil-code")
    assert document.short_title == "民法典"
    assert "此文件仅凭记忆登记，未找到来源，尚未核实。" in document.notes

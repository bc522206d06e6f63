"""Document metadata: numbers, dates, and that each date's source is in the text."""

from __future__ import annotations

import pytest

from huiqi.corpus.store import Corpus

DATES = {
    # doc: (number, issue, effective, expiry)
    "tech-upgrade-filing": ("粤工信规字〔2021〕2号", "2021-08-25", "2021-09-01", "2022-08-31"),
    "tech-upgrade-fund": ("粤工信规字〔2021〕5号", "2021-10-09", "2022-01-01", "2026-12-31"),
    "inclusive-investment": ("粤工信技改函〔2021〕45号", "2021-09-03", "2021-09-03", "2026-09-02"),
    "manufacturing-14fyp": ("粤府〔2021〕53号", "2021-07-30", "2021-07-30", "2025-12-31"),
    "little-giant-2021": ("工信厅企业函〔2021〕79号", "2021-04-19", "2021-04-19", None),
    "gd-srdi-2020": ("粤工信规字〔2020〕3号", "2020-01-20", "2020-02-15", "2025-02-14"),
    "srdi-listing": (None, "2021-02-26", "2021-02-26", None),
    "digital-transformation-plan": ("粤府〔2021〕45号", "2021-06-30", "2021-06-30", "2025-12-31"),
    "digital-transformation-measures": ("粤府〔2021〕45号", "2021-06-30", "2021-06-30", "2024-06-29"),
    "digital-benchmark-2021": ("粤工信工业互联网函〔2021〕32号", "2021-06-22", "2021-06-22", None),
    "digital-economy-regulation": ("广东省第十三届人民代表大会常务委员会公告（第85号）", "2021-07-30",
                                   "2021-09-01", None),
}


@pytest.mark.parametrize(("doc", "expected"), DATES.items())
def test_document_numbers_and_dates(corpus: Corpus, doc: str, expected: tuple[str | None, ...]) -> None:
    d = corpus.document(doc)
    assert (d.number, d.issue_date, d.effective_date, d.expiry_date) == expected
    assert d.validity_note


@pytest.mark.parametrize(("doc", "ref", "words"), [
    ("tech-upgrade-filing", "第三十七条", "本实施细则自2021年9月1日起施行，有效期1年"),
    ("tech-upgrade-fund", "第二十六条", "本细则自2022年1月1日起施行，有效期5年"),
    ("inclusive-investment", "第三十一条", "本细则自发布之日起施行，有效期5年"),
    ("gd-srdi-2020", "第十五条", "本办法自2020年2月15日起实施，有效期5年"),
    ("digital-economy-regulation", "第七十二条", "本条例自2021年9月1日起施行"),
    ("digital-transformation-measures", "结语", "本政策措施自发布之日起三年内有效"),
    ("little-giant-2021", "四、（五）", "专精特新“小巨人”企业有效期为3年"),
])
def test_validity_sources_are_in_the_text(corpus: Corpus, doc: str, ref: str, words: str) -> None:
    assert words in corpus.resolve(doc, ref).text


def test_cover_numbers_are_in_the_source(corpus: Corpus) -> None:
    from huiqi.corpus.build import read_source

    source = "\n".join(read_source())
    for doc in corpus.documents:
        if doc.number and "公告" not in doc.number and not doc.external:
            assert doc.number in source, doc.id


def test_interpretations_point_to_their_documents(corpus: Corpus) -> None:
    kinds = {d.id: d.kind for d in corpus.documents}
    for doc in corpus.documents:
        if doc.kind in ("interpretation", "press"):
            assert doc.interprets in kinds, doc.id
            assert doc.id.startswith(doc.interprets or "")
    assert kinds["digital-economy-regulation-press"] == "press"
    assert kinds["tech-upgrade-filing-interp"] == "interpretation"
    assert kinds["little-giant-2021"] == "notice"
    assert kinds["manufacturing-14fyp"] == "plan"

"""The clause trees: every article once and in order, clean text, known clause texts."""

from __future__ import annotations

import re

import pytest

from huiqi.corpus.store import Corpus
from huiqi.corpus.text import CJK, cn_to_int, int_to_cn

#: regulation → number of articles, as the text has them
ARTICLES = {
    "tech-upgrade-filing": 37,
    "tech-upgrade-fund": 26,
    "inclusive-investment": 31,
    "gd-srdi-2020": 15,
    "digital-economy-regulation": 72,
}

#: regulation → chapters and the first article of each
CHAPTERS = {
    "tech-upgrade-filing": [1, 8, 12, 19, 23, 31, 35],
    "tech-upgrade-fund": [1, 4, 8, 11, 19, 25],
    "inclusive-investment": [1, 7, 11, 16, 24, 30],
    "digital-economy-regulation": [1, 9, 17, 24, 29, 37, 43, 51, 59, 72],
}

EXPECTED_IDS = {
    "tech-upgrade-filing", "tech-upgrade-fund", "inclusive-investment", "manufacturing-14fyp",
    "little-giant-2021", "gd-srdi-2020", "srdi-listing", "digital-transformation-plan",
    "digital-transformation-measures", "digital-benchmark-2021", "digital-economy-regulation",
    "tech-upgrade-filing-interp", "tech-upgrade-fund-interp", "digital-transformation-plan-interp",
    "digital-economy-regulation-press",
}


def test_all_documents_are_there_with_their_ids(corpus: Corpus) -> None:
    assert {d.id for d in corpus.documents if not d.external} == EXPECTED_IDS


@pytest.mark.parametrize(("doc", "count"), ARTICLES.items())
def test_every_article_present_once_and_in_order(corpus: Corpus, doc: str, count: int) -> None:
    articles = [c for top in corpus.document(doc).clauses for c in top.walk() if c.kind == "article"]
    assert [c.ref for c in articles] == [f"第{int_to_cn(n)}条" for n in range(1, count + 1)]
    assert [c.anchor for c in articles] == [f"art{n}" for n in range(1, count + 1)]


@pytest.mark.parametrize(("doc", "firsts"), CHAPTERS.items())
def test_chapters_hold_the_right_articles(corpus: Corpus, doc: str, firsts: list[int]) -> None:
    chapters = [c for c in corpus.document(doc).clauses if c.kind == "chapter"]
    assert [c.anchor for c in chapters] == [f"ch{n}" for n in range(1, len(firsts) + 1)]
    for chapter, first in zip(chapters, firsts, strict=True):
        first_article = next(c for c in chapter.walk() if c.kind == "article")
        assert first_article.anchor == f"art{first}"


def test_clause_ids_are_unique_and_ascii(corpus: Corpus) -> None:
    seen: set[str] = set()
    for doc in corpus.documents:
        for clause in doc.walk():
            assert clause.id == f"{doc.id}#{clause.anchor}"
            # outside the compilation the anchor is the article's own name (what rules cite)
            assert doc.external or re.fullmatch(r"[a-z0-9-]+", clause.anchor), clause.id
            assert clause.id not in seen
            seen.add(clause.id)


def test_every_clause_has_content(corpus: Corpus) -> None:
    for doc in corpus.documents:
        for clause in doc.walk():
            assert clause.text.strip() or (clause.heading and (clause.children or clause.tables)), clause.id


def test_no_page_break_debris(corpus: Corpus) -> None:
    for doc in corpus.documents:
        for clause in doc.walk():
            for text in (clause.text, clause.heading or ""):
                assert "**" not in text, clause.id
                assert not re.search(r"</?(b|p|sup)\b", text), clause.id
                assert not re.search(rf"[{CJK}][ \t]+[{CJK}]", text), (clause.id, text)
                assert not re.search(r"(^|\n)\s*\d{1,3}\s*($|\n)", text), clause.id  # page numbers
                assert " and " not in text and " etc " not in text, clause.id


def test_page_break_splits_are_rejoined(corpus: Corpus) -> None:
    art10 = corpus.resolve("tech-upgrade-filing", "第十条")
    assert "提供申请领码有关的发展规划、产业政策等方面的咨询服务" in art10.text
    art21 = corpus.resolve("tech-upgrade-fund", "第二十一条")
    assert art21.text.endswith("发现违规违法行为的依法依规严肃处理。")
    assert not art21.children
    srdi = corpus.resolve("gd-srdi-2020", "第五条第（一）项").text
    assert "本科以上学历或中级以上职称员工数占企业员工总数的30%以上" in srdi


def test_tech_upgrade_fund_threshold_clause(corpus: Corpus) -> None:
    text = corpus.resolve("tech-upgrade-fund", "第八条第（一）项第5目").text
    assert "不低于700万元" in text
    assert "粤东粤西粤北地区" in text
    assert "不低于400万元" in text


@pytest.mark.parametrize(("doc", "ref", "words"), [
    ("tech-upgrade-fund", "第十条第（一）项", "单个项目奖励额最高不超过5000万元"),
    ("inclusive-investment", "第十三条", "不超过2%的比例核算奖励资金额度"),
    ("inclusive-investment", "第十二条第（三）项", "总投资须10亿元以上"),
    ("gd-srdi-2020", "第四条第（三）项", "上年末总资产3000万元以上"),
    ("gd-srdi-2020", "第四条第二款", "可适当降低不超过20%"),
    ("tech-upgrade-filing", "第十三条第二款", "2个工作日内一次告知"),
    ("tech-upgrade-filing", "第二十条", "3个工作日内核查"),
    ("little-giant-2021", "三、（二）1", "资产负债率不高于70%"),
    ("little-giant-2021", "三、（三）3", "研发人员占企业职工总数比例50%（含）以上"),
    ("little-giant-2021", "三、（一）第二段", "不得被推荐"),
    ("digital-benchmark-2021", "三、（二）2", "不低于500万元，粤东粤西粤北地区项目投入费用不低于300万元"),
    ("digital-benchmark-2021", "四、（一）", "不超过项目投入费用的30%"),
    ("digital-economy-regulation", "第七十二条", "本条例自2021年9月1日起施行。"),
    ("digital-transformation-measures", "结语", "本政策措施自发布之日起三年内有效"),
])
def test_known_clause_texts(corpus: Corpus, doc: str, ref: str, words: str) -> None:
    assert words in corpus.resolve(doc, ref).full_text()


def test_items_and_paragraphs_of_an_article(corpus: Corpus) -> None:
    art17 = corpus.resolve("tech-upgrade-filing", "第十七条")
    assert [c.anchor for c in art17.children] == [*(f"art17-i{n}" for n in range(1, 6)), "art17-p2"]
    assert corpus.resolve("tech-upgrade-filing", "第十七条第二款").text.startswith("项目建设地点发生重大变更")


def test_boxes_are_their_own_nodes(corpus: Corpus) -> None:
    plan = corpus.document("manufacturing-14fyp")
    boxes = [c for top in plan.clauses for c in top.walk() if c.kind == "box"]
    assert [b.ref for b in boxes] == [f"专栏{n}" for n in range(1, 27)]
    assert corpus.resolve("manufacturing-14fyp", "专栏7").heading == "软件与信息服务重点细分领域发展空间布局"
    assert len(corpus.resolve("manufacturing-14fyp", "专栏7").children) == 4
    digital = corpus.document("digital-transformation-plan")
    assert [c.ref for top in digital.clauses for c in top.walk() if c.kind == "box"] == [
        f"专栏{n}" for n in range(1, 10)]


def test_outline_numbering(corpus: Corpus) -> None:
    assert corpus.resolve("digital-transformation-plan", "三、（二）11").heading == "半导体与集成电路产业集群"
    assert corpus.resolve("manufacturing-14fyp", "第三章第一节1").heading == "新一代电子信息"
    assert corpus.resolve("little-giant-2021", "三、（一）").heading == "基本条件"
    parts = [c.ref for c in corpus.document("digital-transformation-measures").clauses if c.kind == "part"]
    assert parts == [f"{int_to_cn(n)}、" for n in range(1, 10)]


def test_cover_notices_stay_with_their_documents(corpus: Corpus) -> None:
    cover = corpus.document("tech-upgrade-filing").cover
    assert cover is not None and "实施期限1年" in cover.text
    fund_cover = corpus.document("tech-upgrade-fund").cover
    assert fund_cover is not None and fund_cover.id == "tech-upgrade-fund#cover"
    measures = corpus.document("digital-transformation-measures").cover
    assert measures is not None and "若干政策措施" in measures.heading  # type: ignore[operator]
    assert corpus.document("srdi-listing").signers[-1] == "全国中小企业股份转让系统有限责任公司"


def test_tables_are_kept(corpus: Corpus) -> None:
    table = corpus.clause("digital-transformation-plan#annex1").tables[0]
    assert table[0] == ["序号", "工作内容", "工作任务", "责任单位"]
    assert [row[0] for row in table[1:]] == [str(n) for n in range(1, 16)]
    measures = corpus.clause("digital-transformation-measures#annex1").tables[0]
    assert len(measures) == 26
    assert corpus.clause("manufacturing-14fyp#annex1").notes  # the garbled map is only noted


def test_chinese_numerals_round_trip() -> None:
    for n in range(1, 200):
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(72) == "七十二" and int_to_cn(10) == "十" and int_to_cn(105) == "一百零五"

"""Resolving printed references, describe_clause, search units, and the build's reproducibility."""

from __future__ import annotations

import pytest

from huiqi.corpus import build
from huiqi.corpus.refs import ref_key
from huiqi.corpus.store import Corpus, describe_clause, load_corpus


@pytest.mark.parametrize(("doc", "ref", "anchor"), [
    ("tech-upgrade-fund", "第八条第（一）项第5目", "art8-i1-s5"),
    ("tech-upgrade-fund", "第八条（一）5", "art8-i1-s5"),
    ("tech-upgrade-fund", "第八条(一)5", "art8-i1-s5"),
    ("tech-upgrade-fund", "第8条第1项第5目", "art8-i1-s5"),
    ("tech-upgrade-fund", "第八条第一项第5目", "art8-i1-s5"),
    ("tech-upgrade-fund", "第 八 条 第（一）项 第 5 目", "art8-i1-s5"),
    ("tech-upgrade-fund", "第八条", "art8"),
    ("tech-upgrade-fund", "第八条第一款", "art8"),
    ("tech-upgrade-fund", "第十条（一）", "art10-i1"),
    ("tech-upgrade-fund", "art8-i1-s5", "art8-i1-s5"),
    ("tech-upgrade-fund", "tech-upgrade-fund#art8", "art8"),
    ("inclusive-investment", "第十二、十三条", "art12"),
    ("tech-upgrade-filing", "第十三～十八条", "art13"),
    ("tech-upgrade-filing", "第十三条至第十八条", "art13"),
    ("tech-upgrade-filing", "第二十二条", "art22"),
    ("tech-upgrade-filing", "第二十二条第二款", "art22-p2"),
    ("tech-upgrade-filing", "第一章", "ch1"),
    ("gd-srdi-2020", "第四条第（三）项", "art4-i3"),
    ("gd-srdi-2020", "第四条第二款", "art4-p2"),
    ("digital-economy-regulation", "第十五条第（八）项", "art15-i8"),
    ("little-giant-2021", "三、（二）2", "s3-i2-n2"),
    ("little-giant-2021", "三（二）2", "s3-i2-n2"),
    ("little-giant-2021", "三、(二)2.", "s3-i2-n2"),
    ("little-giant-2021", "三、", "s3"),
    ("little-giant-2021", "二、", "s2"),
    ("digital-benchmark-2021", "三、（一）1", "s3-i1-n1"),
    ("manufacturing-14fyp", "专栏1", "box1"),
    ("manufacturing-14fyp", "专栏 22", "box22"),
    ("manufacturing-14fyp", "专栏1-3", "box1-n3"),
    ("manufacturing-14fyp", "前言", "preface"),
    ("manufacturing-14fyp", "第三章第一节", "ch3-sec1"),
    ("manufacturing-14fyp", "附件2", "annex2"),
    ("digital-transformation-plan", "三、（二）11", "s3-i2-n11"),
    ("digital-transformation-plan", "专栏5", "box5"),
    ("digital-economy-regulation-press", "发言1", "t1"),
    ("tech-upgrade-fund", "印发通知", "cover"),
])
def test_resolve_printed_forms(corpus: Corpus, doc: str, ref: str, anchor: str) -> None:
    assert corpus.resolve(doc, ref).anchor == anchor


@pytest.mark.parametrize(("doc", "ref"), [
    ("tech-upgrade-fund", "第二十七条"),
    ("tech-upgrade-fund", "第八条第（四）项"),
    ("tech-upgrade-fund", "第八条第（一）项第8目"),
    ("tech-upgrade-fund", "第八条第二款"),
    ("little-giant-2021", "六、"),
    ("little-giant-2021", "三、（二）9"),
    ("manufacturing-14fyp", "专栏27"),
    ("tech-upgrade-fund", "whatever"),
    ("no-such-doc", "第一条"),
])
def test_resolve_never_guesses(corpus: Corpus, doc: str, ref: str) -> None:
    with pytest.raises(KeyError):
        corpus.resolve(doc, ref)


def test_every_printed_ref_resolves_to_its_clause(corpus: Corpus) -> None:
    for doc in corpus.documents:
        for clause in doc.walk():
            found = corpus.resolve(doc.id, clause.ref)
            if found is not clause:  # only a number printed twice may share a ref
                assert found.ref == clause.ref and clause.anchor.endswith("b"), clause.id


def test_describe_clause_gives_the_contract_object() -> None:
    assert describe_clause("tech-upgrade-fund", "第八条（一）5") == {
        "doc": "tech-upgrade-fund",
        "doc_title": "广东省工业和信息化厅 广东省财政厅关于先进制造业发展专项资金（企业技术改造）管理实施细则",
        "ref": "第八条第（一）项第5目",
        "id": "tech-upgrade-fund#art8-i1-s5",
    }
    assert describe_clause("inclusive-investment", "第十二、十三条")["ref"] == "第十二、十三条"
    with pytest.raises(KeyError):
        describe_clause("tech-upgrade-fund", "第九十九条")
    with pytest.raises(KeyError):
        describe_clause("nope", "第一条")


def test_ref_key_reads_variants_alike() -> None:
    assert ref_key("第八条第（一）项第5目") == ref_key("第八条（一）5") == (
        ("article", 8), ("item", 1), ("num", 5))
    with pytest.raises(ValueError):
        ref_key("第八条第x项")


def test_units_are_every_clause_with_words_of_its_own(corpus: Corpus) -> None:
    units = corpus.units()
    by_doc: dict[str, list[str]] = {}
    for unit in units:
        by_doc.setdefault(unit.doc, []).append(unit.ref)
        assert unit.text.strip()
    # 72 articles and 39 further paragraphs (第二条第二款 …) of the 数字经济促进条例
    assert by_doc["digital-economy-regulation"][:3] == ["第一条", "第二条", "第二条第二款"]
    assert len(by_doc["digital-economy-regulation"]) == 111
    assert "第八条第（一）项第5目" in by_doc["tech-upgrade-fund"]
    assert "三、（二）1" in by_doc["little-giant-2021"] and "三、" not in by_doc["little-giant-2021"]  # heading only
    # a 专栏 title over its items is their context; the items are units
    assert "专栏1" not in by_doc["manufacturing-14fyp"] and "第三章第一节1" in by_doc["manufacturing-14fyp"]
    assert any(r.startswith("专栏1") and r != "专栏1" for r in by_doc["manufacturing-14fyp"])
    assert "发言1" in by_doc["digital-economy-regulation-press"]
    assert "3.1.2（二）" in by_doc["exchange-main-rules-2024"]
    art8 = next(u for u in units if u.clause_id == "tech-upgrade-fund#art8-i1-s5")
    assert "不低于700万元" in art8.text and "（二）" not in art8.text  # its own words, not its siblings'
    ids = [u.clause_id for u in units]
    assert len(ids) == len(set(ids))


def test_load_corpus_is_cached() -> None:
    assert load_corpus() is load_corpus()


def test_build_reproduces_the_committed_json() -> None:
    fresh = build.build_text()
    assert fresh == build.build_text()  # deterministic
    assert build.OUTPUT_PATH.read_text(encoding="utf-8") == fresh
    assert build.check()

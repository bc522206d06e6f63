"""Clause search: contract §4 shape, filters, errors, synonyms and number forms."""

from __future__ import annotations

import pytest

from huiqi.errors import InputError
from huiqi.search import SearchIndex
from huiqi.search.index import EXPANSION
from huiqi.search.units import corpus_units

CONTRACT_FIELDS = {"doc": str, "doc_title": str, "ref": str, "text": str, "score": float}


def top_ids(index: SearchIndex, query: str, k: int = 5, doc: str | None = None) -> list[str]:
    return [h.id for h in index.search(query, limit=k, doc=doc)]


def inside(clause_id: str) -> set[str]:
    """``clause_id`` and the ids of every clause inside it."""
    from huiqi.corpus.store import load_corpus

    return {c.id for c in load_corpus().clause(clause_id).walk()}


def test_每条结果都有合同规定的字段_且按得分从高到低(search_index: SearchIndex) -> None:
    hits = search_index.search("技改项目备案两年没开工会怎样", limit=10)
    assert hits
    for hit in hits:
        data = hit.to_json()
        for name, kind in CONTRACT_FIELDS.items():
            assert isinstance(data[name], kind), name
        assert data["text"] and data["ref"] and data["doc_title"]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({h.id for h in hits}) == len(hits)  # one hit per clause


def test_备案两年未开工_备案细则第二十二条的那一款在前两条(search_index: SearchIndex) -> None:
    hits = search_index.search("技改项目备案两年没开工会怎样", limit=2)
    # 第二款 and 第四款 both say the filing lapses after two years without a start; 第十八条第二款
    # says the same of an approval (核准), which the ranking does not always tell apart
    hit = next(h for h in hits if h.id.startswith("tech-upgrade-filing#art22"))
    assert hit.ref in {"第二十二条第二款", "第二十二条第四款"}
    assert [ref for ref, _ in hit.parents] == ["第四章", "第二十二条"]


def test_小巨人资产负债率_现行的认定标准和旧通知最小的条款_不是整个第三部分(search_index: SearchIndex) -> None:
    got = top_ids(search_index, "小巨人资产负债率要求", 3)
    assert "miit-sme-tiers-2026#附件2" in got  # in force: 资产负债率不高于75%
    assert "little-giant-2021#s3-i2-n1" in got  # 2021: 三、（二）1, not 三、
    assert "little-giant-2021#s3" not in got


@pytest.mark.parametrize(("one", "other"), [
    ("技改", "技术改造"), ("珠三角", "珠江三角洲"), ("两年", "2年"), ("二年", "2 年"),
    ("百分之二十", "20%"), ("百分之二十", "２０％"), ("五千万元", "5000万元"), ("五千万", "5000 万元"),
    ("10亿元", "100000万元"), ("1亿元", "10000万元"), ("三个工作日", "3个工作日"), ("粤东西北", "粤东粤西粤北"),
])
def test_同义词和数字的两种写法得到同一个词(search_index: SearchIndex, one: str, other: str) -> None:
    analyzer = search_index.analyzer
    assert set(analyzer.terms(one)) & set(analyzer.terms(other))
    assert analyzer.terms(one)[0] == analyzer.terms(other)[0]


@pytest.mark.parametrize(("query", "expected"), [
    ("技术改造项目备案后二年内没有开工", "tech-upgrade-filing#art22"),
    ("技改项目备案后2年内未开工", "tech-upgrade-filing#art22"),
    ("珠江三角洲技改设备奖励比例", ("tech-upgrade-fund#art10", "tech-upgrade-fund-2024#设备奖励比例")),
    ("备案后建设规模变化百分之二十以上", "tech-upgrade-filing#art21"),
    ("单个项目奖励最高五千万", "tech-upgrade-fund#art10"),
    ("总投资十亿元以上的制造业项目 投资奖励", "inclusive-investment#art13"),
])
def test_同义词和数字写法不同也能找到条款(search_index: SearchIndex, query: str,
                                expected: str | tuple[str, ...]) -> None:
    # a rule stated alike by the text in force and the one it replaced: either answers
    wanted = set().union(*(inside(e) for e in ((expected,) if isinstance(expected, str) else expected)))
    assert set(top_ids(search_index, query, 3)) & wanted


def test_限定文件时只返回该文件的条款(search_index: SearchIndex) -> None:
    hits = search_index.search("有效期三年", limit=20, doc="gd-srdi-2020")
    assert hits and {h.doc for h in hits} == {"gd-srdi-2020"}
    assert "gd-srdi-2020#art9" in [h.id for h in hits[:3]]


def test_未知文件_空问题_越界条数都是输入错误(search_index: SearchIndex) -> None:
    with pytest.raises(InputError, match="没有文件"):
        search_index.search("技改", doc="no-such-doc")
    for blank in ("", "   ", "\t\n"):
        with pytest.raises(InputError) as info:
            search_index.search(blank)
        assert info.value.errors[0].path == "query"
    with pytest.raises(InputError):
        search_index.search("技改", limit=0)


def test_只有停用词的问题没有结果(search_index: SearchIndex) -> None:
    assert search_index.search("怎么样呢？") == []


def test_摘要高亮命中词且不含未转义的标签(search_index: SearchIndex) -> None:
    hit = search_index.search("小巨人资产负债率要求", limit=1)[0]
    assert "<mark>资产负债率</mark>" in hit.snippet
    stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped


def test_缓存的索引第二次直接打开(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    units = corpus_units()[:20]
    first = SearchIndex.open_or_build(units, root)
    second = SearchIndex.open_or_build(units, root)
    assert not first.info.reused and second.info.reused
    assert first.info.digest == second.info.digest
    assert [h.id for h in second.search("项目代码")] == [h.id for h in first.search("项目代码")]


def test_内存索引与缓存索引结果相同(search_index: SearchIndex) -> None:
    memory = SearchIndex.build(search_index.units, analyzer=search_index.analyzer)
    for query in ("小巨人资产负债率要求", "数字经济条例什么时候施行"):
        assert top_ids(memory, query) == top_ids(search_index, query)


def test_同义词的其他写法的字二元作为查询扩展(search_index: SearchIndex) -> None:
    pairs = search_index.query_pairs("技改设备奖励")
    assert pairs["技改"] == 1.0 and pairs["改造"] == EXPANSION  # 技术改造, the other form of 技改
    assert "怎么" not in search_index.query_pairs("技改怎么申报")  # stop words give no pairs


def test_解读排在所解读的条文之后_除非问的就是解读(first_stage: SearchIndex) -> None:
    search_index = first_stage
    plain = top_ids(search_index, "一次告知补正的时限", 2)
    assert plain == ["tech-upgrade-filing#art13-p2", "tech-upgrade-filing-interp#s3-i3"]
    asked = top_ids(search_index, "一次告知补正的时限 解读", 2)
    assert asked[0] == "tech-upgrade-filing-interp#s3-i3"
    why = top_ids(search_index, "为什么一次告知的时限从5个工作日压缩了", 1)  # the reasons: the interpretation
    assert why[0] in inside("tech-upgrade-filing-interp#s3")


def test_问定义时先给出文件自己的定义(search_index: SearchIndex) -> None:
    from huiqi.search.units import definitions

    assert definitions("本条例所称数字经济，是指以数据资源为关键生产要素") == ("数字经济",)
    assert definitions("技术改造投资项目：指企业采用新技术\n建设规模：指建设项目") == ("技术改造投资项目", "建设规模")
    assert top_ids(search_index, "数字经济的定义", 1) == ["digital-economy-regulation#art2-p2"]
    assert top_ids(search_index, "什么是共享制造", 1) == ["digital-transformation-plan#annex2-t11"]  # 名词解释
    assert top_ids(search_index, "数字经济", 1) != ["digital-economy-regulation#art2-p2"]  # no question of meaning


def test_口语词只作查询扩展_单字只在成词时扩展(search_index: SearchIndex) -> None:
    query = "设备补贴有没有封顶"
    expanded = search_index.expansion_terms(query, search_index.query_terms(query))
    assert expanded["最高"] == EXPANSION and expanded["上限"] == EXPANSION  # 封顶 → the documents' words
    assert "设备" not in expanded  # a word the question carries itself is not expanded again
    assert search_index.query_pairs(query)["上限"] == EXPANSION
    assert "企业" in search_index.colloquial_targets("我们厂买机器")  # 厂 is a word here
    assert search_index.colloquial_targets("厂长签字") == []  # but not inside 厂长


def test_城市对应文件里的地区_口语的时间问法对应施行(search_index: SearchIndex) -> None:
    # the documents name a city by its region: 珠三角 (9 cities) or 粤东粤西粤北 (12 cities)
    assert "粤东粤西粤北" in search_index.colloquial_targets("梅州的厂子")
    assert "珠三角" in search_index.colloquial_targets("东莞的公司")
    assert "施行" in search_index.colloquial_targets("新细则啥时候开始执行")
    hits = [h.id for h in search_index.search("湛江的厂子买设备花了多少才有技改奖励", limit=3)]
    # 粤东粤西粤北 … 不低于400万元: the 2024 rules in force, or the 2021 ones that said the same
    wanted = {"tech-upgrade-fund#art8-i1-s5", "tech-upgrade-fund-2024#设备奖励门槛", "tech-upgrade-fund-2024#设备奖励"}
    assert wanted & set(hits)


def test_两种排名按名次融合_只被字二元找到的条款也在其中() -> None:
    from huiqi.search.index import SearchIndex

    best = {1: (9.0, "a"), 2: (5.0, "b")}
    fused = SearchIndex._fused(best, [2, 3])
    # k = 5, bigram weight 0.5, score share 0.1: 2 → 1/7 + 0.1 × 5/9 + 0.5/6, 1 → 1/6 + 0.1 × 9/9,
    # 3 → 0.5/7 (no passage)
    assert sorted(fused, key=lambda n: -fused[n][0]) == [2, 1, 3]
    assert fused[3] == (0.5 / 7, None) and fused[1] == (pytest.approx(1 / 6 + 0.1), "a")
    assert fused[2][0] == pytest.approx(1 / 7 + 0.1 * 5 / 9 + 0.5 / 6)


def test_点名文件的词靠标题选文件_不让反复提名称的条款压过答案(search_index: SearchIndex) -> None:
    # 专精特新 names the document (its title); the research-spending condition is 第四条（五）,
    # not 第二条, the definition that repeats the name
    assert "专精特新" in search_index._title_terms and "研发" not in search_index._title_terms
    assert top_ids(search_index, "专精特新对研发投入有什么硬性要求", 1) == ["gd-srdi-2020#art4-i5"]


def test_摘要也标出口语词扩展到的文件用语(search_index: SearchIndex) -> None:
    hits = search_index.search("设备补贴有没有封顶", limit=3)
    # in force: 单个项目上限1500万元, stated by the rules' 设备奖励 and by its summary of the rates
    # (the tuning half accepts either for such questions)
    assert hits[0].id in ("tech-upgrade-fund-2024#设备奖励", "tech-upgrade-fund-2024#设备奖励比例")
    assert "<mark>上限</mark>" in hits[0].snippet  # 封顶, an everyday word for the text's 上限 and 最高
    assert all("<mark>不</mark>" not in h.snippet for h in hits)  # not the 不 of 不超过 alone


def test_不批要给说法_还算不算数_对应文件用语(search_index: SearchIndex) -> None:
    assert {"不予核准", "说明理由"} <= set(search_index.colloquial_targets("核准机关不批的话会给个说法吗"))
    assert search_index.search("核准机关不批的话会给个说法吗", limit=1)[0].id in inside("tech-upgrade-filing#art16")
    assert "继续有效" in search_index.colloquial_targets("以前认定的还算不算数")


def test_主板指沪深交易所的股票上市规则(search_index: SearchIndex) -> None:
    got = [h.doc for h in search_index.search("一年净利润六千万够上主板吗", limit=1)]
    assert got[0].startswith("exchange-main-rules-")  # not the 创业板 rules, whose titles say 创业板


def test_重述正文措施的分工表排在正文条款之后(search_index: SearchIndex) -> None:
    table = next(u for u in search_index.units if u.id == "digital-transformation-measures#annex1")
    assert table.explains == "digital-transformation-measures"  # it restates its own document
    got = top_ids(search_index, "政府会不会出钱培训数字化产业工人", 5)
    assert got[0] == "digital-transformation-measures#s7"
    assert "digital-transformation-measures#annex1" in got  # still listed, after the measure itself


def test_标题里的一个词只算一次_不按它的子词重复计分(first_stage: SearchIndex,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    search_index = first_stage
    from huiqi.search import index as index_module

    assert index_module._sub_words(["中小", "企业", "小企业", "中小企业", "设备"]) == {"中小", "企业", "小企业"}
    query = "中小企业的老设备不能联网，怎么改造上云"
    assert top_ids(search_index, query, 1) == ["digital-transformation-plan#box2"]  # 哑设备 上云
    monkeypatch.setattr(index_module, "SUB_WORD_TITLE", 1.0)  # 中小企业 counted four times over
    assert top_ids(search_index, query, 1) != ["digital-transformation-plan#box2"]

"""Number-aware matching: everyday figures read as numbers, and a figure meets thresholds of its size."""

from __future__ import annotations

import pytest

from huiqi.search import SearchIndex
from huiqi.search import index as index_module
from huiqi.search.numbers import find_numbers
from huiqi.search.quantities import quantities, quantity_terms, query_quantities


@pytest.mark.parametrize(("text", "token"), [
    ("投了六个亿", "60000万元"), ("一年卖了一千多万", "1000万元"), ("一百来号人", "100人"),
    ("研发人员占了三成", "30%"), ("两千五百万", "2500万元"), ("100余项", "100项"),
])
def test_口语里的数字读成同一种写法(text: str, token: str) -> None:
    assert token in [t for _, _, tokens in find_numbers(text) for t in tokens]


def test_完成_形成里的成不是比例_上一年度不是一年() -> None:
    assert list(find_numbers("项目完成后形成成果")) == []
    assert list(find_numbers("上一年度同一批设备")) == []  # "last", "same": not a count of one


def test_数字按种类和量级成词_日期不算期限() -> None:
    assert quantity_terms("上年度营业收入5000万元以上") == ["#金额", "#金额7"]
    assert quantities("自2025年1月1日起施行，有效期3年") == [("日期", None), ("期限", 6)]
    assert quantities("一次告知，至少一项核心业务") == []  # occasions and "a", not figures
    assert quantities("上一年度一年卖了八千万") == [("金额", 7)]  # 一年: "last", "per"
    assert quantities("有效期1年") == [("期限", 5)]


def test_问题里的数字也找相邻量级_问多少钱找金额() -> None:
    asked = query_quantities("一年卖了八千万", near=0.5, intent=1.0)
    assert asked["#金额7"] == 1.0  # 8000万: the half-decade of 5000万元
    assert asked["#金额8"] == 0.5 and asked["#金额6"] == 0.5  # 1亿元 and 1000万元 next to it
    assert query_quantities("补贴能拿多少", near=0.5, intent=0.8) == {"#金额": 0.8}
    assert query_quantities("啥时候截止", near=0.5, intent=1.0) == {"#日期": 1.0}
    assert query_quantities("核心产业增加值占全市GDP多少", near=0.5, intent=1.0) == {"#比例": 1.0}


def _rank(index: SearchIndex, query: str, expected: str) -> int:
    ids = [h.id for h in index.search(query, limit=20, snippets=False)]
    return ids.index(expected) + 1 if expected in ids else 99


@pytest.mark.parametrize(("query", "expected"), [
    # tuning-half questions: a figure that is not the clause's threshold, only of its size …
    ("数字化项目在韶关投了四百万，够报标杆吗", "digital-benchmark-2021#s3-i2-n2"),  # 不低于300万元
    ("新三板精选层市值四个亿那一档对营收有什么要求", "neeq-tiering-2019#精选层进入标准-i2"),  # 4亿元
    # … or a figure asked for without one: 几个点 (a share), 多久 (a duration)
    ("普惠投资奖励省里按新增投资的几个点给", "inclusive-investment#art13"),  # 不超过2%
    ("想去北交所上市，在新三板要挂多久", "bse-rules-2021#2.1.2"),  # 连续挂牌满12个月
])
def test_问题里的数字或问的数字把相应的条款排第一(first_stage: SearchIndex, query: str, expected: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with_figures = _rank(first_stage, query, expected)
    monkeypatch.setitem(index_module.QUANTITY, "boost", 0.0)
    assert with_figures < _rank(first_stage, query, expected)
    assert with_figures == 1


def test_共几章几条是条数_第几条是引用() -> None:
    assert quantity_terms("《条例》共10章72条") == ["#章", "#章2", "#条", "#条3"]
    assert quantity_terms("依照第三章第十条办理") == []  # numbering a part, not counting parts
    assert set(query_quantities("条例一共多少条，分几章", 0.3, 1.0)) == {"#条", "#章"}

"""Which version answers: a year named, or 现在/新办法, puts the version in force then first."""

from __future__ import annotations

import datetime as dt

import pytest

from huiqi.search import SearchIndex
from huiqi.search import index as index_module
from huiqi.search.versions import Versions

TODAY = dt.date(2026, 12, 5)
CHAIN = Versions([("old", "new")], {"old": dt.date(2021, 1, 1), "new": dt.date(2025, 1, 1)})


def test_问题说了年份_那一年不在施行的版本让位() -> None:
    assert CHAIN.replaced(CHAIN.span("2023年的标准", TODAY)) == {"new": frozenset({"old"})}
    assert CHAIN.replaced(CHAIN.span("2025 年的标准", TODAY)) == {"old": frozenset({"new"})}


def test_跨两个版本的年份_两个版本都算在施行() -> None:
    assert CHAIN.replaced(CHAIN.span("2024年到2025年的标准", TODAY)) == {}


def test_说现在或新办法_按今天在施行的版本_什么都没说_不动() -> None:
    assert CHAIN.replaced(CHAIN.span("现在的标准", TODAY)) == {"old": frozenset({"new"})}
    assert CHAIN.replaced(CHAIN.span("按新办法要多少", TODAY)) == {"old": frozenset({"new"})}
    assert CHAIN.span("标准是多少", TODAY) is None
    assert CHAIN.replaced(None) == {}


def test_那一年没有版本在施行的系列_不动() -> None:
    assert CHAIN.replaced(CHAIN.span("2019年的标准", TODAY)) == {}


def test_一个文件在另一个系列里仍在施行_不算被取代() -> None:
    versions = Versions([("a", "b"), ("a",)], {"a": dt.date(2019, 1, 1), "b": dt.date(2021, 1, 1)})
    assert versions.replaced(versions.span("2023年", TODAY)) == {}


def ids(index: SearchIndex, query: str) -> list[str]:
    return [h.id for h in index.search(query, limit=5, snippets=False)]


@pytest.mark.parametrize(("query", "first", "other"), [
    ("2021年创业板上市，最近两年净利润累计要多少", "szse-chinext-rules-2020#2.1.2-i1",
     "szse-chinext-rules-2024#2.1.2-i1"),
    ("2022年技改设备奖励单个项目最高多少", "tech-upgrade-fund#art10-i1", "tech-upgrade-fund-2024#设备奖励比例"),
    ("现在技改设备奖励单个项目最高多少", "tech-upgrade-fund-2024#设备奖励比例", "tech-upgrade-fund#art10-i1"),
])
def test_在施行的版本排第一_另一版本仍在前五(first_stage: SearchIndex, monkeypatch: pytest.MonkeyPatch,
                                   query: str, first: str, other: str) -> None:
    first_stage.today = TODAY
    try:
        got = ids(first_stage, query)
        assert got[0] == first
        assert other in got
        monkeypatch.setattr(index_module, "MATCH", 99.0)  # the version step off: the other one leads
        assert ids(first_stage, query)[0] != first
    finally:
        first_stage.today = None

"""双随机一公开: the same files and seed give the same plan; no conflicted inspector is ever sent."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from funds_helpers import EXAMPLES, project
from hypothesis import given, settings
from hypothesis import strategies as st

from huiqi.funds.read import read_projects
from huiqi.funds.sampling import Inspector, draw, merge_results, read_roster

NAMES = [f"企业{i}" for i in range(30)]


def _projects(n: int) -> list:
    return [project(f"P{i:03d}", "东莞", 0, enterprise=NAMES[i % 30]) for i in range(n)]


def _roster(conflicts: list[set[str]]) -> list[Inspector]:
    return [Inspector(f"检查员{i}", f"单位{i % 3}", conflicts=frozenset(c)) for i, c in enumerate(conflicts)]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 60),
    st.sampled_from([Decimal("0.05"), Decimal("0.1"), Decimal("0.33"), Decimal(1)]),
    st.integers(0, 2**31),
    st.lists(st.sets(st.sampled_from(NAMES), max_size=8), min_size=1, max_size=8),
)
def test_同一种子同一输入得到同一计划_打乱输入顺序也一样_不派有利益冲突的人员(n, share, seed, conflicts) -> None:
    projects, roster = _projects(n), _roster(conflicts)
    plan = draw(projects, roster, share, seed)
    shuffled = projects[:]
    random.Random(1).shuffle(shuffled)
    assert draw(shuffled, list(reversed(roster)), share, seed) == plan  # canonical order, not input order
    assert plan["drawn"] == math.ceil(share * n) == len(plan["projects"])
    by_name = {i.name: i for i in roster}
    for item in plan["projects"]:
        assigned = [by_name[x["name"]] for x in item["inspectors"]]
        assert len({i.name for i in assigned}) == len(assigned)
        assert not any(item["enterprise"].lower() in i.conflicts for i in assigned)
        free = sum(1 for i in roster if item["enterprise"].lower() not in i.conflicts)
        assert len(assigned) == min(2, free)  # at least 2 whenever the roster allows
        assert ("warning" in item) == (free < 2)


def test_示例名录_10比例向上取整_张伟回避示例企业001和002() -> None:
    projects = read_projects(EXAMPLES / "filed-projects.csv", need_equipment=False)
    roster = read_roster(EXAMPLES / "roster.csv")
    plan = draw(projects, roster, Decimal("0.1"), 42)
    assert (plan["population"], plan["drawn"], plan["seed"]) == (40, 4, 42)
    assert plan == draw(projects, roster, Decimal("0.1"), 42)
    assert plan != draw(projects, roster, Decimal("0.1"), 43)
    assert {c["ref"] for c in plan["clauses"]} >= {"第二十六条", "第二十一条"}
    everyone = draw(projects, roster, Decimal(1), 7)
    for item in everyone["projects"]:
        names = {i["name"] for i in item["inspectors"]}
        if item["enterprise"] in ("示例企业001有限公司", "示例企业002有限公司"):
            assert "张伟" not in names and "张伟" in item["excluded_for_conflict"]
        if item["project"] == "BA-004":
            assert "陈静" not in names  # conflict named by project id


def test_核查结果并入计划并汇总() -> None:
    plan = draw(_projects(10), _roster([set(), set(), set()]), Decimal("0.3"), 5)
    first = plan["projects"][0]["project"]
    merged = merge_results(plan, [{"项目编号": first, "核查结果": "整改", "问题及处理": "设备未全部到位"}])
    assert merged["summary"] == {"合格": 0, "整改": 1, "不合格": 0, "未检查": 2}
    assert merged["projects"][0]["notes"] == "设备未全部到位"

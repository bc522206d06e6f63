"""Properties every round keeps, whatever the figures (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from funds_helpers import project, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiqi.funds import solver
from huiqi.funds.model import MinHandling, Mode, Scope

CITIES = ["东莞", "佛山", "梅州", "湛江", "广州", "汕头"]
CAP_RATIO = {
    "东莞": Decimal("0.2"),
    "佛山": Decimal("0.2"),
    "广州": Decimal("0.2"),
    "梅州": Decimal("0.3"),
    "湛江": Decimal("0.3"),
    "汕头": Decimal("0.3"),
}
money = st.decimals(min_value=0, max_value=40000, places=2, allow_nan=False, allow_infinity=False)
rows = st.lists(st.tuples(st.sampled_from(CITIES), money), min_size=1, max_size=14)
budget = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)
caps = st.sampled_from([None, Decimal(1500), Decimal("333.33")])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round(data: list[tuple[str, Decimal]], amount: Decimal, **kw: object) -> dict:
    projects = [project(f"p{i:02d}", city, equipment, rank=i + 1) for i, (city, equipment) in enumerate(data)]
    scope = kw.get("scope", Scope.city)
    if scope == Scope.region:
        budgets = {"珠三角": amount, "粤东粤西粤北": amount}
    else:
        budgets = {c: amount for c in {c for c, _ in data}}
    return run(projects, budgets, **kw)


def _check_invariants(result: dict, cap: Decimal | None) -> None:
    cap = Decimal(5000) if cap is None else cap
    by_group: dict[str, Decimal] = {}
    for a in result["allocations"]:
        reward = Decimal(str(a["reward_wan"]))
        assert reward == reward.quantize(Decimal("0.01"))
        if not a["funded"]:
            assert reward == 0 and a["reason"]
            continue
        by_group[a["group"]] = by_group.get(a["group"], Decimal(0)) + reward
        assert reward <= cap  # the per-project cap
        assert reward <= CAP_RATIO[a["city"]] * Decimal(str(a["equipment_wan"]))  # 不超过 the cap ratio
    for g in result["groups"]:
        spent = by_group.get(g["group"], Decimal(0))
        assert spent == Decimal(str(g["allocated_wan"]))
        assert spent <= Decimal(str(g["available_wan"])) <= Decimal(str(g["budget_wan"]))  # never over budget
        assert g["ratio"] <= g["cap_ratio"]


@SETTINGS
@given(rows, budget, caps, st.sampled_from(list(Scope)))
def test_统一比例_不超预算_组内未封顶项目比例相同_比例不可再高(data, amount, cap, scope) -> None:
    result = _round(data, amount, project_cap_wan=cap, scope=scope)
    _check_invariants(result, cap)
    step = Decimal("0.000001")
    for g in result["groups"]:
        members = [a for a in result["allocations"] if a["group"] == g["group"]]
        uncapped = {a["ratio"] for a in members if a["funded"] and not a["capped"]}
        assert uncapped <= {g["ratio"]}
        # maximal: one grid step more passes the cap ratio or the budget (before rounding)
        ratio = Decimal(str(g["ratio"]))
        if ratio < Decimal(str(g["cap_ratio"])):
            equipment = [Decimal(str(a["equipment_wan"])) for a in members]
            over = solver.total(ratio + step, equipment, Decimal(str(result["project_cap_wan"])))
            assert over > Decimal(str(g["available_wan"]))


@SETTINGS
@given(rows, budget, caps)
def test_排序截止_不超预算_排序在后的项目不会先于排序在前的项目获得支持(data, amount, cap) -> None:
    result = _round(data, amount, project_cap_wan=cap, mode=Mode.rank_cutoff)
    _check_invariants(result, cap)
    for g in result["groups"]:
        members = sorted(result["allocations"], key=lambda a: a["rank"])
        # a project whose reward at the cap ratio is under 0.01 万元 gets nothing but costs nothing
        funded = [
            a["funded"] for a in members if a["group"] == g["group"] and "不足 0.01" not in (a.get("reason") or "")
        ]
        assert funded == sorted(funded, reverse=True)  # True… then False…
        assert all(
            a["ratio"] == g["cap_ratio"] for a in result["allocations"] if a["group"] == g["group"] and a["funded"]
        )


@SETTINGS
@given(rows, budget, st.sampled_from(list(MinHandling)), st.sampled_from([Decimal(50), Decimal(100)]))
def test_最低奖励额_两种处理都不超预算_支持的项目都不低于最低额(data, amount, handling, minimum) -> None:
    result = _round(data, amount, project_cap_wan=Decimal(1500), project_min_wan=minimum, min_handling=handling)
    _check_invariants(result, Decimal(1500))
    assert all(a["reward_wan"] >= minimum for a in result["allocations"] if a["funded"])

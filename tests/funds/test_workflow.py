"""The fund application's state machine: every move by every party from every state, the preconditions
the texts set, bans (32号 五、（四）), the one-direction rule (32号 四、（一）) and duplicate flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from huiqi.funds import round_summary
from huiqi.funds import workflow as wf
from huiqi.funds.workflow import DIGITAL, INCLUSIVE, TECH, Party, Refused, Snapshot, State
from huiqi.rules.clause import ClauseRef

TODAY = dt.date(2026, 9, 1)
S = State

# Written out by hand from the texts (not derived from wf.MOVES): who may make which move from where.
ALLOWED: dict[tuple[str, Party], set[State]] = {
    ("submit", Party.owner): {S.draft},
    ("accept", Party.city): {S.submitted},
    ("complete", Party.city): {S.city_review},
    ("score", Party.city): {S.city_review},
    ("site_check", Party.city): {S.city_review},
    ("enter_library", Party.city): {S.city_review},
    ("allocate", Party.province): {S.in_library},
    ("publicize", Party.province): {S.allocated},
    ("object", Party.province): {S.publicized},
    ("resolve_objection", Party.province): {S.publicized},
    ("issue_plan", Party.province): {S.publicized},
    ("disburse", Party.city): {S.plan_issued},
    ("self_evaluate", Party.city): {S.disbursed},
    ("rate", Party.province): {S.self_evaluated},
    ("reject", Party.city): {S.submitted, S.city_review, S.in_library},
    ("reject", Party.province): {S.in_library, S.allocated, S.publicized},
    ("withdraw", Party.owner): {S.draft, S.submitted, S.city_review, S.in_library, S.allocated, S.publicized},
}
TARGET = {"submit": S.submitted, "accept": S.city_review, "enter_library": S.in_library, "allocate": S.allocated,
          "publicize": S.publicized, "issue_plan": S.plan_issued, "disburse": S.disbursed,
          "self_evaluate": S.self_evaluated, "rate": S.rated, "reject": S.rejected, "withdraw": S.withdrawn}
DATA: dict[str, dict[str, Any]] = {
    "complete": {"passed": True, "note": "专家组完工评价通过"},
    "score": {"score": 88},
    "site_check": {"record": "现场核查设备到位"},
    "enter_library": {"rank": 1, "minutes": "局党组会议纪要〔2026〕9号"},
    "allocate": {"amount_wan": 180},
    "publicize": {"start": "2026-08-01", "end": "2026-08-07"},
    "object": {"text": "设备发票存疑"},
    "resolve_objection": {"outcome": "经核查发票真实，异议不成立"},
    "self_evaluate": {"report": "绩效目标全部完成"},
    "rate": {"rating": "良"},
    "reject": {"reason": "设备购置额不足"},
    "withdraw": {"reason": "企业自愿撤回"},
}
READY = {"completion": {"passed": True}, "score": 88.0, "site_check": {"on": "2026-07-01", "record": "ok"}}


def ready(state: State, program: str = TECH, **review: Any) -> Snapshot:
    return Snapshot(program=program, state=state, region="prd", review={**READY, **review},
                    cap_wan=Decimal(1500), publicity_end=dt.date(2026, 8, 7))


CASES = [(action, party, state) for action in wf.ACTIONS for party in Party for state in State]


@pytest.mark.parametrize(("action", "party", "state"), CASES, ids=[f"{a}-{p}-{s}" for a, p, s in CASES])
def test_每一步_每一方_每一状态(action: str, party: Party, state: State) -> None:
    snap = ready(state, objections=[{"text": "x", "resolved": False}] if action == "resolve_objection" else [])
    named = {p for (a, p) in ALLOWED if a == action}
    if party not in named:
        with pytest.raises(Refused) as refused:
            wf.decide(snap, action, party, DATA.get(action, {}), TODAY)
        assert refused.value.status == 403 and "只能由" in refused.value.zh
    elif state not in ALLOWED[(action, party)]:
        with pytest.raises(Refused) as refused:
            wf.decide(snap, action, party, DATA.get(action, {}), TODAY)
        assert refused.value.status == 409 and "cannot" in refused.value.en
    else:
        decision = wf.decide(snap, action, party, DATA.get(action, {}), TODAY)
        assert decision.target == TARGET.get(action, state)
        assert decision.clauses, "every move cites its clause"
        assert wf.moves_for(party, snap).count(action) == 1


def test_可办事项与表一致() -> None:
    for state in State:
        for party in Party:
            expected = {a for (a, p), states in ALLOWED.items() if p == party and state in states}
            assert set(wf.moves_for(party, Snapshot(TECH, state))) == expected


@pytest.mark.parametrize("program", wf.PROGRAMS)
def test_每一步在每个项目下引用可解析的条款(program: str) -> None:
    for move in wf.MOVES:
        assert move.clauses[program], (move.action, program)
        for text in move.clauses[program]:
            assert ClauseRef.parse(text).to_json()["id"]
    for text in (wf.BAN_CLAUSE, wf.ONE_DIRECTION_CLAUSE, wf.DUPLICATE_CLAUSE, wf.SCORE_CLAUSE, wf.SITE_CHECK_CLAUSE):
        assert ClauseRef.parse(text).to_json()["id"]


def test_终态不能再流转() -> None:
    for state in (S.rejected, S.withdrawn, S.rated):
        for party in Party:
            assert wf.moves_for(party, Snapshot(TECH, state)) == []


# --- preconditions -------------------------------------------------------------------------------------


def refused(snap: Snapshot, action: str, party: Party, data: dict[str, Any]) -> Refused:
    with pytest.raises(Refused) as caught:
        wf.decide(snap, action, party, data, TODAY)
    assert caught.value.status == 409
    return caught.value


@pytest.mark.parametrize("program", [TECH, DIGITAL])
def test_技改与标杆未通过完工评价不能入库(program: str) -> None:
    snap = ready(S.city_review, program, completion={"passed": False})
    assert "完工评价" in refused(snap, "enter_library", Party.city, DATA["enter_library"]).zh


def test_普惠测算项目入库不需完工评价() -> None:
    snap = Snapshot(INCLUSIVE, S.city_review, review={"score": 70.0, "site_check": {"record": "ok"}})
    assert wf.decide(snap, "enter_library", Party.city, DATA["enter_library"], TODAY).target == S.in_library


def test_所有推荐项目均需进行现场审查() -> None:
    review = {k: v for k, v in READY.items() if k != "site_check"}
    snap = Snapshot(INCLUSIVE, S.city_review, review=review)
    err = refused(snap, "enter_library", Party.city, DATA["enter_library"])
    assert wf.SITE_CHECK_CLAUSE in err.clauses


def test_没有评审得分不能入库() -> None:
    snap = Snapshot(TECH, S.city_review, review={"completion": {"passed": True}, "site_check": {"record": "ok"}})
    assert "评审得分" in refused(snap, "enter_library", Party.city, DATA["enter_library"]).zh


@pytest.mark.parametrize(("region", "score", "ok"), [("prd", 80, True), ("prd", 79.5, False), ("ewn", 75, True),
                                                      ("ewn", 74.9, False)])
def test_标杆扶持项目评分下限_珠三角80_粤东西北75(region: str, score: float, ok: bool) -> None:
    snap = Snapshot(DIGITAL, S.city_review, region=region, review={**READY, "score": score})
    if ok:
        assert wf.decide(snap, "enter_library", Party.city, DATA["enter_library"], TODAY).fields["rank"] == 1
    else:
        assert wf.SCORE_CLAUSE in refused(snap, "enter_library", Party.city, DATA["enter_library"]).clauses


@pytest.mark.parametrize("rank", [0, -1, "x", None])
def test_入库须有正整数排序(rank: Any) -> None:
    assert "排序" in refused(ready(S.city_review), "enter_library", Party.city, {"rank": rank, "minutes": "m"}).zh


def test_入库须有集体研究记录() -> None:
    assert "集体研究" in refused(ready(S.city_review), "enter_library", Party.city, {"rank": 1}).zh


@pytest.mark.parametrize("score", [-1, 100.5, "abc", "NaN"])
def test_评分须在0到100之间(score: Any) -> None:
    refused(ready(S.city_review), "score", Party.city, {"score": score})


@pytest.mark.parametrize(("amount", "ok"), [(1500, True), (1500.01, False), (0, False)])
def test_安排金额不超过当年通知的单个项目上限(amount: float, ok: bool) -> None:
    snap = ready(S.in_library)
    if ok:
        decision = wf.decide(snap, "allocate", Party.province, {"amount_wan": amount}, TODAY)
        assert decision.fields["allocated_wan"] == 1500
    else:
        refused(snap, "allocate", Party.province, {"amount_wan": amount})


def test_公示期未满不能下达() -> None:
    snap = ready(S.publicized)
    snap.publicity_end = TODAY
    assert "公示期" in refused(snap, "issue_plan", Party.province, {}).zh
    snap.publicity_end = TODAY - dt.timedelta(days=1)
    assert wf.decide(snap, "issue_plan", Party.province, {}, TODAY).target == S.plan_issued


def test_公示异议未处理不能下达_处理后可以() -> None:
    snap = ready(S.publicized)
    objected = wf.decide(snap, "object", Party.province, DATA["object"], TODAY)
    snap.review = objected.review
    assert "异议" in refused(snap, "issue_plan", Party.province, {}).zh
    resolved = wf.decide(snap, "resolve_objection", Party.province, DATA["resolve_objection"], TODAY)
    snap.review = resolved.review
    assert resolved.review["objections"][0]["resolved"] is True
    assert wf.decide(snap, "issue_plan", Party.province, {}, TODAY).target == S.plan_issued
    refused(snap, "resolve_objection", Party.province, DATA["resolve_objection"])


def test_公示截止不能早于开始() -> None:
    refused(ready(S.allocated), "publicize", Party.province, {"start": "2026-08-07", "end": "2026-08-01"})


@pytest.mark.parametrize(("action", "party", "state"), [("reject", Party.city, S.submitted),
                                                        ("withdraw", Party.owner, S.draft)])
def test_驳回和撤回须说明理由(action: str, party: Party, state: State) -> None:
    assert "理由" in refused(ready(state), action, party, {}).zh


def test_绩效评价结果只能是优良中低差() -> None:
    refused(ready(S.self_evaluated), "rate", Party.province, {"rating": "很好"})


@pytest.mark.parametrize("action", ["submit", "allocate"])
def test_处于限制期的企业不能申报也不能安排资金(action: str) -> None:
    snap = ready(S.draft if action == "submit" else S.in_library)
    snap.ban = "拒不配合审计"
    party = Party.owner if action == "submit" else Party.province
    err = refused(snap, action, party, DATA.get(action, {}))
    assert wf.BAN_CLAUSE in err.clauses and "限制" in err.zh


# --- bans: 32号 五、（四） -----------------------------------------------------------------------------------

DEADLINE = dt.date(2025, 3, 31)


@pytest.mark.parametrize(
    ("rectified", "as_of", "barred", "until"),
    [
        (None, DEADLINE, False, None),  # the deadline itself: not yet 到期仍不整改
        (None, DEADLINE + dt.timedelta(days=1), True, None),  # 整改之前不得安排
        (DEADLINE, dt.date(2025, 4, 10), False, None),  # rectified on the last day: in time
        (dt.date(2025, 4, 1), dt.date(2030, 3, 31), True, dt.date(2030, 3, 31)),  # 超过整改期后完成整改: 5年内
        (dt.date(2025, 4, 1), dt.date(2030, 4, 1), False, dt.date(2030, 3, 31)),  # the five years are over
    ],
)
def test_拒不配合整改的限制期(rectified: dt.date | None, as_of: dt.date, barred: bool, until: dt.date | None) -> None:
    got, last, text = wf.ban_status(DEADLINE, rectified, as_of)
    assert (got, last) == (barred, until) and text


def test_闰日完成整改的5年限制() -> None:
    assert wf.ban_status(dt.date(2028, 1, 1), dt.date(2028, 2, 29), dt.date(2033, 2, 28))[1] == dt.date(2033, 2, 28)


def test_5年限制越过日历上限时到日历末日为止() -> None:
    barred, until, text = wf.ban_status(dt.date(9990, 1, 1), dt.date(9996, 1, 1), dt.date(9997, 1, 1))
    assert barred and until == dt.date.max and text


# --- one direction, duplicates -------------------------------------------------------------------------


def test_同一主体每年只能申报一个方向() -> None:
    wf.one_direction(DIGITAL, "5g", [])
    wf.one_direction(DIGITAL, "5g", ["5g"])
    with pytest.raises(Refused) as err:
        wf.one_direction(DIGITAL, "5g", ["supply-chain"])
    assert wf.ONE_DIRECTION_CLAUSE in err.value.clauses
    with pytest.raises(Refused):
        wf.one_direction(DIGITAL, None, [])
    wf.one_direction(TECH, None, ["5g"])  # only the digital benchmark has directions


def test_重复申报和多头申报被标记() -> None:
    assert wf.duplicate_flags("p1", [], 0, 0) == []
    assert [f["id"] for f in wf.duplicate_flags("p1", ["p1"], 0, 1)] == ["repeated", "multiple"]
    assert [f["id"] for f in wf.duplicate_flags("p1", [], 1, 1)] == ["repeated", "multiple"]
    assert [f["id"] for f in wf.duplicate_flags("p1", ["p2"], 0, 1)] == ["multiple"]


def test_未知步骤被拒绝() -> None:
    with pytest.raises(Refused) as err:
        wf.decide(ready(S.draft), "teleport", Party.owner, {}, TODAY)
    assert err.value.status == 409


def test_看板与导出数据() -> None:
    rows = [
        {"id": 1, "title": "a", "enterprise": "甲", "city": "东莞", "state": "allocated", "rank": 1, "amount_wan": 900,
         "allocated_wan": 180},
        {"id": 2, "title": "b", "enterprise": "乙", "city": "东莞", "state": "in_library", "rank": 2, "amount_wan": 800,
         "allocated_wan": None},
        {"id": 3, "title": "c", "enterprise": "丙", "city": "佛山", "state": "submitted", "rank": None,
         "amount_wan": 700, "allocated_wan": None},
    ]
    board = round_summary.dashboard(rows, {"东莞": Decimal(3000)}, "city")
    states = {s["state"]: s for s in board["by_state"]}
    assert states["allocated"]["allocated_wan"] == 180 and states["submitted"]["count"] == 1
    assert board["by_group"] == [{"group": "东莞", "count": 2, "amount_wan": 1700.0, "allocated_wan": 180.0,
                                  "budget_wan": 3000.0}]
    assert [c["city"] for c in board["by_city"]] == ["东莞", "佛山"]
    data = round_summary.export_data(rows, None)
    assert [a["project"] for a in data["allocations"]] == ["A1", "A2"]
    assert [a["funded"] for a in data["allocations"]] == [True, False]


def test_入库报送截止后不能入库() -> None:
    snap = ready(S.city_review)
    snap.report_deadline = TODAY - dt.timedelta(days=1)
    assert wf.REPORT_CLAUSES[TECH][0] in refused(snap, "enter_library", Party.city, DATA["enter_library"]).clauses
    snap.report_deadline = TODAY  # the deadline itself is still in time
    assert wf.decide(snap, "enter_library", Party.city, DATA["enter_library"], TODAY).target == S.in_library


def test_轮次日期与文件要求不符时提示() -> None:
    late = wf.round_notes(INCLUSIVE, 2026, dt.date(2026, 7, 1), None, None)
    assert [n["clause"] for n in late] == ["inclusive-investment 第十七条"]  # 每年6月底前发文
    assert wf.round_notes(INCLUSIVE, 2026, dt.date(2026, 6, 30), None, None) == []
    assert wf.round_notes(DIGITAL, 2026, None, dt.date(2026, 6, 30), dt.date(2026, 8, 15)) == []
    assert len(wf.round_notes(DIGITAL, 2026, None, None, None)) == 2


@pytest.mark.parametrize(
    ("program", "region", "direction", "base", "limit"),
    [
        (TECH, "prd", None, 900, Decimal(180)),  # 第十条第（一）项: 珠三角 20%
        (TECH, "ewn", None, 900, Decimal(270)),  # 粤东粤西粤北 30%
        (TECH, "prd", None, 9000, Decimal(1500)),  # the year's notice caps one project at 1,500
        (DIGITAL, "prd", "5g", 1000, Decimal(300)),  # 32号 四、（一）: 30% of the project's cost
        (DIGITAL, "prd", "5g", 3000, Decimal(500)),  # 5G+ ≤ 500 万元
        (DIGITAL, "prd", "industrial-internet", 3000, Decimal(200)),  # 工业互联网应用创新 ≤ 200 万元
    ],
)
def test_单个项目安排金额上限(program: str, region: str, direction: str | None, base: int, limit: Decimal) -> None:
    snap = Snapshot(program, S.in_library, region=region, cap_wan=Decimal(1500), base_wan=Decimal(base),
                    direction=direction)
    assert wf.reward_limit(snap, TODAY) == limit
    assert wf.decide(snap, "allocate", Party.province, {"amount_wan": limit}, TODAY).target == S.allocated
    refused(snap, "allocate", Party.province, {"amount_wan": limit + Decimal("0.01")})

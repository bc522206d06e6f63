"""A fund application's life, as the texts set it: who may move it, under which clause, when.

Pure: no database. The service builds a :class:`Snapshot` of an application, asks :func:`decide` for a
move, and stores what it answers (the new state, the recorded fields, the clauses) — or reports the
:class:`Refused` reason (403 for the wrong party, 409 for the wrong state or an unmet precondition).

    draft ─submit→ submitted ─accept→ city_review ─(complete, score, site_check)→ ─enter_library→
    in_library(rank) ─allocate→ allocated ─publicize→ publicized(period, objections) ─issue_plan→
    plan_issued ─disburse→ disbursed ─self_evaluate→ self_evaluated ─rate→ rated
    any open state ─reject→ rejected (a bureau, with a reason) | ─withdraw→ withdrawn (the owner)

Programs: 技改设备事后奖励 (粤工信规字〔2021〕5号, doc ``tech-upgrade-fund``), 普惠性制造业投资奖励
(粤工信技改函〔2021〕45号, ``inclusive-investment``), 数字化转型标杆 (粤工信工业互联网函〔2021〕32号,
``digital-benchmark-2021``). Bans follow 32号 五、（四）; see :func:`ban_status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from huiqi.funds.policy import PRD, benchmark_rules, fund_rules

TECH = "tech-upgrade-equipment-reward"
INCLUSIVE = "inclusive-investment-reward"
DIGITAL = "digital-benchmark"
PROGRAMS = (TECH, INCLUSIVE, DIGITAL)
T, INC, D = "tech-upgrade-fund", "inclusive-investment", "digital-benchmark-2021"

#: 32号 四、（一）: the three directions of 二、 (one per enterprise and year)
DIRECTIONS = {"industrial-internet": "工业互联网应用创新标杆", "5g": "5G+工业互联网应用标杆",
              "supply-chain": "产业链供应链协同示范标杆"}
#: 32号 三、（二）4: the lowest score a supported project may have, by region
RATINGS = ("优", "良", "中", "低", "差")
BAN_CLAUSE = f"{D} 五、（四）"
ONE_DIRECTION_CLAUSE = f"{D} 四、（一）"
DUPLICATE_CLAUSE = f"{D} 三、（二）3"
SCORE_CLAUSE = f"{D} 三、（二）4"
SITE_CHECK_CLAUSE = f"{D} 五、（一）"
REPORT_CLAUSES = {TECH: (f"{T} 第十三条第（二）项",), INCLUSIVE: (f"{INC} 第十七条",), DIGITAL: (f"{D} 五、（二）",)}


class State(StrEnum):
    draft = "draft"
    submitted = "submitted"
    city_review = "city_review"
    in_library = "in_library"
    allocated = "allocated"
    publicized = "publicized"
    plan_issued = "plan_issued"
    disbursed = "disbursed"
    self_evaluated = "self_evaluated"
    rated = "rated"
    rejected = "rejected"
    withdrawn = "withdrawn"


STATE_ZH = {
    State.draft: "草稿", State.submitted: "已提交", State.city_review: "地市审核中", State.in_library: "已入库",
    State.allocated: "已分配", State.publicized: "公示中", State.plan_issued: "计划已下达",
    State.disbursed: "已拨付", State.self_evaluated: "已绩效自评", State.rated: "已绩效评价",
    State.rejected: "未通过", State.withdrawn: "已撤回",
}
OPEN = frozenset({State.draft, State.submitted, State.city_review, State.in_library, State.allocated,
                  State.publicized})


class Party(StrEnum):
    owner = "owner"  # the enterprise's own account
    city = "city"  # the bureau of the enterprise's city (地级以上市工业和信息化局)
    province = "province"  # a bureau whose jurisdiction is 广东省 (省工业和信息化厅)
    other = "other"  # anyone else (a county bureau, another city, an admin, another enterprise)


PARTY_ZH = {Party.owner: "申报企业", Party.city: "企业所在地市工业和信息化局", Party.province: "省工业和信息化厅",
            Party.other: "其他用户"}


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    party: Party
    sources: frozenset[State]
    target: State | None  # None: the state stays, the move records something
    clauses: dict[str, tuple[str, ...]]  # program → "doc ref" (contract ClauseRef text)


def _m(action: str, label: str, party: Party, sources: set[State], target: State | None,
       tech: tuple[str, ...], incl: tuple[str, ...], digi: tuple[str, ...]) -> Move:
    return Move(action, label, party, frozenset(sources), target,
                {TECH: tuple(f"{T} {r}" for r in tech), INCLUSIVE: tuple(f"{INC} {r}" for r in incl),
                 DIGITAL: tuple(f"{D} {r}" for r in digi)})


S = State
MOVES: tuple[Move, ...] = (
    _m("submit", "提交申报", Party.owner, {S.draft}, S.submitted,
       ("第十二条第（三）项",), ("第十七条",), ("三、（一）", "五、（一）")),
    _m("accept", "受理", Party.city, {S.submitted}, S.city_review,
       ("第六条", "第十三条第（一）项"), ("第十条",), ("一、", "五、（一）")),
    _m("complete", "完工评价（验收）", Party.city, {S.city_review}, None,
       ("第六条", "第十三条第（一）项"), ("第十条",), ("四、（二）",)),
    _m("score", "竞争性评审评分", Party.city, {S.city_review}, None,
       ("第十三条第（一）项", "第十七条"), ("第二十条",), ("三、（二）4", "五、（一）")),
    _m("site_check", "现场审查", Party.city, {S.city_review}, None,
       ("第十三条第（一）项",), ("第十条",), ("五、（一）",)),
    _m("enter_library", "集体研究后入库并排序", Party.city, {S.city_review}, S.in_library,
       ("第十三条第（二）项",), ("第二十条",), ("五、（一）", "五、（二）")),
    _m("allocate", "确定资金安排", Party.province, {S.in_library}, S.allocated,
       ("第十四条", "第十五条", "第十条第（一）项"), ("第十九条", "第二十一条"), ("四、（一）", "五、（三）")),
    _m("publicize", "公示", Party.province, {S.allocated}, S.publicized,
       ("第十五条", "第十九条第（三）项"), ("第二十一条", "第二十四条第（三）项"), ("五、（三）",)),
    _m("object", "登记公示异议", Party.province, {S.publicized}, None,
       ("第十九条第（五）项",), ("第二十四条第（五）项",), ("五、（三）",)),
    _m("resolve_objection", "处理公示异议", Party.province, {S.publicized}, None,
       ("第十九条第（五）项",), ("第二十四条第（五）项",), ("五、（三）",)),
    _m("issue_plan", "下达资金项目计划", Party.province, {S.publicized}, S.plan_issued,
       ("第十五条",), ("第二十一条",), ("五、（三）",)),
    _m("disburse", "下达本地计划并拨付", Party.city, {S.plan_issued}, S.disbursed,
       ("第十六条",), ("第二十二条",), ("五、（四）",)),
    _m("self_evaluate", "绩效自评", Party.city, {S.disbursed}, S.self_evaluated,
       ("第二十二条", "第六条"), ("第十条", "第二十五条"), ("五、（四）",)),
    _m("rate", "省级绩效评价", Party.province, {S.self_evaluated}, S.rated,
       ("第二十条", "第二十一条"), ("第二十五条", "第二十六条"), ("五、（四）",)),
    _m("reject", "审核不通过", Party.city, {S.submitted, S.city_review, S.in_library}, S.rejected,
       ("第十三条第（一）项", "第十七条"), ("第二十条",), ("五、（一）",)),
    _m("reject", "不予安排", Party.province, {S.in_library, S.allocated, S.publicized}, S.rejected,
       ("第十五条",), ("第十九条", "第二十一条"), ("五、（三）",)),
    _m("withdraw", "撤回申报", Party.owner, set(OPEN), S.withdrawn,
       ("第十二条第（三）项",), ("第十七条",), ("三、（一）",)),
)
ACTIONS = tuple(dict.fromkeys(m.action for m in MOVES))
#: programs whose library entry needs a passed completion evaluation (事后奖励 of finished projects)
NEEDS_COMPLETION = frozenset({TECH, DIGITAL})
#: once publicized, the province's allocation is fixed (技改 第十五条: 报批、公示后下达)
ALLOCATION_LOCKED = frozenset({State.publicized, State.plan_issued, State.disbursed, State.self_evaluated,
                               State.rated})


class Refused(Exception):
    """A move that may not be made: ``status`` 403 (wrong party) or 409 (state, precondition)."""

    def __init__(self, status: int, zh: str, en: str, clauses: tuple[str, ...] = ()) -> None:
        super().__init__(f"{zh} {en}")
        self.status, self.zh, self.en, self.clauses = status, zh, en, clauses

    def to_json(self) -> dict[str, Any]:
        return {"message": f"{self.zh} {self.en}", "zh": self.zh, "en": self.en, "clauses": list(self.clauses)}


@dataclass
class Snapshot:
    """What :func:`decide` needs to know about an application and its world."""

    program: str
    state: State
    region: str | None = None  # prd | ewn
    review: dict[str, Any] = field(default_factory=dict)  # completion, score, site_check, objections …
    cap_wan: Decimal | None = None
    publicity_end: dt.date | None = None
    base_wan: Decimal | None = None  # 设备购置额 / 项目投入费用 the reward is a share of
    direction: str | None = None
    report_deadline: dt.date | None = None  # the round's 入库 report date (32号 五、（二）: 8月15日)
    ban: str | None = None  # the text of a ban in force, if any


@dataclass
class Decision:
    move: Move
    target: State
    clauses: tuple[str, ...]
    review: dict[str, Any]  # the application's review record after the move
    fields: dict[str, Any]  # columns the move sets (rank, allocated_wan, publicity dates, rating, reason)


def moves_for(party: Party, snap: Snapshot) -> list[str]:
    """The actions ``party`` may try from the application's state (the UI's buttons)."""
    return [m.action for m in MOVES if m.party == party and snap.state in m.sources]


def _find(action: str, party: Party, state: State) -> Move:
    candidates = [m for m in MOVES if m.action == action]
    if not candidates:
        raise Refused(409, f"没有“{action}”这一步骤", f"unknown action {action!r}")
    mine = [m for m in candidates if m.party == party]
    if not mine:
        who = "、".join(PARTY_ZH[m.party] for m in candidates)
        raise Refused(403, f"“{candidates[0].label}”只能由{who}办理",
                      f"only {'/'.join(m.party for m in candidates)} may {action}")
    for m in mine:
        if state in m.sources:
            return m
    allowed = "、".join(STATE_ZH[s] for m in mine for s in sorted(m.sources))
    raise Refused(409, f"申报处于“{STATE_ZH[state]}”，不能“{mine[0].label}”（须处于：{allowed}）",
                  f"cannot {action} an application in state {state.value}")


def _text(data: dict[str, Any], key: str, zh: str) -> str:
    value = str(data.get(key) or "").strip()
    if not value:
        raise Refused(409, f"须填写{zh}", f"{key} is required")
    return value[:2000]


def _day(data: dict[str, Any], key: str, zh: str, default: dt.date | None = None) -> dt.date:
    raw = data.get(key)
    if raw in (None, "") and default is not None:
        return default
    try:
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
    except ValueError:
        raise Refused(409, f"{zh}应为日期 YYYY-MM-DD", f"{key} must be a date") from None


def _number(data: dict[str, Any], key: str, zh: str) -> Decimal:
    try:
        value = Decimal(str(data.get(key)))
    except (InvalidOperation, ValueError):
        raise Refused(409, f"须填写{zh}（数字）", f"{key} must be a number") from None
    if not value.is_finite():
        raise Refused(409, f"{zh}应为有限数字", f"{key} must be finite")
    return value


def decide(snap: Snapshot, action: str, party: Party, data: dict[str, Any], today: dt.date) -> Decision:
    """The outcome of ``party`` making ``action`` with ``data``; :class:`Refused` when it may not."""
    move = _find(action, party, snap.state)
    clauses = move.clauses.get(snap.program, ())
    review = {k: v for k, v in snap.review.items()}
    fields: dict[str, Any] = {}
    if action in ("submit", "allocate") and snap.ban:
        raise Refused(409, f"企业处于限制安排专项资金期间：{snap.ban}", "the enterprise is barred from funding",
                      (BAN_CLAUSE,))
    if action == "complete":
        review["completion"] = {"passed": bool(data.get("passed")), "note": str(data.get("note") or "")[:2000],
                                "on": _day(data, "on", "完工评价日期", today).isoformat()}
    elif action == "score":
        score = _number(data, "score", "评审得分")
        if not Decimal(0) <= score <= Decimal(100):
            raise Refused(409, "评审得分应在 0～100 之间", "score must lie in 0..100")
        review["score"] = float(score)
    elif action == "site_check":
        review["site_check"] = {"on": _day(data, "on", "现场审查日期", today).isoformat(),
                                "record": _text(data, "record", "现场审查记录")}
    elif action == "enter_library":
        if snap.report_deadline is not None and today > snap.report_deadline:
            raise Refused(409, f"入库报送已于 {snap.report_deadline} 截止；未按时报送的原则上不安排预算",
                          "the library report deadline has passed", REPORT_CLAUSES[snap.program])
        fields["rank"] = _library_checks(snap, review, data, today)
        review["collective_review"] = _text(data, "minutes", "集体研究审议记录（党组会议纪要等）")
    elif action == "allocate":
        amount = _number(data, "amount_wan", "安排金额（万元）")
        limit = reward_limit(snap, today)
        if amount <= 0 or (limit is not None and amount > limit):
            raise Refused(409, f"安排金额应大于 0 且不超过 {limit} 万元（比例上限与单个项目上限）",
                          "amount must be positive and within the ratio and project caps", clauses)
        fields["allocated_wan"] = amount
    elif action == "publicize":
        start = _day(data, "start", "公示开始日期", today)
        end = _day(data, "end", "公示截止日期")
        if end < start:
            raise Refused(409, "公示截止日期早于开始日期", "publicity ends before it starts")
        fields["publicity_start"], fields["publicity_end"] = start, end
    elif action == "object":
        objections = list(review.get("objections", []))
        objections.append({"text": _text(data, "text", "异议内容"), "received_on": today.isoformat(),
                           "resolved": False})
        review["objections"] = objections
    elif action == "resolve_objection":
        objections = [dict(o) for o in review.get("objections", [])]
        open_ones = [o for o in objections if not o.get("resolved")]
        if not open_ones:
            raise Refused(409, "没有待处理的异议", "no open objection")
        open_ones[0].update(resolved=True, outcome=_text(data, "outcome", "处理结果"), resolved_on=today.isoformat())
        review["objections"] = objections
    elif action == "issue_plan":
        _plan_checks(snap, today, review)
    elif action == "disburse":
        review["disbursed_on"] = _day(data, "on", "拨付日期", today).isoformat()
    elif action == "self_evaluate":
        review["self_evaluation"] = _text(data, "report", "绩效自评结论")
    elif action == "rate":
        rating = str(data.get("rating") or "")
        if rating not in RATINGS:
            raise Refused(409, f"绩效评价结果应为 {'、'.join(RATINGS)} 之一", "rating must be one of 优良中低差")
        fields["rating"] = rating
    elif action in ("reject", "withdraw"):
        fields["reason"] = _text(data, "reason", "理由")
    target = move.target or snap.state
    return Decision(move, target, clauses, review, fields)


def reward_limit(snap: Snapshot, on: dt.date) -> Decimal | None:
    """The most one application may get: the program's ratio of its base (技改 第十条第（一）项 20%/30% by
    region; 标杆 四、（一） 30%, capped by direction), and the round's per-project cap."""
    limits = [snap.cap_wan] if snap.cap_wan is not None else []
    if snap.program == TECH and snap.base_wan is not None and snap.region:
        rules = fund_rules(on)
        limits += [snap.base_wan * rules.cap_ratio(snap.region), rules.project_cap_wan]
    if snap.program == DIGITAL:
        benchmark = benchmark_rules(on)
        if snap.base_wan is not None:
            limits.append(snap.base_wan * benchmark.reward_rate)
        if snap.direction in benchmark.direction_caps:
            limits.append(benchmark.direction_caps[snap.direction])
    return min(limits) if limits else None


def _library_checks(snap: Snapshot, review: dict[str, Any], data: dict[str, Any], today: dt.date) -> int:
    completion = review.get("completion")
    if snap.program in NEEDS_COMPLETION and not (completion and completion.get("passed")):
        ref = (f"{T} 第十三条第（一）项",) if snap.program == TECH else (f"{D} 四、（二）",)
        raise Refused(409, "未通过完工评价（验收），不能入库", "completion evaluation not passed", ref)
    if "score" not in review:
        raise Refused(409, "尚无竞争性评审得分", "no competitive review score yet", (f"{T} 第十三条第（一）项",))
    if snap.program == DIGITAL:
        floors = benchmark_rules(today).score_floors
        floor = floors.get(snap.region or PRD, floors[PRD])
        if Decimal(str(review["score"])) < floor:
            raise Refused(409, f"评分 {review['score']} 低于扶持项目最低分 {floor}", "score below the notice's floor",
                          (SCORE_CLAUSE,))
    if not review.get("site_check"):
        raise Refused(409, "所有推荐项目均需进行现场审查：尚无现场审查记录", "no on-site check recorded",
                      (SITE_CHECK_CLAUSE, f"{T} 第十三条第（一）项"))
    try:
        rank = int(str(data.get("rank")))
    except ValueError:
        raise Refused(409, "须填写综合排序（正整数）", "rank must be a positive integer") from None
    if rank < 1:
        raise Refused(409, "综合排序应为正整数", "rank must be a positive integer")
    return rank


def _plan_checks(snap: Snapshot, today: dt.date, review: dict[str, Any]) -> None:
    end = snap.publicity_end
    if end is None or today <= end:
        raise Refused(409, f"公示期（至 {end}）未满，不能下达计划", "the publicity period has not ended",
                      (f"{T} 第十五条",))
    if any(not o.get("resolved") for o in review.get("objections", [])):
        raise Refused(409, "公示异议尚未处理", "an objection is still open", (f"{T} 第十九条第（五）项",))


def ban_status(rectify_by: dt.date, rectified_on: dt.date | None, as_of: dt.date) -> tuple[bool, dt.date | None, str]:
    """32号 五、（四）: 拒不配合 … 经正式提醒到期仍不整改的，在其整改之前不得安排专项资金；超过整改期后完成整改的，
    5年内不得安排专项资金. Answers (barred on ``as_of``, the last barred day if known, the reason)."""
    if rectified_on is None:
        if as_of > rectify_by:
            return True, None, f"经正式提醒到期（{rectify_by}）仍未整改，整改之前不得安排专项资金"
        return False, None, f"整改期限 {rectify_by} 未到"
    if rectified_on <= rectify_by:
        return False, None, f"已于整改期限内（{rectified_on}）完成整改"
    if rectified_on.year + 5 > dt.MAXYEAR:  # beyond the calendar: barred as far as it reaches
        until = dt.date.max
    else:
        try:
            until = rectified_on.replace(year=rectified_on.year + 5) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            until = rectified_on.replace(year=rectified_on.year + 5, day=28)
    if as_of <= until:
        return True, until, f"超过整改期（{rectify_by}）后于 {rectified_on} 完成整改，{until} 前不得安排专项资金"
    return False, until, f"5 年限制已于 {until} 届满"


def round_notes(program: str, year: int, notice_date: dt.date | None, config_deadline: dt.date | None,
                report_deadline: dt.date | None) -> list[dict[str, str]]:
    """What the texts say about a round's dates that its settings do not meet (shown, not enforced)."""
    notes = []
    if program == INCLUSIVE and notice_date and notice_date > dt.date(year, 6, 30):
        notes.append({"text": "省工业和信息化厅应于每年6月底前发文通知", "clause": f"{INC} 第十七条"})
    if program == DIGITAL and config_deadline is None:
        notes.append({"text": "未设申报配置截止日期（2022年度通知为6月30日前）", "clause": f"{D} 五、（一）"})
    if program == DIGITAL and report_deadline is None:
        notes.append({"text": "未设入库报送截止日期（2022年度通知为8月15日前）", "clause": f"{D} 五、（二）"})
    return notes


def one_direction(program: str, direction: str | None, others: list[str | None]) -> None:
    """32号 四、（一） 同一主体每年只能申报一个方向的项目: ``others`` are the enterprise's other live
    digital-benchmark directions of that year."""
    if program != DIGITAL:
        return
    if direction not in DIRECTIONS:
        raise Refused(409, f"须选择支持方向：{'、'.join(DIRECTIONS.values())}", "direction is required",
                      (f"{D} 二、",))
    taken = {o for o in others if o}
    if taken and taken != {direction}:
        names = "、".join(DIRECTIONS.get(o, o) for o in sorted(taken))
        raise Refused(409, f"同一主体每年只能申报一个方向的项目：本年度已申报“{names}”",
                      "one direction per enterprise and year", (ONE_DIRECTION_CLAUSE,))


def duplicate_flags(project: str, same_round_projects: list[str], other_rounds_same_project: int,
                    other_open_same_year: int) -> list[dict[str, str]]:
    """重复申报 (the same project again) and 多头申报 (several applications of one enterprise in a year):
    flagged for the city's review (a refusal only where the notice makes it one)."""
    flags = []
    if project in same_round_projects or other_rounds_same_project:
        flags.append({"id": "repeated", "text": "重复申报：同一项目已有其他申报", "clause": DUPLICATE_CLAUSE})
    if other_open_same_year:
        flags.append({"id": "multiple", "text": f"多头申报：本企业本年度另有 {other_open_same_year} 项申报",
                      "clause": DUPLICATE_CLAUSE})
    return flags

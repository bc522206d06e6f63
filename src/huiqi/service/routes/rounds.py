"""Fund rounds end to end (issue 10): the province's rounds and budgets, enterprises' applications, the
moves of :mod:`huiqi.funds.workflow`. Bans are in :mod:`.bans`; the allocation run, the workbooks and the
dashboard in :mod:`.round_results`.

Who sees and does what is decided by :mod:`huiqi.service.policy`; what a move needs and which clause it
follows by :mod:`huiqi.funds.workflow`. Every write goes to the audit log in the same transaction,
with the clauses. The functions below the routes are shared with the bureau pages (:mod:`huiqi.web.rounds`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.funds import workflow as wf
from huiqi.service import audit, policy
from huiqi.service.db import utcnow
from huiqi.service.deps import NOT_FOUND, R404, RecordId, SessionDep, UserDep, client_ip
from huiqi.service.models import (
    Application,
    ApplicationEvent,
    Enterprise,
    FundingBan,
    FundRound,
    ProfileVersion,
    RoundBudget,
)

router = APIRouter(prefix="/api/v1", tags=["rounds"])
Money = Annotated[Decimal, Field(ge=0, le=Decimal("1e10"), max_digits=14, decimal_places=2)]
Text = Annotated[str, Field(max_length=2000)]
T = wf.T
ROUND_CLAUSE = f"{T} 第十二条第（一）项"


def refuse(code: int, zh: str, en: str, clauses: tuple[str, ...] = ()) -> HTTPException:
    return HTTPException(code, wf.Refused(code, zh, en, clauses).to_json())


class RoundBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    program: Literal["tech-upgrade-equipment-reward", "inclusive-investment-reward", "digital-benchmark"]
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=300)
    notice_ref: str | None = Field(default=None, max_length=200, examples=["粤工信工业互联网函〔2021〕32号"])
    notice_date: dt.date | None = None
    applications_close: dt.date | None = None
    config_deadline: dt.date | None = Field(default=None, description="32号 五、（一）: 6月30日前完成申报配置")
    report_deadline: dt.date | None = Field(default=None, description="32号 五、（二）: 8月15日前报送入库情况")
    project_cap_wan: Money | None = Field(default=None, examples=[1500])
    scope: Literal["city", "region"] = "city"
    mode: Literal["uniform-ratio", "rank-cutoff"] = "uniform-ratio"
    budgets: dict[Annotated[str, Field(min_length=1, max_length=50)], Money] = Field(
        default_factory=dict, examples=[{"东莞": 3000}])


class RoundPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    notice_ref: str | None = Field(default=None, max_length=200)
    notice_date: dt.date | None = None
    applications_close: dt.date | None = None
    config_deadline: dt.date | None = None
    report_deadline: dt.date | None = None
    project_cap_wan: Money | None = None
    scope: Literal["city", "region"] | None = None
    mode: Literal["uniform-ratio", "rank-cutoff"] | None = None
    budgets: dict[Annotated[str, Field(min_length=1, max_length=50)], Money] | None = None


class ApplicationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: RecordId
    project: str = Field(min_length=1, max_length=100, description="企业画像中的项目编号")
    title: str | None = Field(default=None, max_length=300)
    direction: Literal["industrial-internet", "5g", "supply-chain"] | None = None
    amount_wan: Money | None = Field(default=None, description="默认取项目的设备购置额")


class MoveBody(BaseModel):
    """The fields a move may need (see :func:`huiqi.funds.workflow.decide`)."""

    model_config = ConfigDict(extra="forbid")
    reason: Text | None = None
    passed: bool | None = None
    note: Text | None = None
    on: dt.date | None = None
    score: Decimal | None = Field(default=None, ge=0, le=100)
    record: Text | None = None
    rank: int | None = Field(default=None, ge=1, le=1_000_000)
    minutes: Text | None = None
    amount_wan: Money | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    text: Text | None = None
    outcome: Text | None = None
    report: Text | None = None
    rating: Literal["优", "良", "中", "低", "差"] | None = None


# --- loading with the policy layer ---------------------------------------------------------------------


def _groups(session: Session, round_id: int) -> dict[str, Decimal]:
    rows = session.scalars(select(RoundBudget).where(RoundBudget.round_id == round_id).order_by(RoundBudget.group))
    return {b.group: Decimal(b.budget_wan) for b in rows}


def load_round(session: Session, who: policy.Principal, round_id: int) -> FundRound:
    found = session.get(FundRound, round_id)
    if found is None or not policy.can_see_round(who, list(_groups(session, round_id))):
        raise NOT_FOUND
    return found


def load_application(session: Session, who: policy.Principal, app_id: int, *, lock: bool = False
                     ) -> tuple[Application, Enterprise]:
    app = session.get(Application, app_id, with_for_update=lock)
    enterprise = session.get(Enterprise, app.enterprise_id) if app else None
    if app is None or enterprise is None or not policy.can_see_application(who, enterprise, app.state):
        raise NOT_FOUND
    return app, enterprise


def round_json(session: Session, found: FundRound) -> dict[str, Any]:
    return {
        "id": found.id, "program": found.program, "year": found.year, "title": found.title,
        "notice_ref": found.notice_ref,
        **{k: (v.isoformat() if v else None) for k, v in (
            ("notice_date", found.notice_date), ("applications_close", found.applications_close),
            ("config_deadline", found.config_deadline), ("report_deadline", found.report_deadline))},
        "project_cap_wan": None if found.project_cap_wan is None else float(found.project_cap_wan),
        "scope": found.scope, "mode": found.mode,
        "budgets": {g: float(b) for g, b in _groups(session, found.id).items()},
        "allocated": found.allocation is not None,
        "notes": wf.round_notes(found.program, found.year, found.notice_date, found.config_deadline,
                                found.report_deadline),
    }


def application_json(app: Application, enterprise: Enterprise, events: list[ApplicationEvent] | None = None,
                     moves: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": app.id, "round_id": app.round_id, "enterprise_id": app.enterprise_id, "enterprise": enterprise.name,
        "project": app.project, "title": app.title, "direction": app.direction, "city": app.city,
        "county": app.county, "state": app.state, "state_zh": wf.STATE_ZH[wf.State(app.state)],
        "amount_wan": None if app.amount_wan is None else float(app.amount_wan), "rank": app.rank,
        "allocated_wan": None if app.allocated_wan is None else float(app.allocated_wan),
        "publicity": {"start": app.publicity_start and app.publicity_start.isoformat(),
                      "end": app.publicity_end and app.publicity_end.isoformat()},
        "rating": app.rating, "reason": app.reason, "review": app.review, "flags": app.flags,
        "eligibility": {"submitted": app.eligibility_submitted, "submitted_version": app.submitted_version,
                        "reviewed": app.eligibility_reviewed, "reviewed_version": app.reviewed_version,
                        "profile_changed": bool(app.reviewed_version and app.submitted_version
                                                and app.reviewed_version != app.submitted_version)},
    }
    if events is not None:
        data["events"] = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "from": e.from_state,
                           "to": e.to_state, "clauses": e.clauses, "detail": e.detail} for e in events]
    if moves is not None:
        data["moves"] = moves
    return data


# --- engine, bans, snapshot -----------------------------------------------------------------------------


def eligibility(session: Session, enterprise: Enterprise, program: str, project: str) -> tuple[int, dict[str, Any]]:
    """The engine's verdict for the program and project on the current profile version (contract §2)."""
    from huiqi.service import core

    version = session.scalars(select(ProfileVersion).where(
        ProfileVersion.enterprise_id == enterprise.id, ProfileVersion.version == enterprise.version)).first()
    if version is None:
        raise NOT_FOUND
    result = core.assess(version.profile, None)
    found = [r for r in result.get("results", [])
             if r.get("program") == program and r.get("project") in (project, None)]
    entry = {k: v for k, v in found[0].items() if k != "criteria"} if found else {"program": program,
                                                                                 "status": "none"}
    entry.update(as_of=result.get("as_of"), rules_version=result.get("rules_version"))
    return version.version, entry


def active_ban(session: Session, enterprise_id: int, today: dt.date) -> str | None:
    for ban in session.scalars(select(FundingBan).where(FundingBan.enterprise_id == enterprise_id,
                                                        FundingBan.lifted.is_(False))):
        barred, _, text = wf.ban_status(ban.rectify_by, ban.rectified_on, today)
        if barred:
            return f"{ban.reason}（{text}）"
    return None


def snapshot(session: Session, app: Application, found: FundRound, today: dt.date) -> wf.Snapshot:
    from huiqi.funds.policy import fund_rules

    return wf.Snapshot(program=found.program, state=wf.State(app.state), region=fund_rules(today).region_of(app.city),
                       review=dict(app.review or {}), cap_wan=found.project_cap_wan,
                       publicity_end=app.publicity_end, report_deadline=found.report_deadline,
                       base_wan=app.amount_wan, direction=app.direction,
                       ban=active_ban(session, app.enterprise_id, today))


def _submit_checks(session: Session, app: Application, found: FundRound, today: dt.date) -> list[dict[str, str]]:
    """32号 四、（一） one direction a year (refused); 三、（二）3 重复/多头申报 (flagged)."""
    if found.applications_close and today > found.applications_close:
        raise refuse(409, f"申报已于 {found.applications_close} 截止", "applications closed",
                     (wf.MOVES[0].clauses[found.program][0],))
    live = [s for s in wf.State if s not in (wf.State.draft, wf.State.rejected, wf.State.withdrawn)]
    others = list(session.execute(
        select(Application, FundRound).join(FundRound, FundRound.id == Application.round_id).where(
            Application.enterprise_id == app.enterprise_id, Application.id != app.id, FundRound.year == found.year,
            Application.state.in_(live))))
    try:
        wf.one_direction(found.program, app.direction,
                         [a.direction for a, r in others if r.program == wf.DIGITAL])
    except wf.Refused as exc:
        raise HTTPException(exc.status, exc.to_json()) from None
    same_round = [a.project for a, r in others if r.id == found.id]
    other_rounds = sum(1 for a, r in others if r.id != found.id and a.project == app.project)
    return wf.duplicate_flags(app.project, same_round, other_rounds, len(others))


def _event(session: Session, who: policy.Principal, app: Application, action: str, before: str | None,
           clauses: list[str], detail: dict[str, Any], ip: str | None) -> None:
    session.add(ApplicationEvent(application_id=app.id, actor_id=who.id, actor=who.username, action=action,
                                 from_state=before, to_state=app.state, clauses=clauses, detail=detail))
    audit.record(session, who, f"application.{action}", "application", app.id, enterprise_id=app.enterprise_id,
                 ip=ip, detail={"from": before, "to": app.state, "clauses": clauses, **detail})


def make_move(session: Session, who: policy.Principal, app_id: int, action: str, data: dict[str, Any],
              ip: str | None) -> Application:
    """One move of the state machine, checked, applied, evented and audited; committed."""
    app, enterprise = load_application(session, who, app_id, lock=True)
    found = session.get(FundRound, app.round_id)
    assert found is not None
    today = dt.date.today()
    party = policy.party_for(who, enterprise)
    snap = snapshot(session, app, found, today)
    try:
        decision = wf.decide(snap, action, party, data, today)
    except wf.Refused as exc:
        raise HTTPException(exc.status, exc.to_json()) from None
    if action == "submit":
        app.flags = _submit_checks(session, app, found, today)
        app.submitted_version, app.eligibility_submitted = eligibility(session, enterprise, found.program, app.project)
    if action in ("accept", "enter_library"):
        app.reviewed_version, app.eligibility_reviewed = eligibility(session, enterprise, found.program, app.project)
    before = app.state
    app.state = decision.target.value
    app.review = decision.review
    for key, value in decision.fields.items():
        setattr(app, key, value)
    app.updated_at = utcnow()
    detail = {k: (str(v) if isinstance(v, Decimal | dt.date) else v) for k, v in data.items()}
    _event(session, who, app, action, before, list(decision.clauses), detail, ip)
    session.commit()
    return app


# --- rounds ---------------------------------------------------------------------------------------------


def _set_budgets(session: Session, round_id: int, budgets: dict[str, Decimal], scope: str) -> None:
    from huiqi.funds.policy import group_name

    clean: dict[str, Decimal] = {}
    for name, amount in budgets.items():
        group = group_name(name, scope)
        if group is None:
            raise HTTPException(422, [{"loc": ["body", "budgets", name], "type": "value_error",
                                       "msg": f"不是广东的地市或地区 not a {scope} group: {name}"}])
        clean[group] = amount
    for old in session.scalars(select(RoundBudget).where(RoundBudget.round_id == round_id)):
        session.delete(old)
    session.flush()
    for group, amount in clean.items():
        session.add(RoundBudget(round_id=round_id, group=group, budget_wan=amount))


@router.post("/rounds", status_code=201, summary="省厅发布年度资金轮次 the province opens a round")
def create_round(body: RoundBody, request: Request, who: UserDep, session: SessionDep) -> dict[str, Any]:
    if not policy.can_manage_rounds(who):
        raise refuse(403, "只有省工业和信息化厅可以发布资金轮次", "only the province opens rounds", (ROUND_CLAUSE,))
    data = body.model_dump(exclude={"budgets"})
    found = FundRound(**data, created_by=who.id)
    session.add(found)
    session.flush()
    _set_budgets(session, found.id, body.budgets, body.scope)
    audit.record(session, who, "round.create", "fund_round", found.id, ip=client_ip(request),
                 detail={"program": body.program, "year": body.year, "clauses": [ROUND_CLAUSE],
                         "budgets": {k: str(v) for k, v in body.budgets.items()}})
    session.commit()
    return round_json(session, found)


def list_rounds(session: Session, who: policy.Principal) -> list[FundRound]:
    rows = session.scalars(select(FundRound).order_by(FundRound.year.desc(), FundRound.id))
    return [r for r in rows if policy.can_see_round(who, list(_groups(session, r.id)))]


@router.get("/rounds", summary="可见的资金轮次 rounds the caller may see")
def get_rounds(who: UserDep, session: SessionDep) -> dict[str, Any]:
    return {"items": [round_json(session, r) for r in list_rounds(session, who)]}


@router.get("/rounds/{round_id}", responses=R404, summary="资金轮次 a round")
def get_round(round_id: RecordId, who: UserDep, session: SessionDep) -> dict[str, Any]:
    return round_json(session, load_round(session, who, round_id))


@router.patch("/rounds/{round_id}", responses=R404, summary="修改轮次（日期、预算、上限）change a round")
def patch_round(round_id: RecordId, body: RoundPatch, request: Request, who: UserDep,
                session: SessionDep) -> dict[str, Any]:
    found = load_round(session, who, round_id)
    if not policy.can_manage_rounds(who):
        raise refuse(403, "只有省工业和信息化厅可以修改资金轮次", "only the province changes rounds", (ROUND_CLAUSE,))
    changes = body.model_dump(exclude_unset=True, exclude={"budgets"})
    for key, value in changes.items():
        setattr(found, key, value)
    if body.budgets is not None or "scope" in changes:  # budgets are named by the scope's groups
        _set_budgets(session, found.id, body.budgets if body.budgets is not None else _groups(session, found.id),
                     found.scope)
    audit.record(session, who, "round.update", "fund_round", found.id, ip=client_ip(request),
                 detail={"changes": {k: str(v) for k, v in body.model_dump(exclude_unset=True).items()},
                         "clauses": [ROUND_CLAUSE]})
    session.commit()
    return round_json(session, found)


@router.delete("/rounds/{round_id}", status_code=204, responses=R404, summary="删除没有申报的轮次")
def delete_round(round_id: RecordId, request: Request, who: UserDep, session: SessionDep) -> Response:
    found = load_round(session, who, round_id)
    if not policy.can_manage_rounds(who):
        raise refuse(403, "只有省工业和信息化厅可以删除资金轮次", "only the province deletes rounds")
    if session.scalars(select(Application.id).where(Application.round_id == found.id)).first() is not None:
        raise refuse(409, "轮次已有申报，不能删除", "the round has applications")
    for old in session.scalars(select(RoundBudget).where(RoundBudget.round_id == found.id)):
        session.delete(old)
    session.flush()
    session.delete(found)
    audit.record(session, who, "round.delete", "fund_round", round_id, ip=client_ip(request))
    session.commit()
    return Response(status_code=204)


# --- applications ---------------------------------------------------------------------------------------


@router.post("/rounds/{round_id}/applications", status_code=201, responses=R404, summary="企业起草申报")
def create_application(round_id: RecordId, body: ApplicationBody, request: Request, who: UserDep,
                       session: SessionDep) -> dict[str, Any]:
    found = load_round(session, who, round_id)
    enterprise = session.get(Enterprise, body.enterprise_id)
    if enterprise is None or not policy.can_see_enterprise(who, enterprise):
        raise NOT_FOUND
    if policy.party_for(who, enterprise) != wf.Party.owner:
        raise refuse(403, "只有企业本身可以申报", "only the enterprise's own account applies",
                     (wf.MOVES[0].clauses[found.program][0],))
    version = session.scalars(select(ProfileVersion).where(ProfileVersion.enterprise_id == enterprise.id,
                                                           ProfileVersion.version == enterprise.version)).first()
    projects = {str(p.get("id")): p for p in (version.profile.get("projects") or [] if version else [])}
    if body.project not in projects:
        raise HTTPException(422, [{"loc": ["body", "project"], "type": "value_error",
                                   "msg": f"企业画像中没有项目 {body.project!r} no such project in the profile"}])
    project = projects[body.project]
    amount = body.amount_wan if body.amount_wan is not None else project.get("equipment_purchase_wan")
    app = Application(round_id=found.id, enterprise_id=enterprise.id, project=body.project, direction=body.direction,
                      title=body.title or project.get("name") or body.project, city=enterprise.city,
                      county=enterprise.county, amount_wan=None if amount is None else Decimal(str(amount)),
                      state="draft", review={}, flags=[], created_by=who.id)
    session.add(app)
    session.flush()
    _event(session, who, app, "create", None, [wf.MOVES[0].clauses[found.program][0]], {}, client_ip(request))
    session.commit()
    return application_json(app, enterprise)


def list_applications(session: Session, who: policy.Principal, round_id: int) -> list[tuple[Application, Enterprise]]:
    base = select(Application, Enterprise).join(Enterprise, Enterprise.id == Application.enterprise_id)
    query = policy.visible_applications(who, base.where(Application.round_id == round_id)
                                        .order_by(Application.city, Application.rank, Application.id))
    return [(a, e) for a, e in session.execute(query).all() if policy.can_see_application(who, e, a.state)]


@router.get("/rounds/{round_id}/applications", responses=R404, summary="可见的申报 applications")
def get_applications(round_id: RecordId, who: UserDep, session: SessionDep) -> dict[str, Any]:
    found = load_round(session, who, round_id)
    return {"items": [application_json(a, e) for a, e in list_applications(session, who, found.id)]}


def moves_of(session: Session, who: policy.Principal, app: Application, enterprise: Enterprise) -> list[str]:
    return wf.moves_for(policy.party_for(who, enterprise), wf.Snapshot("", wf.State(app.state)))


@router.get("/applications/{app_id}", responses=R404, summary="申报详情、流转记录与可办事项")
def get_application(app_id: RecordId, who: UserDep, session: SessionDep) -> dict[str, Any]:
    app, enterprise = load_application(session, who, app_id)
    events = list(session.scalars(select(ApplicationEvent).where(ApplicationEvent.application_id == app.id)
                                  .order_by(ApplicationEvent.id)))
    return application_json(app, enterprise, events, moves_of(session, who, app, enterprise))


@router.post("/applications/{app_id}/actions/{action}", responses={**R404, 403: {}, 409: {}},
             summary="办理一步（提交、受理、评审、入库、分配、公示、下达、拨付、绩效…）")
def post_move(app_id: RecordId, action: Literal[wf.ACTIONS], request: Request, who: UserDep,  # type: ignore[valid-type]
              session: SessionDep, body: Annotated[MoveBody | None, Body()] = None) -> dict[str, Any]:
    data = body.model_dump(exclude_none=True) if body else {}
    app = make_move(session, who, app_id, action, data, client_ip(request))
    return get_application(app.id, who, session)


__all__ = ["router"]

"""Bans on funding (粤工信工业互联网函〔2021〕32号 五、（四））: a bureau records that an enterprise refused
to cooperate and by when it must rectify; :func:`huiqi.service.routes.rounds.active_ban` keeps it from
applying (拒不配合 → 整改前不得安排; 超期整改 → 5 年内不得安排)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import select

from huiqi.funds import workflow as wf
from huiqi.service import audit, policy
from huiqi.service.deps import NOT_FOUND, R404, RecordId, SessionDep, UserDep, client_ip
from huiqi.service.models import Enterprise, FundingBan
from huiqi.service.routes.rounds import refuse

router = APIRouter(prefix="/api/v1", tags=["rounds"])
BAN_ACTIONS_CLAUSE = [wf.BAN_CLAUSE]


def _not_future(day: dt.date) -> dt.date:
    if day > dt.date.today():
        raise ValueError(f"{day} is after today: a reminder or a rectification is recorded once it has happened")
    return day


#: the day of something that has happened (the formal reminder, the rectification)
PastDate = Annotated[dt.date, AfterValidator(_not_future)]


class BanBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000, examples=["拒不配合绩效评价，经正式提醒到期仍不整改"])
    reminded_on: PastDate
    rectify_by: dt.date
    rectified_on: PastDate | None = None


class RectifyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rectified_on: PastDate


def ban_json(ban: FundingBan, today: dt.date) -> dict[str, Any]:
    barred, until, text = wf.ban_status(ban.rectify_by, ban.rectified_on, today)
    return {"id": ban.id, "enterprise_id": ban.enterprise_id, "reason": ban.reason,
            "reminded_on": ban.reminded_on.isoformat(), "rectify_by": ban.rectify_by.isoformat(),
            "rectified_on": ban.rectified_on and ban.rectified_on.isoformat(), "barred": barred and not ban.lifted,
            "barred_until": until and until.isoformat(), "status": text, "clause": wf.BAN_CLAUSE}


@router.post("/enterprises/{enterprise_id}/bans", status_code=201, responses=R404,
             summary="登记拒不配合（32号 五、（四））record a ban")
def create_ban(enterprise_id: RecordId, body: BanBody, request: Request, who: UserDep,
               session: SessionDep) -> dict[str, Any]:
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not policy.can_see_enterprise(who, enterprise):
        raise NOT_FOUND
    if not policy.can_set_ban(who, enterprise):
        raise refuse(403, "只有主管部门可以登记限制", "only a bureau records bans", (wf.BAN_CLAUSE,))
    if body.rectify_by < body.reminded_on:
        raise refuse(409, "整改期限早于正式提醒日期", "the deadline precedes the reminder", (wf.BAN_CLAUSE,))
    ban = FundingBan(enterprise_id=enterprise.id, created_by=who.id, **body.model_dump())
    session.add(ban)
    session.flush()
    audit.record(session, who, "ban.create", "funding_ban", ban.id, enterprise_id=enterprise.id,
                 ip=client_ip(request), detail={"clauses": BAN_ACTIONS_CLAUSE, "rectify_by": str(body.rectify_by)})
    session.commit()
    return ban_json(ban, dt.date.today())


@router.get("/enterprises/{enterprise_id}/bans", responses=R404, summary="限制安排资金记录 bans")
def get_bans(enterprise_id: RecordId, who: UserDep, session: SessionDep) -> dict[str, Any]:
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not policy.can_see_enterprise(who, enterprise):
        raise NOT_FOUND
    rows = session.scalars(select(FundingBan).where(FundingBan.enterprise_id == enterprise.id).order_by(FundingBan.id))
    return {"items": [ban_json(b, dt.date.today()) for b in rows]}


@router.post("/bans/{ban_id}/rectified", responses=R404, summary="登记完成整改 record the rectification")
def rectify_ban(ban_id: RecordId, body: RectifyBody, request: Request, who: UserDep,
                session: SessionDep) -> dict[str, Any]:
    ban = session.get(FundingBan, ban_id)
    enterprise = session.get(Enterprise, ban.enterprise_id) if ban else None
    if ban is None or enterprise is None or not policy.can_see_enterprise(who, enterprise):
        raise NOT_FOUND
    if not policy.can_set_ban(who, enterprise):
        raise refuse(403, "只有主管部门可以登记整改", "only a bureau records rectification", (wf.BAN_CLAUSE,))
    ban.rectified_on = body.rectified_on
    audit.record(session, who, "ban.rectified", "funding_ban", ban.id, enterprise_id=enterprise.id,
                 ip=client_ip(request), detail={"clauses": BAN_ACTIONS_CLAUSE, "rectified_on": str(body.rectified_on)})
    session.commit()
    return ban_json(ban, dt.date.today())

"""A round's results: the allocation run over the ranked library (粤工信规字〔2021〕5号 第十条第（一）项、
第十四条、第十五条), the workbooks the notices ask for, and the dashboard. Shared with the bureau pages."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.funds import round_summary
from huiqi.funds import workflow as wf
from huiqi.service import audit, policy
from huiqi.service.db import utcnow
from huiqi.service.deps import NOT_FOUND, R404, RecordId, SessionDep, UserDep, client_ip
from huiqi.service.models import Application, Enterprise, FundRound
from huiqi.service.routes.rounds import (
    T,
    _event,
    _groups,
    active_ban,
    application_json,
    list_applications,
    load_round,
    refuse,
    round_json,
)

router = APIRouter(prefix="/api/v1", tags=["rounds"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AllocateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    as_of: dt.date | None = None


def _rows(session: Session, who: policy.Principal, found: FundRound) -> list[dict[str, Any]]:
    return [round_summary.row_of(application_json(a, e)) for a, e in list_applications(session, who, found.id)]


def run_allocation(session: Session, who: policy.Principal, round_id: int, as_of: dt.date | None,
                   ip: str | None) -> dict[str, Any]:
    """``huiqi.funds.allocate`` on the round's ranked library (技改 第十条第（一）项、第十四条、第十五条):
    funded applications become ``allocated`` with their reward, the others stay in the library."""
    from huiqi.errors import InputError
    from huiqi.funds.allocate import allocate
    from huiqi.funds.model import AllocationOptions, Mode, Scope
    from huiqi.funds.read import parse_projects

    found = load_round(session, who, round_id)
    if not policy.can_manage_rounds(who):
        raise refuse(403, "只有省工业和信息化厅可以分配资金", "only the province allocates",
                     (f"{T} 第十四条",))
    if found.program != wf.TECH:
        raise refuse(409, "按比例分配只适用于技改设备事后奖励；其他项目请逐项“确定资金安排”",
                     "the ratio allocation applies to the tech-upgrade reward only",
                     (f"{T} 第十条第（一）项",))
    apps = list(session.scalars(select(Application).where(Application.round_id == found.id).with_for_update()))
    if any(a.state in wf.ALLOCATION_LOCKED for a in apps):
        raise refuse(409, "已有项目进入公示或下达，不能重新分配", "some applications are already publicized",
                     (f"{T} 第十五条",))
    today = as_of or dt.date.today()
    pool = [a for a in apps if a.state in (wf.State.in_library, wf.State.allocated)]
    barred = {a.id: ban for a in pool if (ban := active_ban(session, a.enterprise_id, today))}
    ranked = [a for a in pool if a.id not in barred]
    move = next(m for m in wf.MOVES if m.action == "allocate")
    for app in (a for a in pool if a.id in barred and a.state == wf.State.allocated):
        app.state, app.allocated_wan, app.updated_at = wf.State.in_library.value, None, utcnow()
        _event(session, who, app, "allocate", wf.State.allocated.value, [wf.BAN_CLAUSE], {"barred": barred[app.id]}, ip)
    if not ranked:
        raise refuse(409, "没有已入库的项目", "no application in the library", (f"{T} 第十一条",))
    names = {e.id: e.name for e in session.scalars(select(Enterprise).where(
        Enterprise.id.in_([a.enterprise_id for a in ranked])))}
    rows = [{"project.id": f"A{a.id}", "enterprise.city": a.city or "", "rank": a.rank, "project.name": a.title,
             "enterprise.name": names.get(a.enterprise_id), "project.equipment_purchase_wan": a.amount_wan or 0}
            for a in ranked]
    budgets: dict[str | None, Decimal] = dict(_groups(session, found.id).items())
    options = AllocationOptions(budgets=budgets, scope=Scope(found.scope), mode=Mode(found.mode),
                                project_cap_wan=found.project_cap_wan, as_of=today)
    try:
        result = allocate(parse_projects(rows), options)
    except InputError as exc:
        raise refuse(409, f"无法分配：{exc}", "the allocation cannot run",
                     (f"{T} 第十条第（一）项",)) from None
    by_id = {a["project"]: a for a in result["allocations"]}
    for app in ranked:
        got = by_id[f"A{app.id}"]
        before, amount = app.state, Decimal(str(got["reward_wan"]))
        app.state = wf.State.allocated.value if got["funded"] and amount > 0 else wf.State.in_library.value
        app.allocated_wan = amount if app.state == wf.State.allocated else None
        app.updated_at = utcnow()
        _event(session, who, app, "allocate", before, list(move.clauses[wf.TECH]),
               {"reward_wan": str(amount), "funded": got["funded"], "reason": got.get("reason")}, ip)
    found.allocation = {**result, "barred": sorted(barred)}
    audit.record(session, who, "round.allocate", "fund_round", found.id, ip=ip,
                 detail={"clauses": list(move.clauses[wf.TECH]), "total_allocated_wan": result["total_allocated_wan"],
                         "applications": len(ranked), "barred": sorted(barred)})
    session.commit()
    return found.allocation


@router.post("/rounds/{round_id}/allocate", responses={**R404, 403: {}, 409: {}}, summary="按入库排序分配资金")
def post_allocate(round_id: RecordId, request: Request, who: UserDep, session: SessionDep,
                  body: Annotated[AllocateBody | None, Body()] = None) -> dict[str, Any]:
    return run_allocation(session, who, round_id, body.as_of if body else None, client_ip(request))


def export_bytes(session: Session, who: policy.Principal, round_id: int, kind: str) -> bytes:
    from huiqi.funds.export import export_allocation

    found = load_round(session, who, round_id)
    if who.role == "enterprise":
        raise NOT_FOUND
    if kind == "plan" and found.allocation is None:
        raise refuse(409, "尚未分配资金，没有资金项目计划", "no allocation yet", (f"{T} 第十五条",))
    data = round_summary.export_data(_rows(session, who, found), found.allocation)
    with tempfile.TemporaryDirectory(prefix="huiqi-round-") as tmp:
        path = Path(tmp) / f"{kind}.xlsx"
        export_allocation(data, kind, path)
        return path.read_bytes()


@router.get("/rounds/{round_id}/export/{kind}", responses=R404, response_class=Response,
            summary="入库项目汇总表 library · 公示名单 publicity · 资金项目计划 plan (.xlsx)")
def get_export(round_id: RecordId, kind: Literal["library", "publicity", "plan"], who: UserDep,
               session: SessionDep) -> Response:
    content = export_bytes(session, who, round_id, kind)
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="round-{round_id}-{kind}.xlsx"'})


def dashboard(session: Session, who: policy.Principal, round_id: int) -> dict[str, Any]:
    found = load_round(session, who, round_id)
    return {"round": round_json(session, found),
            **round_summary.dashboard(_rows(session, who, found), _groups(session, found.id), found.scope)}


@router.get("/rounds/{round_id}/dashboard", responses=R404, summary="轮次看板：按状态、分组、地市的数量与金额")
def get_dashboard(round_id: RecordId, who: UserDep, session: SessionDep) -> dict[str, Any]:
    return dashboard(session, who, round_id)

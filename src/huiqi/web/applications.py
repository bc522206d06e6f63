"""我的申报 ``/applications``: an enterprise applies to a fund round from the page — picks the round,
its enterprise and the project of its profile, then submits, withdraws or files its 绩效自评 as the
workflow allows. The work is done by :mod:`huiqi.service.routes.rounds` (same checks, same audit, the
eligibility recorded at submission); bureaus and the province work on ``/rounds``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.funds import workflow as wf
from huiqi.service import policy
from huiqi.service.deps import RecordId, SessionDep
from huiqi.service.models import Application, Enterprise
from huiqi.service.routes import rounds as api
from huiqi.web.base import Forbidden, User, render
from huiqi.web.projects import visible
from huiqi.web.rounds import message_of, posted_move, with_actions
from huiqi.web.session import CSRF_FIELD, check_csrf


def require_enterprise(who: User) -> policy.Principal:
    if who.role != "enterprise":
        raise Forbidden()
    return who


router = APIRouter(include_in_schema=False, dependencies=[Depends(require_enterprise)])


def _page(request: Request, who: policy.Principal, session: Session, error: str | None = None,
          code: int = 200) -> HTMLResponse:
    mine = visible(session, who)
    ids = [ent.id for ent, _ in mine]
    apps = []
    query = select(Application, Enterprise).join(Enterprise, Enterprise.id == Application.enterprise_id)
    for app, ent in session.execute(query.where(Application.enterprise_id.in_(ids)).order_by(Application.id)).all():
        apps.append(with_actions(session, who, app, ent))
    rounds = [api.round_json(session, r) for r in api.list_rounds(session, who)]
    projects = [{"enterprise_id": ent.id, "enterprise": ent.name, "id": str(p.get("id")),
                 "name": p.get("name") or p.get("id"), "kind": p.get("kind")}
                for ent, profile in mine for p in profile.get("projects") or [] if p.get("id")]
    return render(request, "applications.html", {"apps": apps, "rounds": rounds, "projects": projects,
                                                 "directions": wf.DIRECTIONS, "error": error}, code)


@router.get("/applications", response_class=HTMLResponse)
def applications_page(request: Request, who: User, session: SessionDep) -> HTMLResponse:
    return _page(request, who, session)


@router.post("/applications", response_class=HTMLResponse)
async def apply(request: Request, who: User, session: SessionDep) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    choice = str(form.get("project") or "")
    enterprise_id, _, project = choice.partition(":")
    try:
        round_id = int(str(form.get("round_id") or ""))
        body = api.ApplicationBody.model_validate({
            "enterprise_id": int(enterprise_id) if enterprise_id.isdigit() else 0, "project": project,
            "direction": form.get("direction") or None})
        created = api.create_application(round_id, body, request, who, session)
    except (ValueError, ValidationError):
        return _page(request, who, session, "请选择资金轮次和项目（标杆项目还需选择方向）。", 422)
    except HTTPException as exc:
        session.rollback()
        if exc.status_code == 404:
            raise
        return _page(request, who, session, message_of(exc), exc.status_code)
    return RedirectResponse(f"/applications#app-{created['id']}", status_code=303)


@router.post("/applications/{app_id}/{action}")
async def move(request: Request, app_id: RecordId, action: str, who: User, session: SessionDep) -> Response:
    refused = await posted_move(request, who, session, app_id, action)
    if refused is not None:
        return _page(request, who, session, message_of(refused), refused.status_code)
    return RedirectResponse(f"/applications#app-{app_id}", status_code=303)

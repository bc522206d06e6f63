"""免申即享 ``/matches`` (bureau and admin): start a match for a program and a date over one's jurisdiction,
follow its progress, then the counts by status and by city, the enterprises it notified, and the Excel
list. Every page is a thin view of :mod:`huiqi.service.routes.matches` (same roles, same 404s)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import policy
from huiqi.service.deps import SessionDep
from huiqi.service.models import MatchJob
from huiqi.service.routes import matches as api
from huiqi.web.base import Forbidden, User, render
from huiqi.web.fmt import STATUS_ZH
from huiqi.web.session import CSRF_FIELD, check_csrf

router = APIRouter(include_in_schema=False)
JOB_ZH = {"queued": "排队中", "running": "运行中", "done": "已完成", "failed": "失败"}


def _programs() -> dict[str, str]:
    from huiqi.engine import default_engine

    return {fid: family.title for fid, family in default_engine().families.items()}


def _guard(who: policy.Principal) -> None:
    if not api.can_match(who):
        raise Forbidden()


def _job(session: Session, who: policy.Principal, match_id: int) -> MatchJob:
    try:
        return api.load(session, who, match_id)
    except HTTPException:
        raise HTTPException(404) from None


def _page(request: Request, who: policy.Principal, session: Session, error: str | None = None,
          values: dict[str, str] | None = None) -> HTMLResponse:
    query = select(MatchJob).order_by(MatchJob.id.desc()).limit(50)
    if not who.is_admin:
        query = query.where(MatchJob.owner_id == who.id)
    return render(request, "matches.html", {
        "jobs": list(session.scalars(query)), "programs": _programs(), "job_zh": JOB_ZH, "error": error,
        "values": values or {}, "scope": who.jurisdiction_text or ("全省（管理员）" if who.is_admin else "")},
        422 if error else 200)


@router.get("/matches", response_class=HTMLResponse)
def matches(request: Request, who: User, session: SessionDep) -> HTMLResponse:
    _guard(who)
    return _page(request, who, session)


@router.post("/matches")
async def start(request: Request, who: User, session: SessionDep) -> Response:
    _guard(who)
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    values = {k: str(form.get(k) or "").strip() for k in ("program", "as_of")}
    try:
        day = dt.date.fromisoformat(values["as_of"]) if values["as_of"] else None
    except ValueError:
        return _page(request, who, session, "评估日期请按 年-月-日 填写。", values)
    if values["program"] not in _programs():
        return _page(request, who, session, "请选择一个政策项目。", values)
    job = api.start(request, session, who, api.MatchRequest(program=values["program"], as_of=day))
    return RedirectResponse(f"/matches/{job.id}", status_code=303)


@router.get("/matches/{match_id}/status.json")
def status(match_id: int, who: User, session: SessionDep) -> JSONResponse:
    job = _job(session, who, match_id)
    return JSONResponse({"status": job.status, "progress": job.progress, "error": job.error},
                        headers={"Cache-Control": "no-store"})


@router.get("/matches/{match_id}", response_class=HTMLResponse)
def detail(request: Request, match_id: int, who: User, session: SessionDep) -> HTMLResponse:
    job = _job(session, who, match_id)
    from huiqi.batch.labels import label_of

    told = [{"item": i, "missing": [label_of(api.section_path(m)) for m in i.missing]}
            for i in (api.items(session, job, notified_only=True) if job.status == "done" else [])]
    counts: dict[str, Any] = job.counts or {}
    return render(request, "match_detail.html", {
        "job": job, "title": _programs().get(job.program, job.program), "status_zh": STATUS_ZH, "job_zh": JOB_ZH,
        "statuses": [s for s in STATUS_ZH if s in counts] + [s for s in counts if s not in STATUS_ZH],
        "counts": counts, "by_city": job.by_city or {}, "told": told, "total": sum(counts.values())})


@router.get("/matches/{match_id}/notified.xlsx")
def export(match_id: int, who: User, session: SessionDep) -> Response:
    job = _job(session, who, match_id)
    data = api.workbook(job, api.items(session, job, notified_only=True))
    return Response(data, media_type=api.XLSX,
                    headers={"Content-Disposition": f'attachment; filename="match-{job.id}-notified.xlsx"'})

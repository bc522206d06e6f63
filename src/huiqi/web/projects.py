"""项目台账 ``/projects``: the projects of the enterprises a user may see (the service's policy), each
with its procedural state and next deadline (:func:`huiqi.procedures.build_timeline`), overdue ones
highlighted; a month calendar of deadlines; the ICS file; an Excel import of a project list."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.errors import InputError
from huiqi.service import policy
from huiqi.service.deps import SessionDep
from huiqi.service.models import Enterprise, ProfileVersion
from huiqi.web.base import User, render
from huiqi.web.session import CSRF_FIELD, check_csrf

router = APIRouter(include_in_schema=False)
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass
class Row:
    enterprise: Enterprise
    project: dict[str, Any]
    state: str = "—"
    next_due: dt.date | None = None
    next_label: str = ""
    overdue: list[str] = field(default_factory=list)
    problem: str = ""
    timeline: Any = None


def visible(session: Session, who: policy.Principal) -> list[tuple[Enterprise, dict[str, Any]]]:
    """The enterprises the user may see, with their current profile."""
    query = policy.visible_enterprises(who, select(Enterprise).order_by(Enterprise.id))
    out = []
    for ent in session.scalars(query):
        if not policy.can_see_enterprise(who, ent):
            continue
        version = session.scalars(select(ProfileVersion).where(
            ProfileVersion.enterprise_id == ent.id, ProfileVersion.version == ent.version)).first()
        out.append((ent, version.profile if version else {}))
    return out


def rows(session: Session, who: policy.Principal, today: dt.date) -> list[Row]:
    from huiqi.procedures import build_timeline
    from huiqi.procedures.model import STATE_NAMES

    out = []
    for ent, profile in visible(session, who):
        for i, project in enumerate(profile.get("projects") or []):
            row = Row(ent, project)
            if project.get("management") in ("filing", "approval"):
                try:
                    tl = build_timeline(project, today, prefix=f"projects[{i}].")
                except InputError as exc:
                    row.problem = "；".join(e.message for e in exc.errors)
                else:
                    row.timeline = tl
                    row.state = STATE_NAMES.get(tl.state, tl.state)
                    upcoming = sorted(tl.deadlines, key=lambda d: d.due.date)
                    if upcoming:
                        row.next_due, row.next_label = upcoming[0].due.date, upcoming[0].spec.label
                    row.overdue = [w.message for w in tl.warnings if "missed" in w.id or "逾期" in w.message
                                   or "已过" in w.message or "错过" in w.message]
            else:
                row.problem = "未填写管理方式（备案/核准），无办理时限"
            out.append(row)
    return out


def _month(raw: str | None, today: dt.date) -> dt.date:
    """The month asked for (``2026-11``); today's for a bad one, or for the calendar's first and last months,
    which have no month before or after to link to."""
    try:
        first = dt.date.fromisoformat(f"{raw}-01") if raw else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)
    if (first.year, first.month) in ((dt.MINYEAR, 1), (dt.MAXYEAR, 12)):
        return today.replace(day=1)
    return first


@router.get("/projects", response_class=HTMLResponse)
def projects(request: Request, who: User, session: SessionDep, month: str | None = None,
             imported: int = 0) -> HTMLResponse:
    today = dt.date.today()
    found = rows(session, who, today)
    first = _month(month, today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    for row in found:
        for d in (row.timeline.deadlines if row.timeline else []):
            by_day.setdefault(d.due.date, []).append({"label": d.spec.label, "project": row.project.get("name")
                                                     or row.project.get("id"), "enterprise": row.enterprise.name})
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    can_import = [(e, p) for e, p in visible(session, who) if policy.can_change_enterprise(who, e)]
    return render(request, "projects.html", {
        "rows": found, "weeks": weeks, "month": first, "by_day": by_day, "prev": prev_month, "next": next_month,
        "importable": can_import, "imported": imported, "error": request.query_params.get("error"),
    })


@router.get("/projects/deadlines.ics")
def ics(who: User, session: SessionDep) -> Response:
    from huiqi.procedures.render import to_ics

    timelines = [r.timeline for r in rows(session, who, dt.date.today()) if r.timeline is not None]
    return Response(to_ics(timelines), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="huiqi-deadlines.ics"'})


def read_projects(data: bytes) -> list[dict[str, Any]]:
    """Projects from an .xlsx list: one row each, headers as §5 paths or their Chinese labels."""
    from openpyxl import load_workbook

    from huiqi.batch.labels import path_of_header
    from huiqi.batch.xlsx import cell_text

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise InputError("无法读取该 Excel 文件，请上传 .xlsx 文件", "file") from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None) or ()
    paths = [path_of_header(str(h)) if h is not None else None for h in header]
    if not any(p and p.startswith("project.") for p in paths):
        raise InputError("表头中没有项目字段（如“项目编号”“项目名称”“设备购置总额(万元)”）", "file")
    out: list[dict[str, Any]] = []
    for line in lines:
        project: dict[str, Any] = {}
        for path, cell in zip(paths, line, strict=False):
            text = cell_text(cell)
            if not path or not path.startswith("project.") or text in (None, ""):
                continue
            project[path.split(".", 1)[1]] = _cell_value(path, text)
        if project:
            project.setdefault("id", f"x{len(out) + 1}")
            out.append(project)
    return out


def _cell_value(path: str, text: str) -> Any:
    from huiqi.batch.fields import field_spec
    from huiqi.batch.labels import CHOICE_LABELS

    kind = field_spec(path).kind
    if kind == "bool":
        return {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False}.get(text.lower(), text)
    if kind == "int":
        try:
            return int(float(text))
        except ValueError:
            return text
    words = {w: c for c, w in CHOICE_LABELS.get(path, {}).items()}
    return words.get(text, text)


@router.post("/projects/import")
async def import_projects(request: Request, who: User, session: SessionDep) -> Response:
    from huiqi.service.routes import enterprises
    from huiqi.service.schemas import EnterpriseBody

    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    upload = form.get("file")
    try:
        ent_id = int(str(form.get("enterprise_id") or "0"))
        if upload is None or isinstance(upload, str):
            raise InputError("请选择要导入的 .xlsx 文件", "file")
        data = await upload.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise InputError("文件过大（上限 5 MB）", "file")
        new = read_projects(data)
        current = next((p for e, p in visible(session, who) if e.id == ent_id), None)
        enterprise = session.get(Enterprise, ent_id)
        if current is None or enterprise is None or not policy.can_change_enterprise(who, enterprise):
            raise InputError("请选择一个可以修改的企业", "enterprise_id")
        known = {str(p.get("id")) for p in current.get("projects") or []}
        merged = [*(current.get("projects") or []), *[p for p in new if str(p["id"]) not in known]]
        body = EnterpriseBody(enterprise=current.get("enterprise") or {}, projects=merged)
        enterprises.put(ent_id, body, request, who, session)
    except InputError as exc:
        from urllib.parse import quote

        message = "；".join(f"{e.path}：{e.message}" if e.path not in ("file", "enterprise_id") else e.message
                           for e in exc.errors)
        return RedirectResponse("/projects?error=" + quote(message[:500]), status_code=303)
    return RedirectResponse(f"/projects?imported={len(new)}", status_code=303)

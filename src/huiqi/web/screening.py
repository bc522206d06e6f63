"""批量筛查 ``/screen``: the template, an upload that becomes one of the service's screening jobs, a
progress bar while it runs, then the per program × city summary (table and inline SVG bars) and the
coloured Excel result."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import policy
from huiqi.service.deps import SessionDep, StateDep
from huiqi.service.errors import CoreUnavailable
from huiqi.service.models import ScreeningJob
from huiqi.web.base import User, render
from huiqi.web.fmt import STATUS_ZH
from huiqi.web.session import CSRF_FIELD, check_csrf

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job(session: Session, who: policy.Principal, job_id: int) -> ScreeningJob:
    job = session.get(ScreeningJob, job_id)
    if job is None or not policy.can_see_job(who, job):
        raise HTTPException(404)
    return job


@router.get("/screen", response_class=HTMLResponse)
def screen(request: Request, who: User, session: SessionDep, error: str | None = None) -> HTMLResponse:
    query = select(ScreeningJob).order_by(ScreeningJob.id.desc()).limit(20)
    if not who.is_admin:
        query = query.where(ScreeningJob.owner_id == who.id)
    return render(request, "screen.html", {"jobs": list(session.scalars(query)), "error": error})


@router.get("/screen/template.xlsx")
def template(who: User) -> Response:
    from huiqi.batch.template import write_template

    with tempfile.TemporaryDirectory(prefix="huiqi-tpl-") as tmp:
        path = Path(tmp) / "template.xlsx"
        write_template(path, dt.date.today())
        data = path.read_bytes()
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": "attachment; filename=\"huiqi-template.xlsx\"; "
                             "filename*=UTF-8''%E6%89%B9%E9%87%8F%E7%AD%9B%E6%9F%A5%E6%A8%A1%E6%9D%BF.xlsx"})


@router.post("/screen")
async def submit(request: Request, who: User, state: StateDep, session: SessionDep) -> Response:
    from huiqi.service.routes import screenings

    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    upload = form.get("file")
    raw_day = str(form.get("as_of") or "").strip()
    try:
        day = dt.date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        return screen(request, who, session, "评估日期请按 YYYY-MM-DD 填写。")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return screen(request, who, session, "请选择要筛查的文件（.xlsx、.csv 或 .parquet）。")
    try:
        created = screenings.submit(request, state, session, who, upload, day)  # type: ignore[arg-type]
    except HTTPException as exc:
        return screen(request, who, session, str(exc.detail).split(" ")[0])
    except CoreUnavailable:
        return screen(request, who, session, "批量筛查功能暂不可用。")
    return RedirectResponse(f"/screen/{created['id']}", status_code=303)


@router.get("/screen/{job_id}/status.json")
def status(job_id: int, who: User, session: SessionDep) -> JSONResponse:
    job = _job(session, who, job_id)
    return JSONResponse({"status": job.status, "progress": job.progress, "error": job.error},
                        headers={"Cache-Control": "no-store"})


@router.get("/screen/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: int, who: User, session: SessionDep) -> HTMLResponse:
    job = _job(session, who, job_id)
    table = summarize(job) if job.status == "done" else None
    return render(request, "screen_job.html", {"job": job, "table": table, "status_zh": STATUS_ZH,
                                               "charts": charts(table) if table else None})


@router.get("/screen/{job_id}/result.xlsx")
def result(job_id: int, who: User, session: SessionDep) -> Response:

    job = _job(session, who, job_id)
    if job.status != "done" or job.result_data is None:
        raise HTTPException(404)
    return Response(clerk_workbook(job), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="screening-{job.id}.xlsx"'})


def clerk_workbook(job: ScreeningJob) -> bytes:
    """The coloured workbook of ``huiqi screen`` (names and Chinese statuses first, summaries, chart,
    print setup), built from the stored result; the API's ``?format=xlsx`` keeps the §5 columns."""
    import polars as pl

    from huiqi.batch.workbook import result_workbook

    summary = job.summary or {}
    day = dt.date.fromisoformat(summary["as_of"]) if summary.get("as_of") else job.as_of or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="huiqi-result-") as tmp:
        path = Path(tmp) / "result.xlsx"
        result_workbook(pl.read_parquet(io.BytesIO(job.result_data or b"")), path, day, summary.get("warnings"))
        return path.read_bytes()


def summarize(job: ScreeningJob) -> dict[str, Any]:
    """Per program × city: rows by status and the sum of reward bounds (万元), from the result file."""
    import polars as pl

    from huiqi.batch.labels import path_of_header
    from huiqi.engine import default_engine
    from huiqi.geo import normalize_city

    frame = pl.read_parquet(io.BytesIO(job.result_data or b""))
    programs = list((job.summary or {}).get("programs") or [])
    if not programs:
        programs = [c[: -len(".status")] for c in frame.columns if c.endswith(".status")]
    titles = {fid: f.title for fid, f in default_engine().families.items()}
    # results stored before headers were normalised on reading kept the alias (所在市)
    column = next((c for c in frame.columns if path_of_header(c) == "enterprise.city"), None)
    cities = frame[column].cast(pl.String).to_list() if column else []
    cities = [(normalize_city(c) or c) if c else "（未填）" for c in cities] or ["（未填）"] * frame.height
    out: list[dict[str, Any]] = []
    for pid in programs:
        if f"{pid}.status" not in frame.columns:
            continue
        statuses = frame[f"{pid}.status"].cast(pl.String).to_list()
        rewards = frame[f"{pid}.reward_max_wan"].cast(pl.String).to_list() \
            if f"{pid}.reward_max_wan" in frame.columns else [None] * frame.height
        groups: dict[str, dict[str, Any]] = {}
        for city, st, reward in zip(cities, statuses, rewards, strict=True):
            g = groups.setdefault(city, {"city": city, "counts": {}, "reward": Decimal(0)})
            g["counts"][st or "error"] = g["counts"].get(st or "error", 0) + 1
            if reward not in (None, ""):
                g["reward"] += Decimal(str(reward))
        for g in sorted(groups.values(), key=lambda x: x["city"]):
            out.append({"program": pid, "title": titles.get(pid, pid), **g})
    return {"rows": out, "statuses": ["eligible", "undetermined", "ineligible", "not_applicable",
                                      "not_in_force", "error"], "total": frame.height}


def charts(table: dict[str, Any]) -> dict[str, Any]:
    """Bars of reward totals by program and by city (widths in percent of the largest)."""
    by_program: dict[str, Decimal] = {}
    by_city: dict[str, Decimal] = {}
    for row in table["rows"]:
        by_program[row["title"]] = by_program.get(row["title"], Decimal(0)) + row["reward"]
        by_city[row["city"]] = by_city.get(row["city"], Decimal(0)) + row["reward"]

    def bars(data: dict[str, Decimal]) -> list[dict[str, Any]]:
        top = max(data.values(), default=Decimal(0)) or Decimal(1)
        items = sorted(((k, v) for k, v in data.items() if v > 0), key=lambda kv: kv[1], reverse=True)
        return [{"label": k, "short": k if len(k) <= 13 else k[:12] + "…", "value": v,
                 "width": float(v / top * 100)} for k, v in items]

    return {"program": bars(by_program), "city": bars(by_city)}

"""免申即享 matches (contract §11): a bureau or admin starts one; it runs as a job; its counts, the
enterprises it assessed and the Excel list of those it notified are its starter's (and admins')."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import audit, matching, policy
from huiqi.service.deps import NOT_FOUND, R404, RecordId, SessionDep, UserDep, client_ip
from huiqi.service.models import MatchItem, MatchJob

router = APIRouter(prefix="/api/v1/matches", tags=["matches"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MatchRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"program": "tech-upgrade-equipment-reward", "as_of": "2023-06-01"}]})

    program: str = Field(min_length=1, max_length=100, description="项目 id（合同 §2）")
    as_of: dt.date | None = Field(default=None, description="评估日期；默认今天")


class MatchOut(BaseModel):
    id: int
    program: str
    as_of: dt.date
    jurisdiction: str | None
    status: Literal["queued", "running", "done", "failed"]
    progress: float = Field(ge=0, le=1)
    counts: dict[str, int]
    by_city: dict[str, dict[str, int]]
    notified: int
    rules_version: str | None = None
    error: str | None = None
    created_at: dt.datetime
    finished_at: dt.datetime | None = None


def can_match(who: policy.Principal) -> bool:
    return who.role in ("bureau", "admin")


def can_see_match(who: policy.Principal, job: MatchJob) -> bool:
    return who.is_admin or job.owner_id == who.id


def match_out(job: MatchJob) -> MatchOut:
    return MatchOut(id=job.id, program=job.program, as_of=job.as_of, jurisdiction=job.jurisdiction,
                    status=job.status, progress=job.progress,  # type: ignore[arg-type]
                    counts=job.counts or {s: 0 for s in matching.STATUSES}, by_city=job.by_city or {},
                    notified=job.notified, rules_version=job.rules_version, error=job.error,
                    created_at=job.created_at, finished_at=job.finished_at)


def start(request: Request, session: Session, who: policy.Principal, body: MatchRequest) -> MatchJob:
    """Queue a match (the API's and the page's), audited; wakes the in-process runner."""
    if not can_match(who):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "只有主管部门可以发起匹配 only a bureau or admin starts matches")
    if not matching.known_program(body.program):
        raise HTTPException(422, [
            {"loc": ["body", "program"], "msg": f"{body.program!r} is not a program id", "type": "value_error"}])
    job = MatchJob(owner_id=who.id, program=body.program, as_of=body.as_of or dt.date.today(),
                   jurisdiction=who.jurisdiction_text if who.role == "bureau" else None, status="queued",
                   progress=0.0, notified=0)
    session.add(job)
    session.flush()
    audit.record(session, who, "start", "match", job.id, ip=client_ip(request),
                 detail={"program": job.program, "as_of": job.as_of.isoformat(), "jurisdiction": job.jurisdiction})
    session.commit()
    runner = getattr(request.app.state, "runner", None)
    if runner is not None:
        runner.wake.set()
    return job


@router.post("", status_code=status.HTTP_202_ACCEPTED, summary="发起免申即享匹配 start a match (contract §11)",
             responses={403: {"description": "企业用户不能发起 enterprises cannot start matches"}})
def create(body: MatchRequest, request: Request, who: UserDep, session: SessionDep) -> dict[str, Any]:
    job = start(request, session, who, body)
    return {"id": job.id, "status": job.status}


@router.get("", summary="我发起的匹配 my matches")
def list_matches(who: UserDep, session: SessionDep) -> dict[str, list[MatchOut]]:
    query = select(MatchJob).order_by(MatchJob.id.desc()).limit(200)
    if not who.is_admin:
        query = query.where(MatchJob.owner_id == who.id)
    return {"items": [match_out(j) for j in session.scalars(query)]}


def load(session: Session, who: policy.Principal, match_id: int) -> MatchJob:
    job = session.get(MatchJob, match_id)
    if job is None or not can_see_match(who, job):
        raise NOT_FOUND
    return job


@router.get("/{match_id}", response_model=MatchOut, responses=R404, summary="匹配进度与计数 progress and counts")
def get(match_id: RecordId, who: UserDep, session: SessionDep) -> MatchOut:
    return match_out(load(session, who, match_id))


def items(session: Session, job: MatchJob, notified_only: bool = False) -> list[MatchItem]:
    query = select(MatchItem).where(MatchItem.match_id == job.id).order_by(MatchItem.id)
    if notified_only:
        query = query.where(MatchItem.notified.is_(True))
    return list(session.scalars(query))


def item_json(item: MatchItem) -> dict[str, Any]:
    return {"enterprise_id": item.enterprise_id, "name": item.name, "city": item.city, "county": item.county,
            "profile_version": item.profile_version, "status": item.status,
            "max_wan": None if item.max_wan is None else float(item.max_wan), "missing": item.missing,
            "notified": item.notified}


@router.get("/{match_id}/enterprises", responses={**R404, 200: {"content": {XLSX: {}}}},
            summary="已评估的企业 the enterprises assessed (?notified=true: those notified; ?format=xlsx: Excel)")
def enterprises(
    match_id: RecordId, who: UserDep, session: SessionDep,
    notified: Annotated[bool, Query(description="只列本次已通知的企业 only those this match notified")] = False,
    format: Annotated[Literal["json", "xlsx"], Query()] = "json",
) -> Any:
    job = load(session, who, match_id)
    found = items(session, job, notified)
    if format == "xlsx":
        return Response(workbook(job, found), media_type=XLSX, headers={
            "Content-Disposition": f'attachment; filename="match-{job.id}.xlsx"'})
    return {"items": [item_json(i) for i in found]}


HEADERS = ["企业名称", "企业编号", "地级市", "县区/镇街", "结论", "奖补上限(万元)", "需补充的信息", "已通知",
           "画像版本"]


def workbook(job: MatchJob, rows: list[MatchItem]) -> bytes:
    """The clerk's list: one row per enterprise, Chinese headers and verdicts, money as numbers in 万元;
    text stays text (a name that starts with ``=`` is never a formula)."""
    import xlsxwriter

    from huiqi.batch.labels import label_of
    from huiqi.web.fmt import STATUS_ZH

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    sheet = book.add_worksheet("匹配结果")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet.write(0, 0, f"{job.program} · 评估日期 {job.as_of.isoformat()} · 辖区 {job.jurisdiction or '全省'}")
    sheet.write_row(1, 0, HEADERS, bold)
    for r, item in enumerate(rows, start=2):
        missing = "、".join(label_of(section_path(m)) for m in item.missing)
        sheet.write_row(r, 0, [item.name or "", item.enterprise_id, item.city or "", item.county or "",
                               STATUS_ZH.get(item.status, item.status)])
        if item.max_wan is not None:
            sheet.write_number(r, 5, float(item.max_wan), money)
        sheet.write_row(r, 6, [missing, "是" if item.notified else "否", item.profile_version])
    for column, width in enumerate((32, 10, 10, 14, 16, 16, 40, 8, 10)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(2, 0)
    book.close()
    return out.getvalue()


def section_path(path: str) -> str:
    """``projects[0].x`` → ``project.x``: the labels are keyed by §5's paths."""
    import re

    return re.sub(r"^projects\[\d+\]\.", "project.", path)

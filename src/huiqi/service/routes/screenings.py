"""Screening jobs: upload a batch file, follow its progress, download the result (login required)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import Response
from sqlalchemy import select

from huiqi.service import audit, core, policy, uploads
from huiqi.service.deps import NOT_FOUND, R404, RecordId, SessionDep, StateDep, UserDep, client_ip
from huiqi.service.models import ScreeningJob
from huiqi.service.schemas import JobOut

router = APIRouter(prefix="/api/v1/screenings", tags=["screenings"])


def _out(job: ScreeningJob) -> JobOut:
    return JobOut(
        id=job.id,
        status=job.status,  # type: ignore[arg-type]
        progress=job.progress,
        filename=job.filename,
        as_of=job.as_of,
        rows=job.rows,
        error=job.error,
        summary=job.summary,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        result_formats=list(uploads.MEDIA_TYPES) if job.status == "done" else [],
    )


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="上传筛查文件 upload a file to screen (contract §5)",
    responses={413: {"description": "文件过大 too large"}, 415: {"description": "文件类型不支持 wrong type"}},
)
def submit(
    request: Request,
    state: StateDep,
    session: SessionDep,
    who: UserDep,
    file: Annotated[UploadFile, File(description=".csv, .xlsx or .parquet, columns as in contract §5")],
    as_of: Annotated[dt.date | None, Form(description="评估日期 YYYY-MM-DD")] = None,
) -> dict[str, object]:
    if state.screener is None:
        core.default_screener()  # 503 now, rather than a job that can only fail
    upload = uploads.read_upload(file, state.settings.max_upload_bytes, state.settings.max_upload_rows)
    job = ScreeningJob(owner_id=who.id, status="queued", progress=0.0, as_of=as_of, filename=upload.filename,
                       input_format=upload.format, input_data=upload.data, rows=upload.rows)
    session.add(job)
    session.flush()
    audit.record(session, who, "submit", "screening", job.id, ip=client_ip(request),
                 detail={"filename": upload.filename, "rows": upload.rows, "bytes": len(upload.data)})
    session.commit()
    runner = getattr(request.app.state, "runner", None)
    if runner is not None:
        runner.wake.set()
    return {"id": job.id, "status": job.status}


@router.get("", summary="我的筛查任务 my screening jobs")
def list_jobs(who: UserDep, session: SessionDep) -> dict[str, list[JobOut]]:
    query = select(ScreeningJob).order_by(ScreeningJob.id.desc()).limit(200)
    if not who.is_admin:
        query = query.where(ScreeningJob.owner_id == who.id)
    return {"items": [_out(j) for j in session.scalars(query)]}


def _load(session: SessionDep, who: policy.Principal, job_id: int) -> ScreeningJob:
    job = session.get(ScreeningJob, job_id)
    if job is None or not policy.can_see_job(who, job):
        raise NOT_FOUND
    return job


@router.get("/{job_id}", response_model=JobOut, responses=R404, summary="任务状态 job status")
def get(job_id: RecordId, who: UserDep, session: SessionDep) -> JobOut:
    return _out(_load(session, who, job_id))


@router.get(
    "/{job_id}/result",
    responses={**R404, 409: {"description": "任务尚未完成 not done yet"},
               200: {"content": {t: {} for t in uploads.MEDIA_TYPES.values()}}},
    response_class=Response,
    summary="下载结果 download the result",
)
def result(
    job_id: RecordId,
    who: UserDep,
    session: SessionDep,
    format: Annotated[Literal["xlsx", "csv", "parquet"], Query()] = "xlsx",
) -> Response:
    job = _load(session, who, job_id)
    if job.status != "done" or job.result_data is None:
        raise HTTPException(status.HTTP_409_CONFLICT, f"任务状态为 {job.status}，尚无结果 the job is {job.status}")
    stem = job.filename.rsplit(".", 1)[0] or "screening"
    name = f"{stem}-result.{format}"
    return Response(
        uploads.render(job.result_data, format),
        media_type=uploads.MEDIA_TYPES[format],
        headers={"Content-Disposition": f"attachment; filename=\"screening-{job.id}.{format}\"; "
                 f"filename*=UTF-8''{_quote(name)}"},
    )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)

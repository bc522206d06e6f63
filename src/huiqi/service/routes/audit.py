"""The audit log, read-only over the API (there is no route that changes or removes an entry)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from huiqi.service import policy
from huiqi.service.audit import entry_json
from huiqi.service.deps import MAX_ID, SessionDep, UserDep
from huiqi.service.models import AuditEntry
from huiqi.service.schemas import ListOf

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.get("/audit", response_model=ListOf, summary="审计日志 who did what, when, to which record")
def audit_log(
    who: UserDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID, description="entries with a smaller id (paging)")] = None,
) -> ListOf:
    query = policy.visible_audit(who, select(AuditEntry)).order_by(AuditEntry.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return ListOf(items=[entry_json(e) for e in session.scalars(query)])

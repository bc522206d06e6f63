"""An enterprise owner's notices (contract §11): what matches and deadline reminders told the caller.

Every user reads only the notices addressed to them; anyone else's answers 404 as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import audit, policy
from huiqi.service.db import utcnow
from huiqi.service.deps import NOT_FOUND, R404, RecordId, SessionDep, UserDep, client_ip
from huiqi.service.models import Notice
from huiqi.service.notices import notice_json

router = APIRouter(prefix="/api/v1/notices", tags=["notices"])


def mine(session: Session, who: policy.Principal, limit: int = 500) -> list[Notice]:
    query = select(Notice).where(Notice.user_id == who.id).order_by(Notice.id.desc()).limit(limit)
    return list(session.scalars(query))


@router.get("", summary="我的通知 my notices (contract §11)")
def list_notices(who: UserDep, session: SessionDep) -> dict[str, list[dict[str, Any]]]:
    return {"items": [notice_json(n) for n in mine(session, who)]}


def mark_read(request: Request, session: Session, who: policy.Principal, notice_id: int) -> Notice:
    notice = session.get(Notice, notice_id)
    if notice is None or notice.user_id != who.id:
        raise NOT_FOUND
    if notice.read_at is None:
        notice.read_at = utcnow()
        audit.record(session, who, "read", "notice", notice.id, enterprise_id=notice.enterprise_id,
                     ip=client_ip(request))
        session.commit()
    return notice


@router.post("/{notice_id}/read", responses=R404, summary="标为已读 mark as read")
def read(notice_id: RecordId, request: Request, who: UserDep, session: SessionDep) -> dict[str, Any]:
    return notice_json(mark_read(request, session, who, notice_id))

"""Writing the audit log: every write the API performs records who, what, when and which record."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from huiqi.service.models import AuditEntry
from huiqi.service.policy import Principal


def record(
    session: Session,
    who: Principal | None,
    action: str,
    target_type: str,
    target_id: object = None,
    *,
    enterprise_id: int | None = None,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """Add an entry to the caller's transaction: it commits (or rolls back) with the write itself."""
    session.add(
        AuditEntry(
            actor_id=who.id if who else None,
            actor=actor or (who.username if who else "-"),
            action=action,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            enterprise_id=enterprise_id,
            ip=ip,
            detail=detail,
        )
    )


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "actor_id": entry.actor_id,
        "action": entry.action,
        "target": {"type": entry.target_type, "id": entry.target_id},
        "enterprise_id": entry.enterprise_id,
        "ip": entry.ip,
        "detail": entry.detail,
    }

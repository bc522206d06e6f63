"""Who may see and change what — the one place where authorization is decided (contract §7).

* ``enterprise`` users see and change the enterprises they created;
* ``bureau`` users see, read-only, the enterprises whose city (and county, where the jurisdiction names
  one) lies in their jurisdiction (:meth:`huiqi.geo.Jurisdiction.contains`);
* ``admin`` users see and change everything.

Whatever a caller may not see is reported exactly as a missing record (404); a record it may see but
not change answers 403. Screening jobs belong to the user who uploaded them (and admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, false

from huiqi.service.models import AuditEntry, Enterprise, ScreeningJob

if TYPE_CHECKING:
    from huiqi.geo import Jurisdiction


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    id: int
    username: str
    role: str
    jurisdiction_text: str | None = None

    @cached_property
    def jurisdiction(self) -> Jurisdiction | None:
        if self.role != "bureau":
            return None
        from huiqi.geo import Jurisdiction

        return Jurisdiction.parse(self.jurisdiction_text or "广东省")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def can_see_enterprise(who: Principal, enterprise: Enterprise) -> bool:
    if who.is_admin or enterprise.owner_id == who.id:
        return True
    if who.role == "bureau" and who.jurisdiction is not None:
        return who.jurisdiction.contains(enterprise.city, enterprise.county)
    return False


def can_change_enterprise(who: Principal, enterprise: Enterprise) -> bool:
    return who.is_admin or (who.role == "enterprise" and enterprise.owner_id == who.id)


def can_create_enterprise(who: Principal) -> bool:
    return who.role in ("enterprise", "admin")


def visible_enterprises(who: Principal, query: Select[Any]) -> Select[Any]:
    """Narrow a query on :class:`Enterprise` in SQL; callers still apply :func:`can_see_enterprise`
    (the exact rule) to the rows, so the SQL only has to be a superset."""
    if who.is_admin:
        return query
    if who.role == "enterprise":
        return query.where(Enterprise.owner_id == who.id)
    if who.role == "bureau" and who.jurisdiction is not None:
        if who.jurisdiction.city is None:
            return query
        return query.where(Enterprise.city == who.jurisdiction.city)
    return query.where(false())


def can_see_job(who: Principal, job: ScreeningJob) -> bool:
    return who.is_admin or job.owner_id == who.id


def visible_audit(who: Principal, query: Select[Any]) -> Select[Any]:
    """Admins read the whole log; everyone else reads what they did themselves."""
    if who.is_admin:
        return query
    return query.where(AuditEntry.actor_id == who.id)

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
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, false

from huiqi.service.models import AuditEntry, Enterprise, ScreeningJob

if TYPE_CHECKING:
    from huiqi.funds.workflow import Party
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


SelectT = TypeVar("SelectT", bound=Select)


# --- fund rounds (issue 10): who acts for the province, for a city, for an enterprise -----------------


def is_province(who: Principal) -> bool:
    """A bureau user of 广东省 (省工业和信息化厅): its jurisdiction names no city."""
    return who.role == "bureau" and who.jurisdiction is not None and who.jurisdiction.city is None


def party_for(who: Principal, enterprise: Enterprise) -> Party:
    """The part the caller plays for an enterprise's application (:mod:`huiqi.funds.workflow`).

    The city's moves belong to the bureau of the enterprise's city itself (地级以上市工业和信息化局), not
    to a county bureau; the province's to 广东省 bureau users; admins see everything but act for no one."""
    from huiqi.funds.workflow import Party

    if who.role == "enterprise" and enterprise.owner_id == who.id:
        return Party.owner
    if is_province(who):
        return Party.province
    j = who.jurisdiction
    if who.role == "bureau" and j is not None and j.county is None and j.city == enterprise.city:
        return Party.city
    return Party.other


def can_manage_rounds(who: Principal) -> bool:
    """The province creates, changes and allocates rounds (粤工信规字〔2021〕5号 第十二条第（一）项、第十四条)."""
    return is_province(who)


def can_see_round(who: Principal, groups: list[str]) -> bool:
    """Everyone sees a round's notice (第十九条第（二）项 申报通知 is public) except a city or county bureau,
    which sees the rounds that budget its city or its region."""
    if who.role != "bureau" or is_province(who):
        return True
    if who.jurisdiction is None or who.jurisdiction.city is None:
        return False
    return who.jurisdiction.city in groups or round_region_label(who.jurisdiction.city) in groups


def round_region_label(city: str) -> str | None:
    import datetime as dt

    from huiqi.funds.policy import REGION_LABELS, fund_rules

    key = fund_rules(dt.date.today()).region_of(city)
    return REGION_LABELS[key] if key else None


def can_see_application(who: Principal, enterprise: Enterprise, state: str) -> bool:
    """The enterprise's owner (drafts included), admins, and bureaus that see the enterprise once the
    application is submitted."""
    if who.is_admin or (who.role == "enterprise" and enterprise.owner_id == who.id):
        return True
    return who.role == "bureau" and state != "draft" and can_see_enterprise(who, enterprise)


def visible_applications(who: Principal, query: SelectT) -> SelectT:
    """Narrow a query that joins :class:`Application` to :class:`Enterprise` (a superset of
    :func:`can_see_application`, which callers still apply)."""
    from huiqi.service.models import Application

    if who.is_admin:
        return query
    if who.role == "enterprise":
        return query.where(Enterprise.owner_id == who.id)
    if who.role == "bureau" and who.jurisdiction is not None:
        query = query.where(Application.state != "draft")
        if who.jurisdiction.city is None:
            return query
        return query.where(Enterprise.city == who.jurisdiction.city)
    return query.where(false())


def can_set_ban(who: Principal, enterprise: Enterprise) -> bool:
    """Bans (32号 五、（四）) are set by a bureau that sees the enterprise."""
    return who.role == "bureau" and can_see_enterprise(who, enterprise)

"""The tables. Migrations in ``migrations/versions`` create exactly these (a test compares them).

* ``users`` — accounts; ``role`` enterprise|bureau|admin, ``jurisdiction`` for bureau users.
* ``login_attempts`` — every login attempt, for rate limiting across processes.
* ``enterprises`` — one row per enterprise; ``city``/``county`` are the canonical location of the
  current profile (for the bureau's jurisdiction check), ``version`` the current profile version.
* ``profile_versions`` — every version of an enterprise's §1 profile (projects included); a PUT adds one.
* ``assessments`` — a §2 result with the profile version, ``as_of`` and rules version that made it.
* ``screening_jobs`` — uploaded batch files, their state, progress and result.
* ``audit_log`` — who did what, when, to which record; rows are never updated or deleted.
* ``service_secrets`` — generated keys shared by every process using the database.
* ``fund_rounds`` — one yearly round of a fund program: the notice, its dates, the per-project cap, the last
  allocation run; ``round_budgets`` — its budget per group (a city or a region).
* ``applications`` — an enterprise's application in a round and where it stands
  (:mod:`huiqi.funds.workflow`); ``application_events`` — every move made on it, with the clauses.
* ``funding_bans`` — 32号 五、（四）: an enterprise that did not cooperate, its deadline and rectification.
* ``match_jobs`` — 免申即享 (contract §11): one program on one date over a bureau's jurisdiction, run by the
  job runner like a screening; ``match_items`` — each enterprise it assessed, its status and whether it
  was notified by this match.
* ``notices`` — what the owner of an enterprise is told (a match's verdict, a coming statutory deadline);
  ``key`` makes each notice happen once per user.
* ``mail_outbox`` — e-mails of notices, sent by the runner with retries; a row is sent once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from huiqi.service.db import Base, JSONType, UTCDateTime, utcnow

ROLES = ("enterprise", "bureau", "admin")
JOB_STATES = ("queued", "running", "done", "failed")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    jurisdiction: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    email: Mapped[str | None] = mapped_column(String(254))


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key", "username", "ip", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    success: Mapped[bool] = mapped_column(default=False)


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(50), index=True)
    county: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProfileVersion(Base):
    __tablename__ = "profile_versions"
    __table_args__ = (UniqueConstraint("enterprise_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    profile: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    profile_version: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[dt.date] = mapped_column(Date)
    rules_version: Mapped[str] = mapped_column(String(100))
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobColumns:
    """The columns of a job the worker runs (:mod:`huiqi.service.jobs`): its state, who holds it,
    the heartbeat and the times; shared by screenings and matches."""

    status: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ScreeningJob(JobColumns, Base):
    __tablename__ = "screening_jobs"
    __table_args__ = (Index("ix_screening_jobs_status", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(300))
    input_format: Mapped[str] = mapped_column(String(10))
    input_data: Mapped[bytes] = mapped_column(LargeBinary)
    rows: Mapped[int | None] = mapped_column(Integer)
    result_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(150))
    action: Mapped[str] = mapped_column(String(50))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str | None] = mapped_column(String(100))
    enterprise_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class ServiceSecret(Base):
    __tablename__ = "service_secrets"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


MONEY = Numeric(14, 2)


class FundRound(Base):
    __tablename__ = "fund_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    notice_ref: Mapped[str | None] = mapped_column(String(200))  # 文号 of the year's notice
    notice_date: Mapped[dt.date | None] = mapped_column(Date)
    applications_close: Mapped[dt.date | None] = mapped_column(Date)
    config_deadline: Mapped[dt.date | None] = mapped_column(Date)  # 32号 五、（一）: 6月30日
    report_deadline: Mapped[dt.date | None] = mapped_column(Date)  # 32号 五、（二）: 8月15日
    project_cap_wan: Mapped[Decimal | None] = mapped_column(MONEY)
    scope: Mapped[str] = mapped_column(String(20), default="city")
    mode: Mapped[str] = mapped_column(String(20), default="uniform-ratio")
    allocation: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class RoundBudget(Base):
    __tablename__ = "round_budgets"
    __table_args__ = (UniqueConstraint("round_id", "group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("fund_rounds.id"), index=True)
    group: Mapped[str] = mapped_column(String(50))
    budget_wan: Mapped[Decimal] = mapped_column(MONEY)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_round_state", "round_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("fund_rounds.id"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    project: Mapped[str] = mapped_column(String(100))  # the project id in the enterprise's profile
    title: Mapped[str | None] = mapped_column(String(300))
    direction: Mapped[str | None] = mapped_column(String(50))  # 32号 二、: the digital benchmark direction
    city: Mapped[str | None] = mapped_column(String(50), index=True)
    county: Mapped[str | None] = mapped_column(String(100))
    amount_wan: Mapped[Decimal | None] = mapped_column(MONEY)  # 设备购置额 / 项目投入 the reward is computed on
    state: Mapped[str] = mapped_column(String(20), default="draft")
    rank: Mapped[int | None] = mapped_column(Integer)
    allocated_wan: Mapped[Decimal | None] = mapped_column(MONEY)
    publicity_start: Mapped[dt.date | None] = mapped_column(Date)
    publicity_end: Mapped[dt.date | None] = mapped_column(Date)
    rating: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    review: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    flags: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    submitted_version: Mapped[int | None] = mapped_column(Integer)
    eligibility_submitted: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    reviewed_version: Mapped[int | None] = mapped_column(Integer)
    eligibility_reviewed: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApplicationEvent(Base):
    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(150))
    action: Mapped[str] = mapped_column(String(50))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    clauses: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class FundingBan(Base):
    __tablename__ = "funding_bans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    reminded_on: Mapped[dt.date] = mapped_column(Date)  # 正式提醒
    rectify_by: Mapped[dt.date] = mapped_column(Date)  # 整改期限
    rectified_on: Mapped[dt.date | None] = mapped_column(Date)
    lifted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatchJob(JobColumns, Base):
    """A 免申即享 match (the job columns: :class:`JobColumns`)."""

    __tablename__ = "match_jobs"
    __table_args__ = (Index("ix_match_jobs_status", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    program: Mapped[str] = mapped_column(String(100))
    as_of: Mapped[dt.date] = mapped_column(Date)
    jurisdiction: Mapped[str | None] = mapped_column(String(100))  # the caller's, when it started; None: all
    rules_version: Mapped[str | None] = mapped_column(String(100))
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    by_city: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    notified: Mapped[int] = mapped_column(Integer, default=0)


class MatchItem(Base):
    __tablename__ = "match_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("match_jobs.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    profile_version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(50))
    county: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    max_wan: Mapped[Decimal | None] = mapped_column(MONEY)
    missing: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)  # a notice made by this match


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    kind: Mapped[str] = mapped_column(String(20))  # match | deadline
    key: Mapped[str] = mapped_column(String(300))
    program: Mapped[str | None] = mapped_column(String(100))
    match_id: Mapped[int | None] = mapped_column(ForeignKey("match_jobs.id"))
    status: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    missing: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class MailOutbox(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sending | sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(_mapper: Any, _conn: Any, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entry {target.id} is append-only")

"""Notices to the owners of enterprises, their e-mails, and the deadline reminders (contract §11).

* :func:`add_notice` adds a notice once per user and ``key`` (a unique constraint; a second try, even
  from another process at the same moment, adds nothing) and, with ``HUIQI_SMTP_URL`` set and an
  address on the user, one row of the mail outbox in the same transaction.
* :func:`send_due` is the runner's postman: it claims due outbox rows one by one (a conditional
  ``UPDATE … WHERE status = 'pending'``: two runners never take the same row), sends each through the
  SMTP server and marks it ``sent``; a failed send puts the row back with the next try after a wait that
  doubles (``mail_retry_seconds`` … ``mail_retry_max_seconds``). Rows are never given up on, so a server
  that is down delays mail and loses none. A row whose sender died mid-send (claimed longer than
  ``job_stale_seconds`` ago) is tried again: only a crash between the server's answer and the ``sent``
  mark can send a mail twice.
* :func:`remind_deadlines` tells owners of the statutory deadlines of their projects that fall on them
  (the ``项目单位`` deadlines of :func:`huiqi.procedures.build_timeline`: 开工 or lapse, 延期 application,
  开工/变更 reports), ``reminder_days`` (30 and 7) days before each, once per deadline and mark.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from huiqi.service.db import utcnow
from huiqi.service.models import Enterprise, MailOutbox, Notice, ProfileVersion, User
from huiqi.service.settings import Settings
from huiqi.service.state import ServiceState

log = logging.getLogger("huiqi.service.notices")
#: the deadlines an enterprise itself must meet (the others are the authorities')
OWN_ACTOR = "项目单位"


def add_notice(
    session: Session, settings: Settings, *, user_id: int, key: str, kind: str, title: str, text: str,
    enterprise_id: int | None = None, program: str | None = None, match_id: int | None = None,
    status: str | None = None, missing: list[str] | None = None, detail: dict[str, Any] | None = None,
) -> int | None:
    """Add a notice (and its e-mail) in the session's transaction unless the user already has one with
    ``key``: its id, or None. One ``INSERT … ON CONFLICT DO NOTHING`` on the unique (user, key), so two
    runners making the same notice at the same moment make one."""
    values: dict[str, Any] = {"user_id": user_id, "key": key, "kind": kind, "title": title, "text": text,
              "enterprise_id": enterprise_id, "program": program, "match_id": match_id, "status": status,
              "missing": list(missing or []), "detail": dict(detail or {}), "created_at": utcnow()}
    notice_id = _insert_once(session, values)
    if notice_id is None:
        return None
    user = session.get(User, user_id)
    if settings.smtp_url and user is not None and user.email and user.active:
        session.add(MailOutbox(notice_id=notice_id, recipient=user.email, subject=f"【惠企】{title}",
                               body=mail_body(text, values["detail"], settings), status="pending", attempts=0,
                               next_attempt_at=utcnow(), created_at=utcnow()))
    return notice_id


def _insert_once(session: Session, values: dict[str, Any]) -> int | None:
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (insert(Notice).values(**values)
                     .on_conflict_do_nothing(index_elements=["user_id", "key"]).returning(Notice.id))
        found: int | None = session.scalar(statement)
        return found
    if session.scalar(select(Notice.id).where(Notice.user_id == values["user_id"], Notice.key == values["key"])):
        return None
    notice = Notice(**values)
    try:
        with session.begin_nested():
            session.add(notice)
            session.flush()
    except IntegrityError:  # another runner made the same notice a moment ago
        return None
    return notice.id


def mail_body(text: str, detail: dict[str, Any], settings: Settings) -> str:
    link = str(detail.get("link") or "/notices")
    base = settings.public_url.rstrip("/")
    return (f"{text}\n\n查看详情：{base}{link}\n消息中心：{base}/notices\n\n"
            "——\n此邮件由惠企政策服务系统自动发送，结论仅供参考，以主管部门审核为准。\n")


def notice_json(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "program": notice.program,
        "enterprise_id": notice.enterprise_id,
        "status": notice.status,
        "title": notice.title,
        "text": notice.text,
        "missing": notice.missing,
        "link": notice.detail.get("link"),
        "created_at": notice.created_at.isoformat(),
        "read": notice.read_at is not None,
    }


def unread_count(session: Session, user_id: int) -> int:
    from sqlalchemy import func

    return int(session.scalar(select(func.count(Notice.id)).where(Notice.user_id == user_id,
                                                                  Notice.read_at.is_(None))) or 0)


# --- the mail outbox ---------------------------------------------------------------------------------


class MailServer:
    """``smtp://[user:password@]host:port`` or ``smtps://…`` (TLS from the start)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"HUIQI_SMTP_URL {url!r}: expected smtp://host:port or smtps://host:port")
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout

    def connect(self) -> smtplib.SMTP:
        server = (smtplib.SMTP_SSL if self.tls else smtplib.SMTP)(self.host, self.port, timeout=self.timeout)
        if self.user:
            server.login(self.user, self.password or "")
        return server


def message(row: MailOutbox, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = row.recipient
    mail["Subject"] = row.subject
    mail["Message-ID"] = make_msgid(f"huiqi-mail-{row.id}")
    mail.set_content(row.body, charset="utf-8")
    return mail


def _backoff(settings: Settings, attempts: int) -> float:
    return float(min(settings.mail_retry_seconds * 2 ** max(attempts - 1, 0), settings.mail_retry_max_seconds))


def _claim_mail(state: ServiceState, me: str, now: dt.datetime) -> MailOutbox | None:
    """The oldest due row, now ``sending`` for this runner (as :func:`huiqi.service.jobs.claim` does)."""
    while True:
        with state.sessions() as session:
            query = (select(MailOutbox.id).where(MailOutbox.status == "pending", MailOutbox.next_attempt_at <= now)
                     .order_by(MailOutbox.id).limit(1))
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            row_id = session.scalar(query)
            if row_id is None:
                return None
            taken = session.execute(
                update(MailOutbox).where(MailOutbox.id == row_id, MailOutbox.status == "pending")
                .values(status="sending", worker=me, claimed_at=now)).rowcount  # type: ignore[attr-defined]
            session.commit()
            if taken == 1:
                row = session.get(MailOutbox, row_id)
                assert row is not None
                session.expunge(row)
                return row


def _release_stale(state: ServiceState, now: dt.datetime) -> None:
    cutoff = now - dt.timedelta(seconds=state.settings.job_stale_seconds)
    with state.sessions() as session:
        session.execute(update(MailOutbox).where(MailOutbox.status == "sending",
                                                 or_(MailOutbox.claimed_at.is_(None), MailOutbox.claimed_at < cutoff))
                        .values(status="pending", worker=None))
        session.commit()


def send_due(state: ServiceState, me: str, now: dt.datetime | None = None) -> int:
    """Send the outbox's due mails; the number sent. Stops at the first failure (the server is down or
    refuses): that row waits its back-off, the others wait for the next round."""
    settings = state.settings
    if not settings.smtp_url:
        return 0
    now = now or utcnow()
    _release_stale(state, now)
    server = MailServer(settings.smtp_url)
    sent = 0
    connection: smtplib.SMTP | None = None
    try:
        while (row := _claim_mail(state, me, now)) is not None:
            try:
                connection = connection or server.connect()
                refused = connection.send_message(message(row, settings.mail_from))
                if refused:
                    raise smtplib.SMTPRecipientsRefused(refused)
            except (OSError, smtplib.SMTPException) as exc:
                _failed(state, row, me, now, exc)
                break
            with state.sessions() as session:
                session.execute(update(MailOutbox).where(MailOutbox.id == row.id, MailOutbox.worker == me)
                                .values(status="sent", sent_at=utcnow(), attempts=row.attempts + 1, last_error=None))
                session.commit()
            sent += 1
            log.info("mail %s sent to %s", row.id, row.recipient, extra={"event": "mail_sent", "worker": me})
    finally:
        if connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.quit()
    return sent


def _failed(state: ServiceState, row: MailOutbox, me: str, now: dt.datetime, exc: Exception) -> None:
    attempts = row.attempts + 1
    wait = _backoff(state.settings, attempts)
    with state.sessions() as session:
        session.execute(update(MailOutbox).where(MailOutbox.id == row.id, MailOutbox.worker == me)
                        .values(status="pending", worker=None, attempts=attempts, last_error=str(exc)[:2000],
                                next_attempt_at=now + dt.timedelta(seconds=wait)))
        session.commit()
    log.warning("mail %s not sent (try %s), next in %.0f s: %s", row.id, attempts, wait, exc,
                extra={"event": "mail_failed", "worker": me})


# --- deadline reminders ------------------------------------------------------------------------------


def remind_deadlines(state: ServiceState, today: dt.date) -> int:
    """Notices for the owners' deadlines coming within ``reminder_days``; the number added."""
    from huiqi.errors import InputError
    from huiqi.procedures import build_timeline

    marks = sorted(state.settings.reminder_days)
    added = 0
    with state.sessions() as session:
        rows = session.execute(
            select(Enterprise, ProfileVersion).join(ProfileVersion, (ProfileVersion.enterprise_id == Enterprise.id)
                                                    & (ProfileVersion.version == Enterprise.version))
            .order_by(Enterprise.id)
        ).all()
        for enterprise, version in rows:
            for i, project in enumerate(version.profile.get("projects") or []):
                if not isinstance(project, dict) or project.get("management") not in ("filing", "approval"):
                    continue
                try:
                    timeline = build_timeline(project, today, prefix=f"projects[{i}].")
                except InputError:
                    continue
                for deadline in timeline.deadlines:
                    left = (deadline.due.date - today).days
                    mark = next((m for m in marks if 0 <= left <= m), None)
                    if deadline.spec.actor != OWN_ACTOR or mark is None:
                        continue
                    added += _remind(session, state.settings, enterprise, project, deadline, left, mark)
        session.commit()
    return added


def _remind(session: Session, settings: Settings, enterprise: Enterprise, project: dict[str, Any], deadline: Any,
            left: int, mark: int) -> int:
    from huiqi.web.fmt import clause_name, date_zh

    due = deadline.due.date
    name = project.get("name") or project.get("id")
    clause = deadline.spec.clause.to_json()
    short = deadline.spec.label.split("（")[0]
    title = f"期限提醒：{short}（{date_zh(due)}）"
    text = (f"{enterprise.name or '贵企业'}的项目「{name}」：{deadline.spec.label}，期限为 {date_zh(due)}，"
            f"距今还有 {left} 天。依据：{clause_name(clause)}。请按时办理。")
    key = f"deadline:{enterprise.id}:{project.get('id')}:{deadline.spec.id}:{due.isoformat()}:{mark}"
    notice = add_notice(session, settings, user_id=enterprise.owner_id, key=key, kind="deadline", title=title,
                        text=text, enterprise_id=enterprise.id,
                        detail={"link": "/projects", "due": due.isoformat(), "days_before": mark,
                                "deadline": deadline.spec.id, "project": project.get("id"), "clause": clause})
    return 1 if notice is not None else 0

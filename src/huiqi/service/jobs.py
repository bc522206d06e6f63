"""The job queues in the database (screenings, 免申即享 matches), and the runner that works through them.

Both tables have the same job columns (``status``, ``progress``, ``error``, ``worker``, ``heartbeat_at``,
``started_at``, ``finished_at``); every function here takes the table. Claiming uses
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (several workers never take the same job) and a
conditional ``UPDATE … WHERE status = 'queued'`` everywhere. A running job beats a heartbeat;
:func:`reap` turns jobs whose runner is gone (dead process on this host, or heartbeat older than
``job_stale_seconds``) into ``failed`` with the reason, so a restart never loses a job silently.
Between jobs the runner also sends the mail outbox and creates deadline reminders
(:mod:`huiqi.service.notices`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from huiqi.errors import InputError
from huiqi.service.db import utcnow
from huiqi.service.models import MatchJob, ScreeningJob
from huiqi.service.serialize import plain
from huiqi.service.state import Screener, ServiceState

log = logging.getLogger("huiqi.service.jobs")
JobTable = type[ScreeningJob] | type[MatchJob]
#: every queue, in the order the runner serves them
JOB_TABLES: tuple[JobTable, ...] = (ScreeningJob, MatchJob)
KIND = {ScreeningJob: "screening", MatchJob: "match"}
HOST = socket.gethostname()
INTERRUPTED = (
    "任务运行中服务已停止或重启，请重新提交 "
    "the worker stopped (restart or crash) while this job was running; submit it again"
)


def worker_name() -> str:
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _gone(worker: str | None, me: str) -> bool:
    """Whether the runner named ``worker`` is certainly dead (a process of this host that is no more)."""
    if not worker or worker == me:
        return False
    host, _, rest = worker.partition(":")
    pid_text = rest.partition(":")[0]
    if host != HOST or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # an earlier runner of this very process id: not us, so gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def reap(sessions: sessionmaker[Session], stale_seconds: float, me: str,
         tables: tuple[JobTable, ...] = JOB_TABLES) -> int:
    """Fail the running jobs whose runner is gone; the number failed."""
    cutoff = utcnow() - dt.timedelta(seconds=stale_seconds)
    count = 0
    for table in tables:
        with sessions() as session:
            running = session.execute(
                select(table.id, table.worker, table.heartbeat_at).where(table.status == "running")
            ).all()
            dead = [jid for jid, worker, beat in running if _gone(worker, me) or beat is None or beat < cutoff]
            for jid in dead:
                session.execute(
                    update(table)
                    .where(table.id == jid, table.status == "running")
                    .values(status="failed", error=INTERRUPTED, finished_at=utcnow())
                )
            session.commit()
        for jid in dead:
            log.warning("%s job %s was left running and is now failed", KIND[table], jid,
                        extra={"event": "job_interrupted", "job_id": jid, "worker": me})
        count += len(dead)
    return count


def claim(sessions: sessionmaker[Session], me: str, table: JobTable = ScreeningJob) -> int | None:
    """Take the oldest queued job of ``table`` for this runner, or None when none is queued. A job another
    runner took between our look and our update is passed over for the next one."""
    while True:
        with sessions() as session:
            query = select(table.id).where(table.status == "queued").order_by(table.id).limit(1)
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            job_id = session.scalar(query)
            if job_id is None:
                return None
            now = utcnow()
            taken = session.execute(
                update(table)
                .where(table.id == job_id, table.status == "queued")
                .values(status="running", worker=me, started_at=now, heartbeat_at=now, progress=0.0)
            ).rowcount  # type: ignore[attr-defined]
            session.commit()
        if taken == 1:
            break
    log.info("%s job %s taken by %s", KIND[table], job_id, me,
             extra={"event": "job_claimed", "job_id": job_id, "worker": me})
    return job_id


def _set(sessions: sessionmaker[Session], job_id: int, me: str, table: JobTable = ScreeningJob,
         **values: Any) -> bool:
    """Update a job this runner holds; False when it is no longer ours (reaped meanwhile)."""
    with sessions() as session:
        done = session.execute(
            update(table)
            .where(table.id == job_id, table.status == "running", table.worker == me)
            .values(**values)
        ).rowcount  # type: ignore[attr-defined]
        session.commit()
        return bool(done)


#: the work of one job: given a progress callback, the values to store when it is done
Work = Callable[[Callable[[float], None]], dict[str, Any]]


def run_work(state: ServiceState, table: JobTable, job_id: int, me: str, work: Work, failed: str) -> None:
    """Run one claimed job with its heartbeat: store ``work``'s values as ``done``, or fail with the reason
    (an :class:`InputError`'s message, else ``failed`` and the exception)."""
    sessions = state.sessions
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat,
                            args=(sessions, table, job_id, me, stop, state.settings.job_heartbeat_seconds),
                            daemon=True, name=f"huiqi-heartbeat-{KIND[table]}-{job_id}")
    beat.start()

    def progress(fraction: float) -> None:
        _set(sessions, job_id, me, table, progress=min(max(float(fraction), 0.0), 1.0), heartbeat_at=utcnow())

    started = time.perf_counter()
    try:
        values = work(progress)
        kept = _set(sessions, job_id, me, table, status="done", progress=1.0, finished_at=utcnow(), **values)
        _ended(table, job_id, me, started, "job_done" if kept else "job_discarded")  # discarded: reaped meanwhile
    except Exception as exc:  # the job fails with its reason; the runner goes on
        if isinstance(exc, InputError):
            reason = str(exc)
        else:
            reason = f"{failed}: {type(exc).__name__}: {exc}"
            log.exception("%s job %s failed", KIND[table], job_id)
        _set(sessions, job_id, me, table, status="failed", error=reason[:4000], finished_at=utcnow())
        _ended(table, job_id, me, started, "job_failed")
    finally:
        stop.set()
        beat.join()


def run_job(state: ServiceState, job_id: int, me: str, screener: Screener) -> None:
    """Run one claimed screening job."""
    with state.sessions() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        data, fmt, as_of = job.input_data, job.input_format, job.as_of

    def screen(progress: Callable[[float], None]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="huiqi-job-") as tmp:
            source, target = Path(tmp) / f"input.{fmt}", Path(tmp) / "result.parquet"
            source.write_bytes(data)
            summary = screener(source, target, as_of, progress)
            return {"result_data": target.read_bytes(), "summary": _summary(summary)}

    run_work(state, ScreeningJob, job_id, me, screen, "筛查失败 screening failed")


def _ended(table: JobTable, job_id: int, me: str, started: float, event: str) -> None:
    seconds = round(time.perf_counter() - started, 3)
    log.info("%s job %s %s in %.3f s", KIND[table], job_id, event.removeprefix("job_"), seconds,
             extra={"event": event, "job_id": job_id, "worker": me, "seconds": seconds})


def _summary(summary: Any) -> dict[str, Any] | None:
    if not isinstance(summary, dict):
        return None
    return {k: plain(v) for k, v in summary.items() if k not in ("input", "output")}  # temp paths


def _heartbeat(sessions: sessionmaker[Session], table: JobTable, job_id: int, me: str, stop: threading.Event,
               every: float) -> None:
    while not stop.wait(every):
        try:
            _set(sessions, job_id, me, table, heartbeat_at=utcnow())
        except Exception:  # a missed beat is not fatal; the next one may get through
            log.warning("heartbeat of job %s failed", job_id, exc_info=True)


def run_pending(state: ServiceState, me: str | None = None, limit: int | None = None) -> int:
    """Run queued jobs of every queue until none is left (or ``limit``); the number run."""
    from huiqi.service.core import default_screener
    from huiqi.service.matching import run_match

    me = me or worker_name()
    count = 0
    while limit is None or count < limit:
        table: JobTable | None = None
        for table in JOB_TABLES:
            job_id = claim(state.sessions, me, table)
            if job_id is not None:
                break
        else:
            break
        if table is MatchJob:
            run_match(state, job_id, me)
        else:
            try:
                screener = state.screener or default_screener()
            except Exception as exc:
                _set(state.sessions, job_id, me, status="failed", error=str(exc), finished_at=utcnow())
            else:
                run_job(state, job_id, me, screener)
        count += 1
    return count


class Runner:
    """Polls the queue in a background thread (``serve`` on SQLite, or ``huiqi worker``)."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self.me = worker_name()
        self.wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_reminders = 0.0

    def start(self) -> None:
        self._thread = threading.Thread(target=self.loop, daemon=True, name="huiqi-screening-runner")
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def post(self) -> None:
        """Send due mail; check deadlines every ``reminder_interval_seconds``."""
        from huiqi.service import notices

        try:
            if time.monotonic() >= self._next_reminders:
                self._next_reminders = time.monotonic() + self.state.settings.reminder_interval_seconds
                notices.remind_deadlines(self.state, dt.date.today())
            notices.send_due(self.state, self.me)
        except Exception:
            log.exception("notice runner error")

    def loop(self) -> None:
        settings = self.state.settings
        while not self._stop.is_set():
            try:
                reap(self.state.sessions, settings.job_stale_seconds, self.me)
                run_pending(self.state, self.me)
            except Exception:
                log.exception("screening runner error")
            self.post()
            self.wake.wait(settings.job_poll_seconds)
            self.wake.clear()

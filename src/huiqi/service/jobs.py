"""The screening job queue in the database, and the runner that works through it.

Claiming uses ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (several workers never take the same
job) and a conditional ``UPDATE … WHERE status = 'queued'`` everywhere. A running job beats a heartbeat;
:func:`reap` turns jobs whose runner is gone (dead process on this host, or heartbeat older than
``job_stale_seconds``) into ``failed`` with the reason, so a restart never loses a job silently.
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
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from huiqi.errors import InputError
from huiqi.service.db import utcnow
from huiqi.service.models import ScreeningJob
from huiqi.service.serialize import plain
from huiqi.service.state import Screener, ServiceState

log = logging.getLogger("huiqi.service.jobs")
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


def reap(sessions: sessionmaker[Session], stale_seconds: float, me: str) -> int:
    """Fail the running jobs whose runner is gone; the number failed."""
    cutoff = utcnow() - dt.timedelta(seconds=stale_seconds)
    with sessions() as session:
        running = session.execute(
            select(ScreeningJob.id, ScreeningJob.worker, ScreeningJob.heartbeat_at).where(
                ScreeningJob.status == "running"
            )
        ).all()
        dead = [jid for jid, worker, beat in running if _gone(worker, me) or beat is None or beat < cutoff]
        for jid in dead:
            session.execute(
                update(ScreeningJob)
                .where(ScreeningJob.id == jid, ScreeningJob.status == "running")
                .values(status="failed", error=INTERRUPTED, finished_at=utcnow())
            )
        session.commit()
    for jid in dead:
        log.warning("screening job %s was left running and is now failed", jid,
                    extra={"event": "job_interrupted", "job_id": jid, "worker": me})
    return len(dead)


def claim(sessions: sessionmaker[Session], me: str) -> int | None:
    """Take the oldest queued job for this runner, or None."""
    with sessions() as session:
        query = select(ScreeningJob.id).where(ScreeningJob.status == "queued").order_by(ScreeningJob.id).limit(1)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job_id = session.scalar(query)
        if job_id is None:
            return None
        now = utcnow()
        taken = session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == job_id, ScreeningJob.status == "queued")
            .values(status="running", worker=me, started_at=now, heartbeat_at=now, progress=0.0)
        ).rowcount  # type: ignore[attr-defined]
        session.commit()
    if taken != 1:
        return None
    log.info("screening job %s taken by %s", job_id, me, extra={"event": "job_claimed", "job_id": job_id, "worker": me})
    return job_id


def _set(sessions: sessionmaker[Session], job_id: int, me: str, **values: Any) -> bool:
    """Update a job this runner holds; False when it is no longer ours (reaped meanwhile)."""
    with sessions() as session:
        done = session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == job_id, ScreeningJob.status == "running", ScreeningJob.worker == me)
            .values(**values)
        ).rowcount  # type: ignore[attr-defined]
        session.commit()
        return bool(done)


def run_job(state: ServiceState, job_id: int, me: str, screener: Screener) -> None:
    sessions = state.sessions
    with sessions() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        data, fmt, as_of = job.input_data, job.input_format, job.as_of
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(sessions, job_id, me, stop, state.settings.job_heartbeat_seconds),
                            daemon=True, name=f"huiqi-heartbeat-{job_id}")
    beat.start()

    def progress(fraction: float) -> None:
        _set(sessions, job_id, me, progress=min(max(float(fraction), 0.0), 1.0), heartbeat_at=utcnow())

    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="huiqi-job-") as tmp:
            source, target = Path(tmp) / f"input.{fmt}", Path(tmp) / "result.parquet"
            source.write_bytes(data)
            summary = screener(source, target, as_of, progress)
            result = target.read_bytes()
        kept = _set(sessions, job_id, me, status="done", progress=1.0, result_data=result, finished_at=utcnow(),
                    summary=_summary(summary))
        _ended(job_id, me, started, "job_done" if kept else "job_discarded")  # discarded: reaped meanwhile
    except Exception as exc:  # the job fails with its reason; the runner goes on
        if isinstance(exc, InputError):
            reason = str(exc)
        else:
            reason = f"筛查失败 screening failed: {type(exc).__name__}: {exc}"
            log.exception("screening job %s failed", job_id)
        _set(sessions, job_id, me, status="failed", error=reason[:4000], finished_at=utcnow())
        _ended(job_id, me, started, "job_failed")
    finally:
        stop.set()
        beat.join()


def _ended(job_id: int, me: str, started: float, event: str) -> None:
    seconds = round(time.perf_counter() - started, 3)
    log.info("screening job %s %s in %.3f s", job_id, event.removeprefix("job_"), seconds,
             extra={"event": event, "job_id": job_id, "worker": me, "seconds": seconds})


def _summary(summary: Any) -> dict[str, Any] | None:
    if not isinstance(summary, dict):
        return None
    return {k: plain(v) for k, v in summary.items() if k not in ("input", "output")}  # temp paths


def _heartbeat(sessions: sessionmaker[Session], job_id: int, me: str, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            _set(sessions, job_id, me, heartbeat_at=utcnow())
        except Exception:  # a missed beat is not fatal; the next one may get through
            log.warning("heartbeat of job %s failed", job_id, exc_info=True)


def run_pending(state: ServiceState, me: str | None = None, limit: int | None = None) -> int:
    """Run queued jobs until none is left (or ``limit``); the number run."""
    from huiqi.service.core import default_screener

    me = me or worker_name()
    count = 0
    while limit is None or count < limit:
        job_id = claim(state.sessions, me)
        if job_id is None:
            break
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

    def start(self) -> None:
        self._thread = threading.Thread(target=self.loop, daemon=True, name="huiqi-screening-runner")
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def loop(self) -> None:
        settings = self.state.settings
        while not self._stop.is_set():
            try:
                reap(self.state.sessions, settings.job_stale_seconds, self.me)
                run_pending(self.state, self.me)
            except Exception:
                log.exception("screening runner error")
            self.wake.wait(settings.job_poll_seconds)
            self.wake.clear()

"""Two servers and two workers on one PostgreSQL: every screening job is done, and done exactly once.

Real processes on loopback (``huiqi serve --no-worker`` twice, ``huiqi worker`` twice), as behind a load
balancer: jobs are uploaded to both servers in turn, followed on the other one, and taken by whichever
worker claims them first. The workers' JSON logs name each job they claimed and finished; the database
names the one worker that holds each result.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select

from huiqi.service.models import ScreeningJob

from .conftest import PASSWORD
from .processes import START_TIMEOUT, clean_env, free_port, huiqi, wait_healthy
from .test_screenings import CSV

pytestmark = pytest.mark.postgres
JOBS = 12
FINISH_TIMEOUT = 240.0


def _events(log: Path, event: str) -> list[int]:
    """The job ids of every ``event`` line in a JSON log (other lines, e.g. a traceback's, are skipped)."""
    ids = []
    for line in log.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("event") == event:
            ids.append(entry["job_id"])
    return ids


def test_两台服务两个工作进程_每个任务恰好完成一次(pg_fresh_url: str, tmp_path: Path) -> None:
    env = clean_env(HUIQI_DATABASE_URL=pg_fresh_url, HUIQI_LOG_FORMAT="json", HUIQI_JOB_POLL_SECONDS="0.2")
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        servers = [
            (port, log, stack.enter_context(huiqi(
                ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-worker"], log, env)))
            for port, log in ((port, tmp_path / f"server-{i}.log") for i, port in enumerate(ports))
        ]
        for port, log, process in servers:
            assert wait_healthy(port, process, log).status_code == 200
        # after the servers: they have migrated the database, the user table exists
        created = subprocess.run(
            [sys.executable, "-m", "huiqi.cli", "users", "create", "gd-bureau", "--role", "bureau",
             "--jurisdiction", "广东省", "--password-stdin"],
            input=PASSWORD, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )
        assert created.returncode == 0, created.stderr
        worker_logs = [tmp_path / f"worker-{i}.log" for i in range(2)]
        for log in worker_logs:
            stack.enter_context(huiqi(["worker"], log, env))
        deadline = time.monotonic() + START_TIMEOUT
        while not all("waiting for jobs" in log.read_text() for log in worker_logs):
            assert time.monotonic() < deadline, [log.read_text()[-2000:] for log in worker_logs]
            time.sleep(0.2)

        bases = [f"http://127.0.0.1:{port}/api/v1" for port in ports]
        token = httpx.post(f"{bases[0]}/auth/token", json={"username": "gd-bureau", "password": PASSWORD},
                           timeout=30).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        submitted = []
        for i in range(JOBS):
            answer = httpx.post(f"{bases[i % 2]}/screenings", headers=headers, timeout=30,
                                files={"file": (f"名单{i}.csv", CSV.encode())}, data={"as_of": "2023-06-01"})
            assert answer.status_code == 202, answer.text
            submitted.append(answer.json()["id"])

        deadline = time.monotonic() + FINISH_TIMEOUT
        pending = set(submitted)
        while pending and time.monotonic() < deadline:
            for job_id in sorted(pending):
                status = httpx.get(f"{bases[(job_id + 1) % 2]}/screenings/{job_id}", headers=headers,
                                   timeout=30).json()["status"]
                assert status != "failed", f"job {job_id} failed"
                if status == "done":
                    pending.discard(job_id)
            time.sleep(0.5)
        assert not pending, f"not done within {FINISH_TIMEOUT:.0f} s: {sorted(pending)}"
        result = httpx.get(f"{bases[1]}/screenings/{submitted[0]}/result", params={"format": "csv"},
                           headers=headers, timeout=30)
        assert result.status_code == 200 and "甲" in result.text

    claimed = Counter(job for log in worker_logs for job in _events(log, "job_claimed"))
    finished = Counter(job for log in worker_logs for job in _events(log, "job_done"))
    assert claimed == finished == Counter(submitted), (claimed, finished)
    engine = create_engine(pg_fresh_url)
    with engine.connect() as conn:
        holders = dict(conn.execute(select(ScreeningJob.id, ScreeningJob.worker)).all())
    engine.dispose()
    names = {json.loads(line)["worker"] for log in worker_logs for line in log.read_text().splitlines()
             if '"job_done"' in line}
    assert set(holders) == set(submitted) and set(holders.values()) <= names
    assert len(names) == 2, "both workers took part"

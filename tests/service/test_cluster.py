"""Two servers and two workers on one PostgreSQL, as behind a load balancer (real processes on loopback).

- Every screening job is done, and done exactly once: jobs are uploaded to both servers in turn, followed
  on the other one, and taken by whichever worker claims them first. The workers' JSON logs name each job
  they claimed and finished; the database names the one worker that holds each result.
- Many clients updating and assessing one enterprise through both servers at once lose no write and
  make no duplicate version.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select

from huiqi.service.models import Assessment, ProfileVersion, ScreeningJob

from .conftest import PASSWORD, profile
from .processes import START_TIMEOUT, clean_env, free_port, huiqi, wait_healthy
from .test_screenings import CSV

pytestmark = pytest.mark.postgres
FIELDS = {"time", "level", "logger", "process", "message"}
JOBS = 12
CLIENTS, ROUNDS = 24, 3
FINISH_TIMEOUT = 240.0


@dataclass
class Cluster:
    url: str
    bases: list[str]
    bureau: dict[str, str]
    owner: dict[str, str]
    worker_logs: list[Path]
    server_logs: list[Path]


def _wait_for(logs: list[Path], text: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not all(text in log.read_text() for log in logs):
        assert time.monotonic() < deadline, [log.read_text()[-2000:] for log in logs]
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from .conftest import PG_AVAILABLE, create_pg_database, drop_pg_database

    if not PG_AVAILABLE:
        pytest.skip("PostgreSQL not reachable")
    url, tmp = create_pg_database(), tmp_path_factory.mktemp("cluster")
    env = clean_env(HUIQI_DATABASE_URL=url, HUIQI_LOG_FORMAT="json", HUIQI_JOB_POLL_SECONDS="0.2")
    ports = [free_port(), free_port()]
    try:
        with ExitStack() as stack:
            for i, port in enumerate(ports):
                log = tmp / f"server-{i}.log"
                args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-worker"]
                assert wait_healthy(port, stack.enter_context(huiqi(args, log, env)), log).status_code == 200
            # after the servers: they have migrated the database, the user table exists
            users = (["gd-bureau", "--role", "bureau", "--jurisdiction", "广东省"], ["dg-co", "--role", "enterprise"])
            for user in users:
                created = subprocess.run(
                    [sys.executable, "-m", "huiqi.cli", "users", "create", *user, "--password-stdin"],
                    input=PASSWORD, env=env, cwd=tmp, capture_output=True, text=True, timeout=120,
                )
                assert created.returncode == 0, created.stderr
            worker_logs = [tmp / f"worker-{i}.log" for i in range(2)]
            for log in worker_logs:
                stack.enter_context(huiqi(["worker"], log, env))
            _wait_for(worker_logs, '"event": "worker_ready"')
            bases = [f"http://127.0.0.1:{port}/api/v1" for port in ports]
            tokens = [httpx.post(f"{base}/auth/token", json={"username": name, "password": PASSWORD},
                                 timeout=30).json()["access_token"]  # signed by one server, honoured by both
                      for base, name in zip(bases, ("gd-bureau", "dg-co"), strict=True)]
            bureau, owner = ({"Authorization": f"Bearer {token}"} for token in tokens)
            yield Cluster(url, bases, bureau, owner, worker_logs, [tmp / f"server-{i}.log" for i in range(2)])
    finally:
        drop_pg_database(url)


def _events(log: Path, event: str) -> list[dict[str, object]]:
    """The ``event`` lines of a JSON log (other lines, e.g. a traceback's, are skipped)."""
    found = []
    for line in log.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("event") == event:
            found.append(entry)
    return found


def test_两台服务两个工作进程_每个任务恰好完成一次(cluster: Cluster) -> None:
    bases, headers = cluster.bases, cluster.bureau
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

    claimed = Counter(e["job_id"] for log in cluster.worker_logs for e in _events(log, "job_claimed"))
    finished = Counter(e["job_id"] for log in cluster.worker_logs for e in _events(log, "job_done"))
    assert claimed == finished == Counter(submitted), (claimed, finished)
    names = {e["worker"] for log in cluster.worker_logs for e in _events(log, "job_done")}
    engine = create_engine(cluster.url)
    with engine.connect() as conn:
        holders = dict(conn.execute(select(ScreeningJob.id, ScreeningJob.worker)).all())
    engine.dispose()
    assert set(holders) == set(submitted) and set(holders.values()) <= names
    assert len(names) == 2, "both workers took part"


def test_两台服务上并发更新与评估不丢写_不重号(cluster: Cluster) -> None:
    bases, headers = cluster.bases, cluster.owner
    eid = httpx.post(f"{bases[0]}/enterprises", json=profile(name="v1"), headers=headers, timeout=30).json()["id"]

    def client(index: int) -> Counter[int]:
        codes: Counter[int] = Counter()
        with httpx.Client(base_url=bases[index % 2], headers=headers, timeout=60) as http:
            for round_ in range(ROUNDS):
                codes[http.put(f"/enterprises/{eid}", json=profile(name=f"c{index}-r{round_}")).status_code] += 1
                codes[http.post(f"/enterprises/{eid}/assessments", json={"as_of": "2023-06-01"}).status_code] += 1
        return codes

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client, i) for i in range(CLIENTS)]
        _done, running = wait(futures, timeout=FINISH_TIMEOUT)
        assert not running, f"{len(running)} clients still running after {FINISH_TIMEOUT:.0f} s"
    writes = CLIENTS * ROUNDS
    assert sum((f.result() for f in futures), Counter()) == {200: writes, 201: writes}
    engine = create_engine(cluster.url)
    with engine.connect() as conn:
        versions = conn.execute(select(ProfileVersion.version, ProfileVersion.profile)
                                .where(ProfileVersion.enterprise_id == eid)).all()
        assessed = conn.execute(select(Assessment.profile_version).where(Assessment.enterprise_id == eid)).all()
    engine.dispose()
    assert sorted(v for v, _ in versions) == list(range(1, writes + 2))
    assert len({p["enterprise"]["name"] for _, p in versions}) == writes + 1  # every write kept, none twice
    assert len(assessed) == writes and all(1 <= v <= writes + 1 for (v,) in assessed)


def test_服务与工作进程的日志每行都是带字段的_JSON(cluster: Cluster) -> None:
    httpx.get(f"{cluster.bases[0]}/programs", timeout=30)
    _wait_for(cluster.server_logs[:1], '"path": "/api/v1/programs"')  # the access line follows the answer
    for log in [*cluster.server_logs, *cluster.worker_logs]:
        lines = [line for line in log.read_text().splitlines() if line.strip()]
        entries = [json.loads(line) for line in lines]  # fails on the first line that is not JSON
        assert entries and all(isinstance(e, dict) and e.keys() >= FIELDS for e in entries), log.name
    served = [e for log in cluster.server_logs for e in map(json.loads, log.read_text().splitlines())]
    assert any(e.get("event") == "serve" and e["url"].startswith("http://127.0.0.1:") for e in served)
    assert any(e.get("event") == "request" and e["path"] == "/api/v1/programs" and e["status"] == 200
               for e in served)

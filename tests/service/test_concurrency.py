"""Many clients at once lose no write and make no duplicate (bounded in time).

The PostgreSQL runs are the point (row locks, SKIP LOCKED); SQLite runs the same scenario, serialised.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from functools import partial
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from huiqi.service import jobs
from huiqi.service.models import Assessment, AuditEntry, ProfileVersion, ScreeningJob

from .conftest import profile, state_of

Login = Callable[..., dict[str, str]]
THREADS = 24
ROUNDS = 4
DEADLINE = 180.0  # seconds: a deadlock or lost wake-up fails the test instead of hanging it


def _run_all(tasks: list[Callable[[], Any]]) -> list[Any]:
    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(task) for task in tasks]
        _done, pending = wait(futures, timeout=DEADLINE)
        assert not pending, f"{len(pending)} requests still running after {DEADLINE}s"
    assert time.monotonic() - started < DEADLINE
    return [f.result() for f in futures]


def test_并发更新与评估不丢写_不重号(app: FastAPI, client: TestClient, login: Login) -> None:
    headers = login("owner")
    eid = client.post("/api/v1/enterprises", json=profile(name="v1"), headers=headers).json()["id"]

    def worker(index: int) -> list[int]:
        codes = []
        for round_ in range(ROUNDS):
            body = profile(name=f"t{index}-r{round_}")
            codes.append(client.put(f"/api/v1/enterprises/{eid}", json=body, headers=headers).status_code)
            codes.append(client.post(f"/api/v1/enterprises/{eid}/assessments", json={"as_of": "2023-06-01"},
                                     headers=headers).status_code)
        return codes

    results = _run_all([partial(worker, i) for i in range(THREADS)])
    assert Counter(code for codes in results for code in codes) == {200: THREADS * ROUNDS, 201: THREADS * ROUNDS}

    writes = THREADS * ROUNDS
    with state_of(app).sessions() as session:
        versions = session.scalars(select(ProfileVersion).where(ProfileVersion.enterprise_id == eid)).all()
        assert sorted(v.version for v in versions) == list(range(1, writes + 2))
        names = Counter(v.profile["enterprise"]["name"] for v in versions)
        assert all(n == 1 for n in names.values()) and len(names) == writes + 1
        assessments = session.scalars(select(Assessment).where(Assessment.enterprise_id == eid)).all()
        assert len(assessments) == writes and len({a.id for a in assessments}) == writes
        assert all(1 <= a.profile_version <= writes + 1 for a in assessments)
        actions = Counter(session.scalars(select(AuditEntry.action).where(AuditEntry.enterprise_id == eid)))
        assert actions == {"create": 1, "update": writes, "assess": writes}
    assert client.get(f"/api/v1/enterprises/{eid}", headers=headers).json()["version"] == writes + 1


def test_并发登记企业各得其号(app: FastAPI, client: TestClient, login: Login) -> None:
    headers = [login(f"ent-{i}") for i in range(4)]

    def create(index: int) -> int:
        response = client.post("/api/v1/enterprises", json=profile(name=f"e{index}"), headers=headers[index % 4])
        assert response.status_code == 201
        return int(response.json()["id"])

    ids = _run_all([partial(create, i) for i in range(THREADS * 2)])
    assert len(set(ids)) == THREADS * 2
    for h in headers:
        assert len(client.get("/api/v1/enterprises", headers=h).json()["items"]) == THREADS * 2 // 4


def test_并发领取任务每个任务只被领一次(app: FastAPI, make_user: Callable[..., int]) -> None:
    owner = make_user("owner")
    state = state_of(app)
    with state.sessions() as session:
        for i in range(30):
            session.add(ScreeningJob(owner_id=owner, filename=f"{i}.csv", input_format="csv", input_data=b"a\n1\n"))
        session.commit()

    def claim_all(index: int) -> list[int]:
        me = f"test:{index}"
        taken = []
        while (job := jobs.claim(state.sessions, me)) is not None:
            taken.append(job)
        return taken

    claimed = [job for taken in _run_all([partial(claim_all, i) for i in range(THREADS)]) for job in taken]
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 30

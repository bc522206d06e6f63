"""Screening jobs: upload checks, the queue, progress, results, and jobs left running by a restart."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from huiqi.service import jobs
from huiqi.service.app import create_app
from huiqi.service.models import ScreeningJob, User
from huiqi.service.settings import Settings

from .conftest import make_settings, state_of

Login = Callable[..., dict[str, str]]

CSV = (
    "enterprise.name,enterprise.city,project.id,project.kind,project.equipment_purchase_wan,"
    "project.completed_on,project.in_tech_upgrade_statistics\n"
    "甲,东莞市,p1,tech_upgrade,900,2022-11-30,是\n"
    "乙,深圳市,p2,tech_upgrade,900,2022-11-30,是\n"
    "丙,东京,p3,tech_upgrade,900,2022-11-30,是\n"
)


def _upload(client: TestClient, headers: dict[str, str], name: str, data: bytes, as_of: str = "2023-06-01") -> Any:
    return client.post("/api/v1/screenings", headers=headers, files={"file": (name, data)}, data={"as_of": as_of})


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_上传_排队_运行_下载三种格式(app: FastAPI, client: TestClient, login: Login) -> None:
    headers = login("owner")
    response = _upload(client, headers, "企业名单.csv", CSV.encode())
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] == "queued"
    assert jobs.run_pending(state_of(app)) == 1
    status = client.get(f"/api/v1/screenings/{job['id']}", headers=headers).json()
    assert status["status"] == "done", status
    assert status["progress"] == 1.0 and status["rows"] == 3
    csv = client.get(f"/api/v1/screenings/{job['id']}/result", params={"format": "csv"}, headers=headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    frame = pl.read_csv(io.BytesIO(csv.content))
    assert frame.height == 3 and "tech-upgrade-equipment-reward.status" in frame.columns
    statuses = frame["tech-upgrade-equipment-reward.status"].to_list()
    assert statuses[2] == "error" and statuses[1] == "not_applicable"
    parquet = client.get(f"/api/v1/screenings/{job['id']}/result", params={"format": "parquet"}, headers=headers)
    assert pl.read_parquet(io.BytesIO(parquet.content)).height == 3
    xlsx = client.get(f"/api/v1/screenings/{job['id']}/result", headers=headers)  # default xlsx
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.max_row == 4
    assert client.get(f"/api/v1/screenings/{job['id']}/result", params={"format": "doc"},
                      headers=headers).status_code == 422


def test_xlsx_与_parquet_上传(app: FastAPI, client: TestClient, login: Login) -> None:
    headers = login("owner")
    rows = [line.split(",") for line in CSV.strip().splitlines()]
    assert _upload(client, headers, "a.xlsx", _xlsx(rows)).status_code == 202
    buffer = io.BytesIO()
    pl.read_csv(io.BytesIO(CSV.encode()), infer_schema=False).write_parquet(buffer)
    assert _upload(client, headers, "a.parquet", buffer.getvalue()).status_code == 202
    assert jobs.run_pending(state_of(app)) == 2
    items = client.get("/api/v1/screenings", headers=headers).json()["items"]
    assert [i["status"] for i in items] == ["done", "done"]


def test_未完成的任务没有结果(client: TestClient, login: Login) -> None:
    headers = login("owner")
    job = _upload(client, headers, "a.csv", CSV.encode()).json()
    response = client.get(f"/api/v1/screenings/{job['id']}/result", headers=headers)
    assert response.status_code == 409


def test_他人的任务答_404(client: TestClient, login: Login) -> None:
    a, b, admin = login("ent-a"), login("ent-b"), login("root", "admin")
    job = _upload(client, a, "a.csv", CSV.encode()).json()
    assert client.get(f"/api/v1/screenings/{job['id']}", headers=b).status_code == 404
    assert client.get(f"/api/v1/screenings/{job['id']}/result", headers=b).status_code == 404
    assert client.get(f"/api/v1/screenings/{job['id']}", headers=admin).status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("a.txt", b"x,y\n1,2\n", 415, ".csv, .xlsx or .parquet"),
        ("noext", b"x,y\n1,2\n", 415, "unsupported"),
        ("a.xlsx", b"x,y\n1,2\n", 415, "not a .xlsx"),
        ("a.parquet", b"x,y\n1,2\n", 415, "not a .parquet"),
        ("a.csv", b"\x00\x01\x02binary", 415, "not a .csv"),
        ("a.csv", "企业,城市\n甲,东莞\n".encode("gbk"), 415, "UTF-8"),
        ("a.csv", b"", 422, "empty"),
        ("a.csv", b"enterprise.name,enterprise.city\n=HYPERLINK(\"http://x\"),dg\n", 422, "formula"),
        ("a.csv", b"enterprise.name,enterprise.city\n@SUM(A1),dg\n", 422, "formula"),
        ("a.csv", b"enterprise.name,enterprise.city\n+cmd|' /C calc'!A0,dg\n", 422, "formula"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", 422, "cannot be read"),
    ],
)
def test_上传检查给出清楚的_4xx(client: TestClient, login: Login, name: str, data: bytes, code: int,
                               words: str) -> None:
    response = _upload(client, login("owner"), name, data)
    assert response.status_code == code, response.text
    assert words in response.json()["detail"]


def test_负数不是公式(client: TestClient, login: Login) -> None:
    data = "enterprise.name,enterprise.financials.2022.total_profit\n甲,-12.5\n".encode()
    assert _upload(client, login("owner"), "a.csv", data).status_code == 202


def test_含公式的_xlsx_被拒绝(client: TestClient, login: Login) -> None:
    data = _xlsx([["enterprise.name", "project.equipment_purchase_wan"], ["甲", "=1+1"]])
    response = _upload(client, login("owner"), "a.xlsx", data)
    assert response.status_code == 422 and "B2" in response.json()["detail"]


def test_文件过大答_413_行数过多答_422(db_url: str) -> None:
    app = create_app(make_settings(db_url, max_upload_bytes=1000, max_upload_rows=2))
    try:
        with TestClient(app) as client:
            from huiqi.service.accounts import create_user

            with state_of(app).sessions() as session:
                create_user(session, "owner", "enterprise", "password-123")
            token = client.post("/api/v1/auth/token", json={"username": "owner", "password": "password-123"})
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            big = _upload(client, headers, "a.csv", b"a,b\n" + b"1,2\n" * 400)
            assert big.status_code == 413 and "limit" in big.json()["detail"]
            assert _upload(client, headers, "a.csv", CSV.encode()).status_code == 422
    finally:
        app.state.huiqi.engine.dispose()


def _fake_screener(calls: list[float], fail: bool = False) -> Callable[..., Any]:
    def screen(source: Path, target: Path, as_of: dt.date | None, progress: Callable[[float], None]) -> Any:
        for step in (0.25, 0.5, 0.75):
            progress(step)
            calls.append(step)
        if fail:
            raise RuntimeError("disk full")
        pl.read_csv(source).write_parquet(target)
        return {"rows": 3, "input": str(source)}

    return screen


def test_失败的任务记录原因(db_url: str) -> None:
    app = create_app(make_settings(db_url), screener=_fake_screener([], fail=True))
    try:
        with state_of(app).sessions() as session:
            from huiqi.service.accounts import create_user

            user = create_user(session, "owner", "enterprise", "password-123")
            session.add(ScreeningJob(owner_id=user.id, filename="a.csv", input_format="csv", input_data=b"a\n1\n"))
            session.commit()
        jobs.run_pending(state_of(app))
        with state_of(app).sessions() as session:
            job = session.query(ScreeningJob).one()
            assert job.status == "failed" and "disk full" in (job.error or "")
            assert job.progress == 0.75
    finally:
        app.state.huiqi.engine.dispose()


def test_服务内线程运行任务并报告进度(db_url: str) -> None:
    calls: list[float] = []
    settings = make_settings(db_url, inprocess_worker=True, job_poll_seconds=0.05)
    app = create_app(settings, screener=_fake_screener(calls))
    try:
        with TestClient(app) as client:
            from huiqi.service.accounts import create_user

            with state_of(app).sessions() as session:
                create_user(session, "owner", "enterprise", "password-123")
            token = client.post("/api/v1/auth/token", json={"username": "owner", "password": "password-123"})
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            job = _upload(client, headers, "a.csv", CSV.encode()).json()
            status: dict[str, Any] = {}
            for _ in range(200):
                status = client.get(f"/api/v1/screenings/{job['id']}", headers=headers).json()
                if status["status"] in ("done", "failed"):
                    break
                threading.Event().wait(0.05)
            assert status["status"] == "done" and status["progress"] == 1.0
            assert status["summary"] == {"rows": 3}  # the temporary paths are not kept
            assert calls == [0.25, 0.5, 0.75]
        assert not app.state.runner  # the lifespan stopped the thread
    finally:
        app.state.huiqi.engine.dispose()


def _running_job(settings: Settings, worker: str, heartbeat: dt.datetime) -> int:
    app = create_app(settings)
    try:
        with state_of(app).sessions() as session:
            user = User(username=f"u-{worker[-6:]}", password_hash="x", role="enterprise")
            session.add(user)
            session.flush()
            job = ScreeningJob(owner_id=user.id, filename="a.csv", input_format="csv", input_data=b"a\n1\n",
                               status="running", worker=worker, heartbeat_at=heartbeat, started_at=heartbeat)
            session.add(job)
            session.commit()
            return job.id
    finally:
        app.state.huiqi.engine.dispose()


def test_重启时仍在运行的任务变为失败并说明原因(db_url: str) -> None:
    settings = make_settings(db_url)
    now = dt.datetime.now(dt.UTC)
    dead_here = _running_job(settings, f"{jobs.HOST}:{_dead_pid()}:abc123", now)
    silent = _running_job(settings, "elsewhere:1:def456", now - dt.timedelta(hours=1))
    alive = _running_job(settings, "elsewhere:1:ghi789", now)
    app = create_app(settings)  # the restart
    try:
        with state_of(app).sessions() as session:
            state = {j.id: j for j in session.query(ScreeningJob)}
        for jid in (dead_here, silent):
            assert state[jid].status == "failed" and "restart" in (state[jid].error or "")
            assert state[jid].finished_at is not None
        assert state[alive].status == "running"  # another host's live worker keeps its job
    finally:
        app.state.huiqi.engine.dispose()


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1

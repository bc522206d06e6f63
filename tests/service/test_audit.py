"""Every write is in the audit log, and the log is append-only (API, ORM and database)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from huiqi.service.models import AppendOnlyError, AuditEntry

from .conftest import profile, state_of

Login = Callable[..., dict[str, str]]


def test_每次写操作都记入审计日志(client: TestClient, login: Login) -> None:
    owner, admin = login("owner"), login("root", "admin")
    eid = client.post("/api/v1/enterprises", json=profile(), headers=owner).json()["id"]
    client.put(f"/api/v1/enterprises/{eid}", json=profile(), headers=owner)
    aid = client.post(f"/api/v1/enterprises/{eid}/assessments", headers=owner).json()["id"]
    entries = client.get("/api/v1/audit", headers=admin).json()["items"]
    done = [(e["actor"], e["action"], e["target"]["type"], e["target"]["id"]) for e in entries]
    assert ("owner", "create", "enterprise", str(eid)) in done
    assert ("owner", "update", "enterprise", str(eid)) in done
    assert ("owner", "assess", "assessment", str(aid)) in done
    assert ("cli", "create", "user", None) not in done  # user creation names the user id
    assert any(a == "create" and t == "user" for _, a, t, _ in done)
    assert all(e["at"] for e in entries)


def test_非管理员只读到自己的操作(client: TestClient, login: Login) -> None:
    a, b = login("ent-a"), login("ent-b")
    client.post("/api/v1/enterprises", json=profile(), headers=a)
    assert {e["actor"] for e in client.get("/api/v1/audit", headers=b).json()["items"]} <= {"ent-b"}
    assert "ent-a" in {e["actor"] for e in client.get("/api/v1/audit", headers=a).json()["items"]}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_接口不能修改或删除审计记录(client: TestClient, login: Login, method: str) -> None:
    admin = login("root", "admin")
    assert client.request(method, "/api/v1/audit", headers=admin).status_code == 405
    assert client.request(method, "/api/v1/audit/1", headers=admin).status_code == 404


def test_ORM_拒绝修改审计记录(app: FastAPI, login: Login) -> None:
    login("owner")
    with state_of(app).sessions() as session:
        entry = session.scalars(select(AuditEntry)).first()
        assert entry is not None
        entry.action = "forged"
        with pytest.raises(AppendOnlyError):
            session.commit()


def test_数据库拒绝修改或删除审计记录(app: FastAPI, login: Login) -> None:
    login("owner")
    engine = state_of(app).engine
    for statement in (update(AuditEntry).values(action="forged"), delete(AuditEntry)):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(statement)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'forged'")).scalar() == 0

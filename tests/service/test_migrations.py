"""Migrations build the schema the models describe, from empty and from the previous revision with data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, text

from huiqi.service import migrate
from huiqi.service.app import create_app
from huiqi.service.db import Base, make_engine
from huiqi.service.security import hash_password

from .conftest import make_settings


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'm.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_fresh_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_从空库升级到最新_与模型一致(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    migrate.upgrade(empty_engine)  # a second run changes nothing


def test_带数据从上一版本升级(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0001")
    assert "screening_jobs" not in inspect(empty_engine).get_table_names()
    now = dt.datetime.now(dt.UTC)
    with empty_engine.begin() as conn:
        conn.execute(
            text("INSERT INTO users (username, password_hash, role, active, created_at) "
                 "VALUES ('old', :h, 'enterprise', true, :now)"),
            {"h": hash_password("password-123"), "now": now},
        )
        conn.execute(text("INSERT INTO enterprises (owner_id, name, city, version, created_at, updated_at) "
                          "VALUES (1, '旧企业', '东莞', 1, :now, :now)"), {"now": now})
        conn.execute(text("INSERT INTO profile_versions (enterprise_id, version, profile, created_by, created_at) "
                          "VALUES (1, 1, :p, 1, :now)"),
                     {"p": '{"enterprise": {"name": "旧企业", "city": "东莞市"}, "projects": []}', "now": now})
    url = empty_engine.url.render_as_string(hide_password=False)
    app = create_app(make_settings(url))  # the service upgrades on start
    try:
        assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)
        with TestClient(app) as client:
            token = client.post("/api/v1/auth/token", json={"username": "old", "password": "password-123"})
            assert token.status_code == 200
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            stored = client.get("/api/v1/enterprises/1", headers=headers).json()
            assert stored["enterprise"]["name"] == "旧企业" and stored["version"] == 1
            assert client.post("/api/v1/enterprises/1/assessments", headers=headers).status_code == 201
    finally:
        app.state.huiqi.engine.dispose()


def test_可以降级再升级(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "0001")
    assert "login_attempts" not in inspect(empty_engine).get_table_names()
    migrate.downgrade(empty_engine, "base")
    assert "users" not in inspect(empty_engine).get_table_names()
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)


def test_未指定数据库时在数据目录创建_SQLite_文件(tmp_path: Path) -> None:
    from huiqi.service.settings import Settings

    app = create_app(Settings(data_dir=tmp_path / "data", inprocess_worker=False))
    try:
        assert (tmp_path / "data" / "huiqi.db").exists()
    finally:
        app.state.huiqi.engine.dispose()

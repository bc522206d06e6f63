"""Fixtures: every service test runs against SQLite and, when reachable, PostgreSQL.

PostgreSQL: ``HUIQI_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) names a
server where we may create databases; each test session creates ``huiqi_test_<random>`` and drops it
after. Set ``HUIQI_TEST_PG=off`` to skip PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from huiqi.service.accounts import create_user
from huiqi.service.app import create_app
from huiqi.service.settings import Settings
from huiqi.service.state import ServiceState

PG_ADMIN_URL = os.environ.get("HUIQI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct horse battery"


def _pg_reachable() -> bool:
    if PG_ADMIN_URL == "off":
        return False
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 2})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


PG_AVAILABLE = _pg_reachable()


def create_pg_database() -> str:
    """A new empty database on the test server; its URL."""
    name = f"huiqi_test_{secrets.token_hex(6)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    if not PG_AVAILABLE:
        pytest.skip("PostgreSQL not reachable")
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture()
def pg_fresh_url() -> Iterator[str]:
    """A database of its own for one test (migration tests start from empty)."""
    if not PG_AVAILABLE:
        pytest.skip("PostgreSQL not reachable")
    url = create_pg_database()
    yield url
    drop_pg_database(url)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """An empty (or emptied) database of either backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'huiqi.db'}"
        return
    url: str = request.getfixturevalue("pg_session_url")
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        ).scalars().all()
        if tables:  # TRUNCATE fires no row trigger: the audit log's append-only guard stays
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


def make_settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "secret_key": "test-secret-key",
        "inprocess_worker": False,
        "login_max_failures": 3,
        "login_window_seconds": 600,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture()
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


@pytest.fixture()
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.huiqi.engine.dispose()


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def state_of(app: FastAPI) -> ServiceState:
    state: ServiceState = app.state.huiqi
    return state


@pytest.fixture()
def make_user(app: FastAPI) -> Callable[..., int]:
    def make(name: str, role: str = "enterprise", jurisdiction: str | None = None) -> int:
        with state_of(app).sessions() as session:
            return create_user(session, name, role, PASSWORD, jurisdiction).id

    return make


@pytest.fixture()
def login(client: TestClient, make_user: Callable[..., int]) -> Callable[..., dict[str, str]]:
    """Create a user and log in: the Authorization header."""

    def do(name: str, role: str = "enterprise", jurisdiction: str | None = None) -> dict[str, str]:
        make_user(name, role, jurisdiction)
        response = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return do


def profile(city: str = "东莞市", county: str | None = "长安镇", name: str = "示例企业") -> dict[str, Any]:
    enterprise: dict[str, Any] = {"name": name, "city": city, "employees": 120}
    if county:
        enterprise["county"] = county
    return {
        "enterprise": enterprise,
        "projects": [
            {"id": "p1", "kind": "tech_upgrade", "city": city, "equipment_purchase_wan": 900,
             "completed_on": "2022-11-30", "in_tech_upgrade_statistics": True}
        ],
    }


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: runs against the PostgreSQL test server")

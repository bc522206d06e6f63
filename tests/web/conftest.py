"""Fixtures of the web UI tests: an app with the pages mounted on a temporary SQLite database, seeded
with users of every role and enterprises in 东莞 and 佛山; a live server on 127.0.0.1 for the browser."""

from __future__ import annotations

import copy
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from huiqi.service.accounts import create_user
from huiqi.service.app import create_app
from huiqi.service.models import Enterprise, ProfileVersion
from huiqi.service.settings import Settings
from huiqi.web import mount

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
EXAMPLE: dict[str, Any] = json.loads((ROOT / "examples" / "dongguan-equipment.json").read_text("utf-8"))
USERS = {
    "admin": ("admin", None),
    "dg-bureau": ("bureau", "东莞市"),
    "dg-company": ("enterprise", None),
    "fs-company": ("enterprise", None),
}


def foshan_profile() -> dict[str, Any]:
    profile = copy.deepcopy(EXAMPLE)
    profile["enterprise"].update(name="佛山市示例机械有限公司", city="佛山市", county="顺德区", credit_code=None)
    profile["enterprise"].pop("credit_code")
    profile["projects"][0].update(city="佛山", name="顺德数控产线改造")
    return profile


@dataclass
class Site:
    app: FastAPI
    data_dir: Path
    enterprises: dict[str, int]


def build_site(tmp: Path) -> Site:
    app = create_app(Settings(data_dir=tmp, inprocess_worker=True, job_poll_seconds=0.2, login_max_failures=5))
    mount(app)
    sessions = app.state.huiqi.sessions
    ids: dict[str, int] = {}
    with sessions() as session:
        users = {name: create_user(session, name, role, PASSWORD, where) for name, (role, where) in USERS.items()}
        for key, owner, profile in (("dongguan", "dg-company", EXAMPLE), ("foshan", "fs-company", foshan_profile())):
            ent = profile["enterprise"]
            city = ent["city"].removesuffix("市")
            row = Enterprise(owner_id=users[owner].id, name=ent["name"], city=city, county=ent.get("county"))
            session.add(row)
            session.flush()
            session.add(ProfileVersion(enterprise_id=row.id, version=1, created_by=users[owner].id,
                                       profile={"enterprise": ent, "projects": profile["projects"]}))
            ids[key] = row.id
        session.commit()
    return Site(app, tmp, ids)


@pytest.fixture()
def site(tmp_path: Path) -> Site:
    return build_site(tmp_path)


@pytest.fixture()
def client(site: Site) -> Iterator[TestClient]:
    with TestClient(site.app, raise_server_exceptions=False) as c:
        yield c


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page without a CSRF token"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf(client.get("/login").text)
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": password,
                                           "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text


def batch_workbook(path: Path) -> None:
    """Four enterprises (东莞 1800 and 650 万元, 佛山 2400, 韶关 500) with one 技改 project each, in the
    template's dotted headers: the upload of the screening tests and of README's screenshot."""
    from openpyxl import Workbook

    ent, project = EXAMPLE["enterprise"], EXAMPLE["projects"][0]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = ["enterprise.name", "enterprise.city", "enterprise.registered_in_guangdong",
              "enterprise.operating_in_guangdong", "enterprise.independent_legal_person", "enterprise.industry_code",
              "enterprise.compliance.tax_violation", "project.id", "project.kind", "project.city",
              "project.prohibited_by_policy", "project.equipment_purchase_wan", "project.in_tech_upgrade_statistics",
              "project.received_provincial_funding", "project.completed_on", "project.started_on",
              "enterprise.compliance.dishonest_debtor", "enterprise.compliance.major_accident_3y", "project.management",
              "project.filed_on", "project.planned_start", "project.planned_completion"]
    sheet.append(header)
    for i, (city, amount) in enumerate([("东莞", 1800), ("东莞", 650), ("佛山", 2400), ("韶关", 500)]):
        sheet.append([f"企业{i}", city, "是", "是", "是", ent["industry_code"], "否", f"p{i}", "tech_upgrade", city,
                      "否", amount, "是", "否", project["completed_on"], project["started_on"], "否", "否", "备案",
                      project["filed_on"], project["planned_start"], project["planned_completion"]])
    book.save(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    site: Site


@contextmanager
def serving(site: Site) -> Iterator[Live]:
    """``site`` served by uvicorn on 127.0.0.1 in a thread, stopped on exit."""
    import uvicorn

    listener = socket.socket()  # bound here, handed to uvicorn: no other process can take the port meanwhile
    listener.bind(("127.0.0.1", 0))
    port = int(listener.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True,
                              name="huiqi-test-server")
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        yield Live(f"http://127.0.0.1:{port}", site)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app served on 127.0.0.1 for one test module: what one module's tests write (profiles, logins,
    batches) never reaches another's, whichever modules share a process and in whatever order they run."""
    with serving(build_site(tmp_path_factory.mktemp("live"))) as served:
        yield served


# --- the browser tests' Chromium and screenshot folder (test_browser*.py, test_interview_browser.py) ---

CHROMIUM = os.environ.get("HUIQI_CHROMIUM", "/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
#: where screenshots go: a temporary folder, or ``$HUIQI_TEST_ARTIFACTS`` where set (never the repository)
SHOTS: dict[str, Path] = {}


def skip_without_browser() -> Any:
    """Playwright's sync API, or skip the calling module where Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped",
                    allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = skip_without_browser()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("HUIQI_TEST_ARTIFACTS")
    SHOTS["dir"] = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    SHOTS["dir"].mkdir(parents=True, exist_ok=True)
    return SHOTS["dir"]

"""The calendar's first and last days in every date the open endpoints take: an answer or a 422 naming
the field, never a server error (date arithmetic past 9999-12-31 once made the timeline answer 500)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from huiqi.service.app import create_app
from huiqi.service.schemas import EXAMPLE_PROFILE, EXAMPLE_TIMELINE_PROJECT
from huiqi.service.settings import Settings

EDGES = ["0001-01-01", "0001-12-31", "9998-12-31", "9999-12-31"]
PROFILE = {k: v for k, v in EXAMPLE_PROFILE.items() if k != "as_of"}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("edges") / "edges.db"
    app = create_app(Settings(database_url=f"sqlite:///{db}", inprocess_worker=False))  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.huiqi.engine.dispose()


def _dated_profile(day: str) -> dict[str, Any]:
    enterprise = {**PROFILE["enterprise"], "established": day}
    project = {**PROFILE["projects"][0], "filed_on": day, "started_on": day, "completed_on": day}
    return {"enterprise": enterprise, "projects": [project]}


def _answered(response: Any) -> None:
    assert response.status_code in (200, 422), response.text[:500]
    if response.status_code == 422:
        assert all(entry["loc"] for entry in response.json()["detail"])


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("path", ["/api/v1/assess", "/api/v1/advise"])
def test_评估与建议(api: TestClient, path: str, day: str) -> None:
    _answered(api.post(path, params={"as_of": day}, json=PROFILE))
    _answered(api.post(path, params={"as_of": day}, json=_dated_profile(day)))
    _answered(api.post(path, json=_dated_profile(day)))


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("management", ["filing", "approval"])
def test_时限(api: TestClient, management: str, day: str) -> None:
    first = {"filing": "filed", "approval": "received"}[management]
    events = [{"type": first, "date": day}]
    if management == "approval":
        events += [{"type": "accepted", "date": day}, {"type": "approved", "date": day}]
    project = {**EXAMPLE_TIMELINE_PROJECT, "management": management, "planned_start": day, "events": events}
    _answered(api.post("/api/v1/timeline", params={"as_of": day}, json=project))
    _answered(api.post("/api/v1/timeline", params={"as_of": "9999-12-31"}, json=project))


@pytest.mark.parametrize("day", EDGES)
def test_资金分配(api: TestClient, day: str) -> None:
    body = {"projects": [{"project.id": "a", "enterprise.city": "东莞", "project.equipment_purchase_wan": 900}],
            "budget_wan": 100, "as_of": day}
    _answered(api.post("/api/v1/funds/allocate", json=body))

"""The open computation endpoints answer exactly what the library and the CLI answer."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from huiqi.advice import advise
from huiqi.service.app import create_app
from huiqi.service.settings import Settings

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "dongguan-equipment.json").read_text())


def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", inprocess_worker=False)))


def test_advise_matches_the_library(tmp_path: Path) -> None:
    with client(tmp_path) as api:
        answer = api.post("/api/v1/advise", json=EXAMPLE, params={"as_of": "2023-06-01"})
    assert answer.status_code == 200
    expected = json.loads(json.dumps(advise(EXAMPLE, as_of=__import__("datetime").date(2023, 6, 1)), default=str))
    assert [a["program"] for a in answer.json()["advice"]] == [a["program"] for a in expected["advice"]]


def test_allocate_shares_a_budget_at_one_ratio(tmp_path: Path) -> None:
    body = {
        "projects": [
            {"project.id": "a", "enterprise.city": "东莞", "project.equipment_purchase_wan": 1000},
            {"project.id": "b", "enterprise.city": "东莞", "project.equipment_purchase_wan": 3000},
        ],
        "budget_wan": 400,
        "as_of": "2023-06-01",
    }
    with client(tmp_path) as api:
        answer = api.post("/api/v1/funds/allocate", json=body)
    assert answer.status_code == 200, answer.text
    rewards = {a["project"]: a["reward_wan"] for a in answer.json()["allocations"]}
    assert rewards == {"a": 100.0, "b": 300.0}  # 400 / 4000 = 10% for both, below the 20% cap


def test_allocate_refuses_a_bad_body(tmp_path: Path) -> None:
    with client(tmp_path) as api:
        answer = api.post("/api/v1/funds/allocate", json={"projects": [], "budget_wan": -1})
    assert answer.status_code == 422

"""Open endpoints answer as the core does (one core, thin shells), errors in FastAPI's 422 shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from huiqi.engine import default_engine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_健康检查答_ok(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_就绪检查看数据库是否可用(app: FastAPI, client: TestClient) -> None:
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}
    state = app.state.huiqi
    working = state.engine
    state.engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 2})
    try:
        answer = client.get("/readyz")
    finally:
        state.engine.dispose()
        state.engine = working
    assert answer.status_code == 503 and answer.json() == {"status": "unavailable", "database": "unavailable"}
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_评估接口与核心给出同一答案(client: TestClient) -> None:
    data = json.loads((EXAMPLES / "dongguan-equipment.json").read_text())
    response = client.post("/api/v1/assess", json=data)
    assert response.status_code == 200
    body = response.json()
    expected = json.loads(json.dumps(default_engine().assess(data), default=float))
    assert body["results"] == expected["results"]
    assert body["rules_version"] == default_engine().rules_version


def test_as_of_查询参数优先于画像中的日期(client: TestClient) -> None:
    data = json.loads((EXAMPLES / "dongguan-equipment.json").read_text())
    response = client.post("/api/v1/assess", params={"as_of": "2022-06-01"}, json=data)
    assert response.json()["as_of"] == "2022-06-01"


def test_错误的城市答_422_并指明字段(client: TestClient) -> None:
    response = client.post("/api/v1/assess", json={"enterprise": {"city": "东京"}})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "enterprise", "city"]
    assert "东京" in detail[0]["msg"]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"projects": [{"name": "no id"}]}'])
def test_不是画像的请求体答_422(client: TestClient, body: str) -> None:
    response = client.post("/api/v1/assess", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert all("loc" in d and "msg" in d for d in response.json()["detail"])


def test_项目字段错误的位置含下标(client: TestClient) -> None:
    response = client.post("/api/v1/assess", json={"projects": [{"id": "p1", "equipment_purchase_wan": -5}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:3] == ["body", "projects", 0]


def test_时限接口(client: TestClient) -> None:
    project = json.loads((EXAMPLES / "timeline" / "filing.json").read_text())
    response = client.post("/api/v1/timeline", params={"as_of": "2021-10-01"}, json=project)
    assert response.status_code == 200, response.text
    deadlines = {d["id"]: d for d in response.json()["deadlines"]}
    assert deadlines["filing-check"]["due"] == "2021-10-11"


def test_时限接口缺少管理方式答_422(client: TestClient) -> None:
    response = client.post("/api/v1/timeline", json={"events": [{"type": "filed", "date": "2021-09-30"}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "management"]


def test_检索接口(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "设备购置 奖励", "limit": 3})
    if response.status_code == 503:
        pytest.skip("search index not available in this build")
    hits = response.json()["hits"]
    assert 0 < len(hits) <= 3
    assert {"doc", "doc_title", "ref", "text", "score"} <= set(hits[0])


def test_检索参数越界答_422(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"q": "x", "limit": 0}).status_code == 422
    assert client.get("/api/v1/search").status_code == 422


def test_政策项目列表与详情(client: TestClient) -> None:
    items = client.get("/api/v1/programs").json()["items"]
    ids = [p["id"] for p in items]
    assert "tech-upgrade-equipment-reward" in ids
    detail = client.get("/api/v1/programs/tech-upgrade-equipment-reward").json()
    rule = detail["rules"][-1]
    assert rule["criteria"] and all(c["clause"]["doc"] for c in rule["criteria"])
    assert rule["parameters"]
    # the family's timeline: 5号 answers until 7号 starts (2025-01-01), 7号 rests on reposts
    timeline = {v["number"]: v for v in detail["timeline"]}
    assert timeline["粤工信规字〔2021〕5号"]["answers_until"] == "2024-12-31"
    assert timeline["粤工信规字〔2021〕5号"]["superseded_by"] == "粤工信规字〔2024〕7号"
    assert timeline["粤工信规字〔2024〕7号"]["quality"] == "R"
    missing = client.get("/api/v1/programs/no-such-program")
    assert missing.status_code == 404 and "tech-upgrade-equipment-reward" in missing.json()["detail"]


def test_评估答复含挂牌上市梯度(client: TestClient) -> None:
    profile = {"as_of": "2025-06-01", "enterprise": {"financials": {
        "2023": {"net_profit": 4000, "revenue": 30000}, "2024": {"net_profit": 6000, "revenue": 35000}}}}
    tier = client.post("/api/v1/assess", json=profile).json()["listing_tier"]
    # 创业板 2.1.2 (一): 最近两年净利润均为正，累计不低于 5000 万元 — 4000 + 6000 meets it
    assert tier["tier"] == "priority" and "listing-chinext" in tier["boards"]
    assert tier["assumption"]["id"] == "listing-tier-rule"


def test_文件与条款(client: TestClient) -> None:
    response = client.get("/api/v1/docs")
    if response.status_code == 503:
        pytest.skip("corpus not available in this build")
    docs = response.json()["items"]
    assert any(d["id"] == "tech-upgrade-fund" for d in docs)
    doc = client.get("/api/v1/docs/tech-upgrade-fund").json()
    assert doc["type"] == "document" and doc["clauses"]
    clause = client.get("/api/v1/docs/tech-upgrade-fund%23art8-i1-s5").json()
    assert clause["type"] == "clause" and clause["doc"] == "tech-upgrade-fund"
    assert client.get("/api/v1/docs/nothing-here").status_code == 404


def test_OpenAPI_文档列出全部接口并带示例(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ["/healthz", "/api/v1/assess", "/api/v1/timeline", "/api/v1/search", "/api/v1/programs",
                 "/api/v1/programs/{program}", "/api/v1/docs", "/api/v1/docs/{ident}", "/api/v1/auth/token",
                 "/api/v1/enterprises", "/api/v1/enterprises/{enterprise_id}",
                 "/api/v1/enterprises/{enterprise_id}/assessments", "/api/v1/screenings",
                 "/api/v1/screenings/{job_id}", "/api/v1/screenings/{job_id}/result", "/api/v1/audit"]:
        assert path in paths, path
    assess = paths["/api/v1/assess"]["post"]["requestBody"]["content"]["application/json"]
    assert assess["schema"] == {"$ref": "#/components/schemas/Profile"}
    assert assess["examples"]
    assert "Profile" in spec["components"]["schemas"]


def test_接口文档页不依赖_CDN(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    scripts = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert scripts and all(url.startswith("/api/docs-static/") for url in scripts), scripts
    for url in scripts:
        assert client.get(url).status_code == 200, url


def test_错误信息以中文标签说明字段且不带_pydantic_的英文(client: TestClient) -> None:
    body = {"enterprise": {"city": "东莞", "employees": -3}, "projects": [{"id": "p1", "kind": "tech_upgradee"}]}
    detail = client.post("/api/v1/assess", json=body).json()["detail"]
    by_loc = {tuple(d["loc"]): d["msg"] for d in detail}
    assert by_loc[("body", "enterprise", "employees")] == "从业人员：不能为负数，填写的是 -3"
    assert by_loc[("body", "projects", 0, "kind")].startswith("项目类型：应为以下之一：技术改造（tech_upgrade）")
    assert not any("Value error" in m or "Input should" in m for m in by_loc.values())

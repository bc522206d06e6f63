"""Stored profiles keep every version; stored assessments record what produced them."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from huiqi.engine import default_engine

from .conftest import profile

Login = Callable[..., dict[str, str]]


def test_登记_读取_更新保留旧版本(client: TestClient, login: Login) -> None:
    headers = login("owner")
    created = client.post("/api/v1/enterprises", json=profile(name="甲公司"), headers=headers)
    assert created.status_code == 201
    body = created.json()
    eid = body["id"]
    assert body["version"] == 1 and body["name"] == "甲公司" and body["city"] == "东莞"
    updated = client.put(f"/api/v1/enterprises/{eid}", json=profile(name="甲公司（更名）"), headers=headers)
    assert updated.status_code == 200 and updated.json()["version"] == 2
    current = client.get(f"/api/v1/enterprises/{eid}", headers=headers).json()
    assert current["version"] == 2 and current["enterprise"]["name"] == "甲公司（更名）"
    first = client.get(f"/api/v1/enterprises/{eid}", params={"version": 1}, headers=headers).json()
    assert first["version"] == 1 and first["enterprise"]["name"] == "甲公司"
    assert first["projects"][0]["id"] == "p1"
    assert client.get(f"/api/v1/enterprises/{eid}", params={"version": 3}, headers=headers).status_code == 404


def test_坏的企业画像答_422_带字段位置(client: TestClient, login: Login) -> None:
    headers = login("owner")
    response = client.post("/api/v1/enterprises", json={"enterprise": {"city": "东京"}}, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "enterprise", "city"]
    missing = client.post("/api/v1/enterprises", json={"projects": []}, headers=headers)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "enterprise"]


def test_未定义字段只作警告(client: TestClient, login: Login) -> None:
    data = profile()
    data["enterprise"]["favourite_colour"] = "red"
    response = client.post("/api/v1/enterprises", json=data, headers=login("owner"))
    assert response.status_code == 201
    assert any("favourite_colour" in w for w in response.json()["warnings"])


def test_评估被保存_记录画像版本_评估日期与规则版本(client: TestClient, login: Login) -> None:
    headers = login("owner")
    eid = client.post("/api/v1/enterprises", json=profile(), headers=headers).json()["id"]
    first = client.post(f"/api/v1/enterprises/{eid}/assessments", json={"as_of": "2023-06-01"}, headers=headers)
    assert first.status_code == 201, first.text
    result = first.json()
    assert result["as_of"] == "2023-06-01" and result["profile_version"] == 1
    assert result["rules_version"] == default_engine().rules_version
    assert result["results"] and result["id"] and result["created_at"]
    client.put(f"/api/v1/enterprises/{eid}", json=profile(county="虎门镇"), headers=headers)
    second = client.post(f"/api/v1/enterprises/{eid}/assessments", headers=headers)  # no body: today
    assert second.status_code == 201 and second.json()["profile_version"] == 2
    items = client.get(f"/api/v1/enterprises/{eid}/assessments", headers=headers).json()["items"]
    assert [a["profile_version"] for a in items] == [1, 2]
    assert items[0]["results"] == result["results"]


def test_评估请求体错误答_422(client: TestClient, login: Login) -> None:
    headers = login("owner")
    eid = client.post("/api/v1/enterprises", json=profile(), headers=headers).json()["id"]
    response = client.post(f"/api/v1/enterprises/{eid}/assessments", json={"as_of": "June"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "as_of"]

"""Who sees what (contract §7): owners, bureaus by jurisdiction (read-only), admins; the rest is 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from .conftest import profile

Login = Callable[..., dict[str, str]]


def _create(client: TestClient, headers: dict[str, str], city: str, county: str | None) -> int:
    response = client.post("/api/v1/enterprises", json=profile(city, county), headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _visible(client: TestClient, headers: dict[str, str]) -> set[int]:
    return {e["id"] for e in client.get("/api/v1/enterprises", headers=headers).json()["items"]}


def test_企业用户只看得到自己登记的企业(client: TestClient, login: Login) -> None:
    a, b = login("ent-a"), login("ent-b")
    ea = _create(client, a, "东莞市", "虎门镇")
    eb = _create(client, b, "东莞市", "虎门镇")
    assert _visible(client, a) == {ea} and _visible(client, b) == {eb}
    for method, path in [("get", f"/api/v1/enterprises/{eb}"), ("get", f"/api/v1/enterprises/{eb}/assessments"),
                         ("post", f"/api/v1/enterprises/{eb}/assessments")]:
        response = client.request(method.upper(), path, headers=a)
        missing = client.request(method.upper(), path.replace(str(eb), "999999"), headers=a)
        assert response.status_code == 404 and response.json() == missing.json()
    put = client.put(f"/api/v1/enterprises/{eb}", json=profile(), headers=a)
    assert put.status_code == 404
    assert client.get(f"/api/v1/enterprises/{eb}", headers=b).json()["version"] == 1


def test_东莞局看不到佛山企业_省厅都看得到(client: TestClient, login: Login) -> None:
    owner = login("owner")
    dg = _create(client, owner, "东莞市", "长安镇")
    fs = _create(client, owner, "佛山市", "顺德区")
    dg_bureau, province = login("dg", "bureau", "东莞市"), login("gd", "bureau", "广东省")
    assert _visible(client, dg_bureau) == {dg}
    assert client.get(f"/api/v1/enterprises/{fs}", headers=dg_bureau).status_code == 404
    assert client.get(f"/api/v1/enterprises/{dg}", headers=dg_bureau).status_code == 200
    assert _visible(client, province) == {dg, fs}


def test_镇街局只看本镇_县区未知的企业不可见(client: TestClient, login: Login) -> None:
    owner = login("owner")
    ssh = _create(client, owner, "东莞市", "松山湖")
    hm = _create(client, owner, "东莞市", "虎门镇")
    unknown = _create(client, owner, "东莞市", None)
    ssh_bureau, hm_bureau = login("ssh", "bureau", "东莞市/松山湖"), login("hm", "bureau", "东莞市/虎门镇")
    assert _visible(client, ssh_bureau) == {ssh}
    assert _visible(client, hm_bureau) == {hm}
    assert client.get(f"/api/v1/enterprises/{hm}", headers=ssh_bureau).status_code == 404
    assert client.get(f"/api/v1/enterprises/{unknown}", headers=hm_bureau).status_code == 404
    assert _visible(client, login("dg", "bureau", "东莞市")) == {ssh, hm, unknown}


def test_企业迁出辖区后局端不再可见(client: TestClient, login: Login) -> None:
    owner, hm_bureau = login("owner"), login("hm", "bureau", "东莞市/虎门镇")
    eid = _create(client, owner, "东莞市", "虎门镇")
    assert client.get(f"/api/v1/enterprises/{eid}", headers=hm_bureau).status_code == 200
    client.put(f"/api/v1/enterprises/{eid}", json=profile("东莞市", "长安镇"), headers=owner)
    assert client.get(f"/api/v1/enterprises/{eid}", headers=hm_bureau).status_code == 404


def test_局端只读(client: TestClient, login: Login) -> None:
    owner, bureau = login("owner"), login("dg", "bureau", "东莞市")
    eid = _create(client, owner, "东莞市", "长安镇")
    assert client.put(f"/api/v1/enterprises/{eid}", json=profile(), headers=bureau).status_code == 403
    assert client.post(f"/api/v1/enterprises/{eid}/assessments", headers=bureau).status_code == 403
    assert client.post("/api/v1/enterprises", json=profile(), headers=bureau).status_code == 403
    assert client.get(f"/api/v1/enterprises/{eid}/assessments", headers=bureau).status_code == 200


def test_管理员看得到也改得了一切(client: TestClient, login: Login) -> None:
    owner, admin = login("owner"), login("root", "admin")
    eid = _create(client, owner, "佛山市", None)
    assert eid in _visible(client, admin)
    assert client.put(f"/api/v1/enterprises/{eid}", json=profile("佛山市", None), headers=admin).status_code == 200
    assert client.post(f"/api/v1/enterprises/{eid}/assessments", headers=admin).status_code == 201


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/enterprises"), ("POST", "/api/v1/enterprises"), ("GET", "/api/v1/enterprises/1"),
     ("PUT", "/api/v1/enterprises/1"), ("POST", "/api/v1/enterprises/1/assessments"),
     ("GET", "/api/v1/enterprises/1/assessments"), ("POST", "/api/v1/screenings"),
     ("GET", "/api/v1/screenings/1"), ("GET", "/api/v1/screenings/1/result"), ("GET", "/api/v1/audit")],
)
def test_需要登录的接口无令牌答_401(client: TestClient, method: str, path: str) -> None:
    assert client.request(method, path).status_code == 401
    assert client.request(method, path, headers={"Authorization": "Bearer x.y"}).status_code == 401

"""Login, tokens and the rate limit (contract §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from huiqi.service.models import User

from .conftest import PASSWORD, state_of


def _token(client: TestClient, username: str, password: str = PASSWORD) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    return response.status_code, response.json()


def test_正确的密码换得令牌(client: TestClient, make_user: Callable[..., int]) -> None:
    make_user("alice")
    code, body = _token(client, "alice")
    assert code == 200
    assert body["token_type"] == "bearer" and body["access_token"]
    assert 0 < int(body["expires_in"]) <= 8 * 3600  # type: ignore[call-overload]
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert client.get("/api/v1/enterprises", headers=headers).status_code == 200


def test_密码错误与用户不存在的回答相同(client: TestClient, make_user: Callable[..., int]) -> None:
    make_user("alice")
    wrong_password = client.post("/api/v1/auth/token", json={"username": "alice", "password": "nope-nope"})
    no_user = client.post("/api/v1/auth/token", json={"username": "nobody", "password": "nope-nope"})
    assert wrong_password.status_code == no_user.status_code == 401
    assert wrong_password.json() == no_user.json()


def test_连续失败后按用户名和地址限流(client: TestClient, make_user: Callable[..., int]) -> None:
    make_user("alice")
    make_user("bob")
    for _ in range(3):  # the fixture allows 3 failures
        assert _token(client, "alice", "wrong-wrong")[0] == 401
    response = client.post("/api/v1/auth/token", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert _token(client, "bob")[0] == 200  # another username is not affected


def test_限流记录在数据库里_另一进程同样生效(app: FastAPI, client: TestClient, make_user: Callable[..., int]) -> None:
    from huiqi.service.app import create_app

    make_user("alice")
    for _ in range(3):
        _token(client, "alice", "wrong-wrong")
    other = create_app(state_of(app).settings)  # a second server on the same database
    with TestClient(other) as second:
        assert _token(second, "alice")[0] == 429
    other.state.huiqi.engine.dispose()


def test_成功登录清除失败计数(client: TestClient, make_user: Callable[..., int]) -> None:
    make_user("alice")
    for _ in range(2):
        _token(client, "alice", "wrong-wrong")
    assert _token(client, "alice")[0] == 200
    for _ in range(2):
        _token(client, "alice", "wrong-wrong")
    assert _token(client, "alice")[0] == 200


def test_无令牌_坏令牌_过期令牌均答_401(app: FastAPI, client: TestClient, make_user: Callable[..., int]) -> None:
    user_id = make_user("alice")
    signer = state_of(app).signer
    good, _ = signer.issue(user_id)
    expired, _ = signer.issue(user_id, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer garbage"},
                    {"Authorization": f"Bearer {tampered}"}, {"Authorization": f"Bearer {expired}"},
                    {"Authorization": f"Basic {good}"}):
        response = client.get("/api/v1/enterprises", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {good}"}).status_code == 200


def test_另一密钥签发的令牌无效(app: FastAPI, client: TestClient, make_user: Callable[..., int]) -> None:
    from huiqi.service.security import TokenSigner

    user_id = make_user("alice")
    forged, _ = TokenSigner(b"another-key", dt.timedelta(hours=1)).issue(user_id)
    assert client.get("/api/v1/audit", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_停用的用户的令牌失效(app: FastAPI, client: TestClient, login: Callable[..., dict[str, str]]) -> None:
    headers = login("alice")
    with state_of(app).sessions() as session:
        session.execute(update(User).where(User.username == "alice").values(active=False))
        session.commit()
    assert client.get("/api/v1/enterprises", headers=headers).status_code == 401
    assert _token(client, "alice")[0] == 401


def test_未配置密钥时使用数据库中生成的密钥_各进程一致(db_url: str) -> None:
    from huiqi.service.app import create_app

    from .conftest import make_settings

    first = create_app(make_settings(db_url, secret_key=None))
    second = create_app(make_settings(db_url, secret_key=None))
    try:
        token, _ = state_of(first).signer.issue(1)
        assert state_of(second).signer.verify(token) == 1
    finally:
        first.state.huiqi.engine.dispose()
        second.state.huiqi.engine.dispose()

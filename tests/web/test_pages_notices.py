"""免申即享 pages through a plain TestClient: roles, CSRF, owners only, the unread count, e-mail addresses."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient
from sqlalchemy import select

from huiqi.service.models import User

from .conftest import Site, csrf, login


def _logout(client: TestClient) -> None:
    client.post("/logout", data={"csrf_token": csrf(client.get("/").text)})


def _match(client: TestClient) -> int:
    token = csrf(client.get("/matches").text)
    response = client.post("/matches", data={"csrf_token": token, "program": "tech-upgrade-equipment-reward",
                                             "as_of": "2023-06-01"}, follow_redirects=False)
    assert response.status_code == 303
    match_id = int(response.headers["location"].rsplit("/", 1)[1])
    for _ in range(300):  # the in-process runner
        if client.get(f"/matches/{match_id}/status.json").json()["status"] == "done":
            return match_id
        time.sleep(0.1)
    raise AssertionError("the match did not finish")


def test_匹配页只给主管部门_通知只给所有者(client: TestClient, site: Site) -> None:
    login(client, "dg-company")
    assert client.get("/matches").status_code == 403
    _logout(client)
    login(client, "dg-bureau")
    bad = client.post("/matches", data={"csrf_token": csrf(client.get("/matches").text), "program": "x",
                                        "as_of": "2023-06-01"})
    assert bad.status_code == 422 and "请选择一个政策项目" in bad.text
    assert client.post("/matches", data={"program": "tech-upgrade-equipment-reward"}).status_code == 403  # CSRF
    match_id = _match(client)
    page = client.get(f"/matches/{match_id}")
    assert "已核对 1 家企业，本次向 1 家企业发出通知" in page.text and "东莞市示例电子元件有限公司" in page.text
    export = client.get(f"/matches/{match_id}/notified.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    _logout(client)

    login(client, "fs-company")
    assert client.get(f"/matches/{match_id}").status_code == 404  # not theirs: as if it did not exist
    assert 'class="count"' not in client.get("/notices").text
    _logout(client)

    login(client, "dg-company")
    inbox = client.get("/notices")
    assert re.search(r'消息 <span class="count"[^>]*>1</span>', inbox.text)
    notice = int(re.search(r'id="notice-(\d+)"', inbox.text).group(1))  # type: ignore[union-attr]
    _logout(client)

    login(client, "fs-company")
    token = csrf(client.get("/notices").text)
    assert client.post(f"/notices/{notice}/read", data={"csrf_token": token}).status_code == 404
    _logout(client)

    login(client, "admin")
    assert client.get(f"/matches/{match_id}").status_code == 200
    _logout(client)

    login(client, "dg-company")
    token = csrf(client.get("/notices").text)
    assert client.post(f"/notices/{notice}/read", data={"csrf_token": token}, follow_redirects=False
                       ).status_code == 303
    assert 'class="count"' not in client.get("/notices").text


def test_邮箱由本人或管理员修改(client: TestClient, site: Site) -> None:
    with site.app.state.huiqi.sessions() as session:
        target = session.scalars(select(User).where(User.username == "fs-company")).one().id
    login(client, "dg-company")
    assert client.get(f"/account/email?user={target}").status_code == 404
    token = csrf(client.get("/account/email").text)
    saved = client.post("/account/email", data={"csrf_token": token, "email": "dg@dg-company.example.cn"})
    assert saved.status_code == 200 and "邮箱已保存：dg@dg-company.example.cn" in saved.text
    _logout(client)
    login(client, "admin")
    form = client.get(f"/account/email?user={target}")
    assert form.status_code == 200 and "fs-company" in form.text
    wrong = client.post(f"/account/email?user={target}", data={"csrf_token": csrf(form.text), "email": "a b@c"})
    assert wrong.status_code == 422 and "电子邮箱地址格式不正确" in wrong.text
    client.post(f"/account/email?user={target}", data={"csrf_token": csrf(form.text), "email": "fs@example.cn"})
    with site.app.state.huiqi.sessions() as session:
        emails = {u.username: u.email for u in session.scalars(select(User))}
    assert emails["fs-company"] == "fs@example.cn" and emails["dg-company"] == "dg@dg-company.example.cn"
    assert emails["admin"] is None

"""Notice e-mails through a real SMTP server in the test process (aiosmtpd), the outage and its retry,
and the deadline reminders 30 and 7 days before, once, on a fixed clock."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from huiqi.service import jobs, notices
from huiqi.service.accounts import AccountError, create_user
from huiqi.service.app import create_app
from huiqi.service.models import MailOutbox, Notice, User

from .conftest import PASSWORD, make_settings, state_of
from .test_matches import AS_OF, PROGRAM, full, undetermined


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def smtp_port() -> int:
    return _free_port()


def _server(port: int, inbox: Inbox) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture()
def mail_app(db_url: str, smtp_port: int) -> Iterator[FastAPI]:
    settings = make_settings(db_url, smtp_url=f"smtp://127.0.0.1:{smtp_port}", mail_from="huiqi@dg.example.gov.cn",
                             public_url="https://huiqi.example.gov.cn", mail_retry_seconds=30,
                             mail_retry_max_seconds=300)
    app = create_app(settings)
    yield app
    state_of(app).engine.dispose()


def _user(app: FastAPI, name: str, role: str = "enterprise", jurisdiction: str | None = None,
          email: str | None = None) -> dict[str, str]:
    with state_of(app).sessions() as session:
        create_user(session, name, role, PASSWORD, jurisdiction, email=email)
    return {"name": name}


def _headers(client: TestClient, name: str) -> dict[str, str]:
    token = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _text(value: str) -> str:
    return str(make_header(decode_header(value)))


def test_通知邮件经真实_SMTP_服务器_停机时延迟不丢失(mail_app: FastAPI, smtp_port: int) -> None:
    app, state = mail_app, state_of(mail_app)
    _user(app, "owner-a", email="a@example.cn")
    _user(app, "owner-b", email="b@example.cn")
    _user(app, "owner-c")  # no address: told in the inbox only
    _user(app, "dg", "bureau", "东莞市", email="dg@example.cn")
    with TestClient(app) as client:
        a, b, c, dg = (_headers(client, n) for n in ("owner-a", "owner-b", "owner-c", "dg"))
        client.post("/api/v1/enterprises", headers=a, json=full("东莞甲公司"))
        client.post("/api/v1/enterprises", headers=b, json=undetermined("虎门乙公司"))
        client.post("/api/v1/enterprises", headers=c, json=full("东莞丙公司"))
        assert client.post("/api/v1/matches", headers=dg, json={"program": PROGRAM, "as_of": AS_OF}).status_code == 202
        jobs.run_pending(state)
        assert len(client.get("/api/v1/notices", headers=c).json()["items"]) == 1

    # the server is down: nothing is lost, each row waits its back-off
    t0 = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=1)  # the outbox's clock, fixed
    assert notices.send_due(state, "w1", now=t0) == 0
    with state.sessions() as session:
        rows = session.scalars(select(MailOutbox).order_by(MailOutbox.id)).all()
        assert [(r.recipient, r.status) for r in rows] == [("a@example.cn", "pending"), ("b@example.cn", "pending")]
        assert rows[0].attempts == 1 and rows[0].next_attempt_at == t0 + dt.timedelta(seconds=30)
        assert rows[0].last_error and rows[1].attempts == 0  # stopped at the first failure
    inbox = Inbox()
    controller = _server(smtp_port, inbox)
    try:
        assert notices.send_due(state, "w1", now=t0 + dt.timedelta(seconds=10)) == 1  # b's row was not waiting
        assert notices.send_due(state, "w1", now=t0 + dt.timedelta(seconds=20)) == 0  # a's waits its 30 s
        assert notices.send_due(state, "w1", now=t0 + dt.timedelta(seconds=30)) == 1  # the retry
        assert notices.send_due(state, "w2", now=t0 + dt.timedelta(days=1)) == 0  # sent once
    finally:
        controller.stop()
    assert sorted(rcpt for _, rcpts, _ in inbox.messages for rcpt in rcpts) == ["a@example.cn", "b@example.cn"]
    by_rcpt = {rcpts[0]: (sender, mail) for sender, rcpts, mail in inbox.messages}
    sender, mail = by_rcpt["a@example.cn"]
    assert sender == "huiqi@dg.example.gov.cn" and mail["To"] == "a@example.cn"
    assert _text(mail["Subject"]) == "【惠企】您可能可以申报：技术改造设备事后奖励"
    assert mail.get_content_charset() == "utf-8"
    body = mail.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "东莞甲公司" in body and "140.00 万元" in body and "第十条第（一）项" in body
    assert "https://huiqi.example.gov.cn/rules/tech-upgrade-equipment-reward" in body
    _, mail_b = by_rcpt["b@example.cn"]
    assert _text(mail_b["Subject"]) == "【惠企】请补充信息：技术改造设备事后奖励"
    body_b = mail_b.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "产业政策" in body_b and "https://huiqi.example.gov.cn/?program=" in body_b
    with state.sessions() as session:
        assert {r.status for r in session.scalars(select(MailOutbox))} == {"sent"}


def test_退避逐次加倍_有上限(mail_app: FastAPI) -> None:
    settings = state_of(mail_app).settings
    assert [notices._backoff(settings, n) for n in (1, 2, 3, 4, 5, 6)] == [30, 60, 120, 240, 300, 300]


def test_邮箱地址校验(mail_app: FastAPI) -> None:
    with state_of(mail_app).sessions() as session:
        with pytest.raises(AccountError, match="电子邮箱"):
            create_user(session, "x", "enterprise", PASSWORD, email="not-an-address")
        user = create_user(session, "y", "enterprise", PASSWORD, email="  y@example.cn ")
        assert user.email == "y@example.cn"


def test_未配置_SMTP_时不写发件箱(app: FastAPI, client: TestClient, login: Any) -> None:
    a, dg = login("owner-a"), login("dg", "bureau", "东莞市")
    with state_of(app).sessions() as session:
        session.scalars(select(User).where(User.username == "owner-a")).one().email = "a@example.cn"
        session.commit()
    client.post("/api/v1/enterprises", headers=a, json=full("东莞甲公司"))
    client.post("/api/v1/matches", headers=dg, json={"program": PROGRAM, "as_of": AS_OF})
    jobs.run_pending(state_of(app))
    with state_of(app).sessions() as session:
        assert session.scalars(select(Notice)).all() and not session.scalars(select(MailOutbox)).all()
    assert notices.send_due(state_of(app), "w") == 0


# --- reminders ---------------------------------------------------------------------------------------

#: 备案 on 2024-03-10: 开工 within 2 years or the 备案证 lapses (第二十二条第四款), and the 延期 application
#: due by the same day (第二十二条第二款) — both the enterprise's own, both due 2026-03-10
DUE = dt.date(2026, 3, 10)


def _filed_project(name: str) -> dict[str, Any]:
    profile = full(name)
    project = profile["projects"][0]
    for key in ("filed_on", "planned_start", "planned_completion", "completed_on"):
        del project[key]
    project["events"] = [{"type": "filed", "date": "2024-03-10"}]
    return profile


def test_期限提醒_30_天与_7_天前各一次(mail_app: FastAPI) -> None:
    app, state = mail_app, state_of(mail_app)
    _user(app, "owner-a", email="a@example.cn")
    _user(app, "owner-b")
    with TestClient(app) as client:
        a, b = _headers(client, "owner-a"), _headers(client, "owner-b")
        assert client.post("/api/v1/enterprises", headers=a, json=_filed_project("东莞甲公司")).status_code == 201
        undated = full("东莞乙公司")
        undated["projects"][0]["management"] = None  # no procedure: no deadline
        client.post("/api/v1/enterprises", headers=b, json=undated)
        found = [notices.remind_deadlines(state, DUE - dt.timedelta(days=d)) for d in (31, 30, 30, 29, 8, 7, 6, 0)]
        assert found == [0, 2, 0, 0, 0, 2, 0, 0]
        assert notices.remind_deadlines(state, DUE + dt.timedelta(days=1)) == 0  # past: no reminder
        items = client.get("/api/v1/notices", headers=a).json()["items"]
        assert len(items) == 4 and {n["kind"] for n in items} == {"deadline"}
        assert all("2026年3月10日" in n["text"] for n in items)
        assert sorted(n["text"].split("距今还有 ")[1].split(" 天")[0] for n in items) == ["30", "30", "7", "7"]
        texts = " ".join(n["text"] for n in items)
        assert "第二十二条第四款" in texts and "第二十二条第二款" in texts
        assert client.get("/api/v1/notices", headers=b).json()["items"] == []
    with state.sessions() as session:
        assert len(session.scalars(select(MailOutbox)).all()) == 4


def test_停机错过_30_天提醒时_7_天内只提醒一次(mail_app: FastAPI) -> None:
    app, state = mail_app, state_of(mail_app)
    _user(app, "owner-a")
    with TestClient(app) as client:
        client.post("/api/v1/enterprises", headers=_headers(client, "owner-a"), json=_filed_project("东莞甲公司"))
    assert notices.remind_deadlines(state, DUE - dt.timedelta(days=5)) == 2
    assert notices.remind_deadlines(state, DUE - dt.timedelta(days=4)) == 0


def test_服务内线程发送邮件(db_url: str, smtp_port: int) -> None:
    inbox = Inbox()
    controller = _server(smtp_port, inbox)
    settings = make_settings(db_url, smtp_url=f"smtp://127.0.0.1:{smtp_port}", inprocess_worker=True,
                             job_poll_seconds=0.05)
    app = create_app(settings)
    try:
        _user(app, "owner-a", email="a@example.cn")
        _user(app, "dg", "bureau", "东莞市")
        with TestClient(app) as client:
            client.post("/api/v1/enterprises", headers=_headers(client, "owner-a"), json=full("东莞甲公司"))
            client.post("/api/v1/matches", headers=_headers(client, "dg"), json={"program": PROGRAM, "as_of": AS_OF})
            for _ in range(400):
                if inbox.messages:
                    break
                time.sleep(0.05)
        assert [rcpts for _, rcpts, _ in inbox.messages] == [["a@example.cn"]]
    finally:
        controller.stop()
        state_of(app).engine.dispose()


def test_两个发信进程同时发送_每封只发一次(mail_app: FastAPI, smtp_port: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    app, state = mail_app, state_of(mail_app)
    _user(app, "owner-a", email="a@example.cn")
    with state.sessions() as session:
        user_id = session.scalars(select(User.id).where(User.username == "owner-a")).one()
        for i in range(20):
            notices.add_notice(session, state.settings, user_id=user_id, key=f"test:{i}", kind="match",
                               title=f"第 {i} 号通知", text="正文")
        notices.add_notice(session, state.settings, user_id=user_id, key="test:0", kind="match", title="重复",
                           text="同一个键不再通知")
        session.commit()
    inbox = Inbox()
    controller = _server(smtp_port, inbox)
    try:
        with ThreadPoolExecutor(2) as pool:
            sent = list(pool.map(lambda n: notices.send_due(state, f"w{n}"), range(2)))
    finally:
        controller.stop()
    assert sum(sent) == 20
    subjects = sorted(_text(mail["Subject"]) for _, _, mail in inbox.messages)
    assert subjects == sorted(f"【惠企】第 {i} 号通知" for i in range(20))

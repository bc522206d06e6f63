"""The interview pages through a plain TestClient: the state carried by the page, 不知道 and back, a bad
answer shown on its field, CSRF, the full form at its own URL."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from .conftest import csrf


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, name
    return html.unescape(match.group(1))


def _post(client: TestClient, page: str, action: str = "answer", value: str = "") -> tuple[int, str]:
    data = {
        "csrf_token": csrf(page),
        "state": _hidden(page, "state"),
        "field": _hidden(page, "field"),
        "action": action,
        "value": value,
    }
    response = client.post("/interview", data=data)
    return response.status_code, response.text


def test_首页是逐题体检_填写全部在自己的地址(client: TestClient) -> None:
    page = client.get("/").text
    assert _hidden(page, "field") == "projects[0].kind"
    assert 'href="/checkup/full"' in page and "不知道" in page
    full = client.get("/checkup/full")
    assert full.status_code == 200 and 'id="checkup-form"' in full.text
    assert 'id="checkup-form"' in client.get("/?example=1").text


def test_回答_不知道_上一题(client: TestClient) -> None:
    page = client.get("/").text
    status, page = _post(client, page, value="tech_upgrade")
    assert status == 200 and _hidden(page, "field") == "enterprise.city"
    assert 'data-program="tech-upgrade-equipment-reward" data-project="p1" data-status="undetermined"' in page
    status, page = _post(client, page, "unknown")
    skipped = "enterprise.city"
    assert _hidden(page, "field") != skipped and skipped in _hidden(page, "state")
    status, page = _post(client, page, "back")
    assert _hidden(page, "field") == skipped and skipped not in _hidden(page, "state")


def test_错误的答案在字段旁用中文说明且保留所填内容(client: TestClient) -> None:
    page = client.get("/").text
    _, page = _post(client, page, value="tech_upgrade")
    status, again = _post(client, page, value="")
    assert status == 422 and "请填写答案" in again and _hidden(again, "field") == "enterprise.city"
    for _ in range(40):  # on to a figure in 万元
        if 'inputmode="decimal"' in page and "万元" in page.split('class="iv-text"', 1)[1][:200]:
            break
        _, page = _post(client, page, "unknown")
    status, again = _post(client, page, value="一千")
    assert status == 422 and "请填写数字" in again and 'value="一千"' in again
    status, again = _post(client, page, value="-5")
    assert status == 422 and "不能为负数" in again and 'value="-5"' in again and 'aria-invalid="true"' in again
    assert _hidden(again, "field") == _hidden(page, "field")


def test_没有CSRF令牌的回答被拒绝(client: TestClient) -> None:
    page = client.get("/").text
    data = {"state": _hidden(page, "state"), "field": "projects[0].kind", "value": "none", "csrf_token": "forged"}
    assert client.post("/interview", data=data).status_code == 403


def test_通知的链接只问该项目的问题_换题后仍只看该项目(client: TestClient) -> None:
    """A notice links to ``/?program=ID&field=…`` (contract §11): the interview keeps to that program."""
    page = client.get("/?program=little-giant&field=enterprise.employees&program=no-such-program").text
    assert set(re.findall(r'data-program="([^"]+)"', page)) == {"little-giant"}
    assert "只问与" in page and 'href="/">体检全部项目' in page
    status, after = _post(client, page, action="unknown")
    assert status == 200
    assert set(re.findall(r'data-program="([^"]+)"', after)) == {"little-giant"}
    whole = client.get("/").text
    assert len(set(re.findall(r'data-program="([^"]+)"', whole))) > 5 and "只问与" not in whole

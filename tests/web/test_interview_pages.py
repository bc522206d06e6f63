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


def _post(
    client: TestClient, page: str, action: str = "answer", value: str = "", more: dict[str, str] | None = None
) -> tuple[int, str]:
    """Answer the page's question: ``value`` for its first input, ``more`` for the others."""
    data = {
        "csrf_token": csrf(page),
        "state": _hidden(page, "state"),
        "field": _hidden(page, "field") if 'name="field"' in page else "",
        "action": action,
        "value-0": value,
        **(more or {}),
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
    others = {f"unknown-{n}": "1" for n in range(1, len(re.findall(r'name="value-\d+"', page)))}
    status, again = _post(client, page, value="一千", more=others)
    assert status == 422 and "请填写数字" in again and 'value="一千"' in again
    assert again.count("⚠") == 1  # only the input answered wrongly is marked
    status, again = _post(client, page, value="-5", more=others)
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


def _screen_to(client: TestClient, page: str, field: str) -> str:
    for _ in range(40):
        if _hidden(page, "field") == field:
            return page
        _, page = _post(client, page, "unknown")
    raise AssertionError(f"{field} was never asked")


def test_一组问题一屏回答_每项可答不知道_上一题撤回整屏(client: TestClient) -> None:
    """A year's 利润表 figures on one screen: one typed, one 不知道, one 0; back takes the whole screen back."""
    page = client.get("/?program=gd-specialized-sme&as_of=2021-06-01").text
    _, page = _post(client, page, value="C3984")  # 行业代码
    page = _screen_to(client, page, "enterprise.financials.2020.revenue")
    fields = re.findall(r'<div class="field iv-input iv-in-group[^"]*" data-field="([^"]+)"', page)
    assert fields[0] == "enterprise.financials.2020.revenue" and len(fields) >= 3, fields
    assert "2020 年利润表" in page and page.count(">不知道<") + page.count("> 不知道<") >= len(fields) - 1
    more = {"unknown-1": "1", **{f"value-{n}": "0" for n in range(2, len(fields))}}
    status, after = _post(client, page, value="8000", more=more)
    assert status == 200
    state = _hidden(after, "state")
    assert '"enterprise.financials.2020.revenue": "8000"' in state and fields[1] in state
    asked = re.search(r'name="field" value="([^"]*)"', after)  # none: the check-up is over
    assert all(f in state for f in fields) and (asked is None or asked.group(1) not in fields)
    _, back = _post(client, after, "back")
    assert _hidden(back, "field") == fields[0] and not any(f in _hidden(back, "state") for f in fields)


def test_负面情形清单_以上都没有(client: TestClient) -> None:
    page = client.get("/?program=gd-specialized-sme&as_of=2021-06-01").text
    _, page = _post(client, page, value="C3984")
    for _ in range(40):
        if "以上都没有" in page:
            break
        _, page = _post(client, page, "unknown")
    fields = re.findall(r'data-field="(enterprise\.compliance\.[^"]+)"', page)
    assert len(fields) >= 2 and "企业是否有下列情形" in page
    status, after = _post(client, page, "none")
    assert status == 200
    state = _hidden(after, "state")
    assert all(f'"{f}": false' in state for f in fields), state

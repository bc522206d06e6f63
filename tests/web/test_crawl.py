"""Every page a person can reach — public, a signed-in enterprise's, a signed-in bureau's, a check-up
result with and without advice — answers, every ``#anchor`` exists, and no machine word shows
outside ``<code>`` (what a machine word is: :mod:`tests.web.crawl`)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from fastapi.testclient import TestClient

from huiqi.web.forms import form_from_profile

from .conftest import EXAMPLE, PASSWORD, USERS, Site, batch_workbook, csrf, login
from .crawl import Report, crawl, machine_words

PUBLIC = ["/", "/?example=1", "/policies", "/rules", "/search?q=设备购置", "/login", "/no-such-page", "/favicon.ico"]


def _results(client: TestClient) -> dict[str, str]:
    """The example's check-up result, its advice and a re-run under another reading."""
    data = form_from_profile(EXAMPLE)
    data["csrf_token"] = csrf(client.get("/").text)
    first = client.post("/", data=data)
    assert first.status_code == 200
    token = csrf(first.text)
    profile = re.search(r'name="profile_json" value="([^"]+)"', first.text)
    assert profile
    import html

    body = {"csrf_token": token, "profile_json": html.unescape(profile.group(1))}
    advice = client.post("/checkup/rerun", data={**body, "advise": "1"})
    switch = re.search(r'name="assume\.([^"]+)" value="([^"]+)"', first.text)
    assert switch
    other = client.post("/checkup/rerun", data={**body, f"assume.{switch.group(1)}": switch.group(2)})
    assert advice.status_code == other.status_code == 200
    return {"result": first.text, "result+advice": advice.text, "result+reading": other.text}


def test_规则说明页的来源记录不带英文标记(client: TestClient) -> None:
    for family in ("tech-upgrade-equipment-reward", "listing-main-board", "innovative-sme", "listing-star"):
        page = client.get(f"/rules/{family}").text
        for english in ("not opened", "(repost)", "unverified", "cited by", "full-text"):
            assert english not in page, (family, english)


def _check(report: Report) -> None:
    broken = [b for b in report.broken if not b.startswith("/no-such-page ")]
    assert not broken, broken
    assert not report.anchors, report.anchors
    assert not report.words, report.words


def test_公开页面和体检结果无失效链接无机器词(client: TestClient) -> None:
    report = crawl(client, PUBLIC, seed_html=_results(client))
    assert report.pages > 800  # the library's documents and clause pages are all reached
    _check(report)


def test_企业用户能到达的页面无失效链接无机器词(client: TestClient, site: Site) -> None:
    _round_with_application(client, site)
    login(client, "dg-company")
    report = crawl(client, ["/projects", "/applications", "/account/password"], seed_html=_results(client),
                   allowed=USERS)
    _check(report)


def _round_with_application(client: TestClient, site: Site) -> None:
    """A fund round opened by the province and the 东莞 enterprise's application to it, through the API."""
    import datetime as dt

    def token(user: str) -> dict[str, str]:
        answer = client.post("/api/v1/auth/token", json={"username": user, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    from huiqi.service.accounts import create_user

    with site.app.state.huiqi.sessions() as session:
        create_user(session, "gd-province", "bureau", PASSWORD, "广东省")
        session.commit()
    year = dt.date.today().year
    body = {"program": "tech-upgrade-equipment-reward", "year": year, "title": f"{year} 年度技改资金",
            "project_cap_wan": 1500, "notice_ref": "粤工信技改函", "budgets": {"东莞": 3000}}
    created = client.post("/api/v1/rounds", json=body, headers=token("gd-province"))
    assert created.status_code == 201, created.text
    applied = client.post(f"/api/v1/rounds/{created.json()['id']}/applications",
                          json={"enterprise_id": site.enterprises["dongguan"], "project": "p1"},
                          headers=token("dg-company"))
    assert applied.status_code == 201, applied.text


def _screening(client: TestClient, folder: Path) -> str:
    """A finished screening job of four rows, uploaded through the page; its page's address."""
    source = folder / "企业清单.xlsx"
    batch_workbook(source)
    token = csrf(client.get("/screen").text)
    sent = client.post("/screen", data={"csrf_token": token, "as_of": EXAMPLE["as_of"]},
                       files={"file": (source.name, source.read_bytes())}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    job = sent.headers["location"]
    deadline = time.monotonic() + 60
    while "data-done" not in client.get(job).text:
        assert time.monotonic() < deadline, "the screening job did not finish"
        time.sleep(0.2)
    return job


def test_主管部门能到达的页面无失效链接无机器词(client: TestClient, site: Site, tmp_path: Path) -> None:
    _round_with_application(client, site)
    login(client, "dg-bureau")
    job = _screening(client, tmp_path)
    report = crawl(client, ["/projects", "/screen", job, "/rounds", "/account/password"], allowed=USERS)
    _check(report)


def test_机器词的定义能发现每一类() -> None:
    words = {"eligible", "already-managed", "srdi-high-growth", "max"}
    text = "地区按 projects[].city；结论 eligible；默认 srdi-high-growth = already-managed；as_of；unverified (repost)"
    found = machine_words(text, words)
    assert {"projects[].c", "eligible", "srdi-high-growth", "already-managed", "as_of", "unverified", "repost"} <= set(
        found
    )
    assert "not opened" in machine_words("（not opened）", set())
    assert machine_words("符合条件，奖励上限 360.00 万元；见 https://gd.gov.cn/a_b-c", words) == []


def test_管理员能到达的页面无失效链接无机器词(client: TestClient) -> None:
    login(client, "admin")
    report = crawl(client, ["/admin/users", "/admin/audit", "/projects", "/rounds", "/screen"], allowed=USERS)
    _check(report)

"""Fund rounds through the API, on SQLite and PostgreSQL: a round from the notice to the 绩效 rating with
its audit trail, who may make which move, bans (32号 五、（四）), the one-direction rule (32号 四、（一）),
the eligibility kept at submission and at review, the dashboard, the workbooks and the bureau page."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from huiqi.service import security

from .conftest import PASSWORD, profile

Headers = dict[str, str]
TODAY = dt.date.today()
PAST = (TODAY - dt.timedelta(days=30)).isoformat(), (TODAY - dt.timedelta(days=20)).isoformat()


@pytest.fixture()
def api(client: TestClient) -> TestClient:
    return client


@pytest.fixture()
def people(api: TestClient, login: Callable[..., Headers], monkeypatch: pytest.MonkeyPatch) -> dict[str, Headers]:
    """Users of every part; cheap password hashes (login itself is tested in test_auth.py)."""
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    return {
        "province": login("gd-prov", "bureau", "广东省"),
        "dongguan": login("dg-bureau", "bureau", "东莞市"),
        "humen": login("hm-bureau", "bureau", "东莞市/虎门镇"),
        "foshan": login("fs-bureau", "bureau", "佛山市"),
        "owner": login("dg-co", "enterprise"),
        "stranger": login("other-co", "enterprise"),
        "admin": login("root", "admin"),
    }


def ok(response: Any, code: int = 200) -> dict[str, Any]:
    assert response.status_code == code, response.text
    data: dict[str, Any] = response.json() if response.content else {}
    return data


def new_round(api: TestClient, h: Headers, program: str = "tech-upgrade-equipment-reward", **extra: Any) -> int:
    body = {"program": program, "year": TODAY.year, "title": f"{TODAY.year} 年度技改资金", "project_cap_wan": 1500,
            "notice_ref": "粤工信技改函", "budgets": {"东莞": 3000}, **extra}
    return int(ok(api.post("/api/v1/rounds", json=body, headers=h), 201)["id"])


def new_enterprise(api: TestClient, h: Headers, name: str = "东莞示例企业") -> int:
    return int(ok(api.post("/api/v1/enterprises", json=profile(name=name), headers=h), 201)["id"])


def apply(api: TestClient, h: Headers, round_id: int, enterprise_id: int, **extra: Any) -> int:
    body = {"enterprise_id": enterprise_id, "project": "p1", **extra}
    return int(ok(api.post(f"/api/v1/rounds/{round_id}/applications", json=body, headers=h), 201)["id"])


def act(api: TestClient, h: Headers, app_id: int, action: str, **data: Any) -> Any:
    return api.post(f"/api/v1/applications/{app_id}/actions/{action}", json=data, headers=h)


REVIEW: list[tuple[str, dict[str, Any]]] = [
    ("accept", {}), ("complete", {"passed": True, "note": "完工评价通过"}), ("score", {"score": 86}),
          ("site_check", {"record": "现场审查：设备已安装投产"}),
          ("enter_library", {"rank": 1, "minutes": "局党组会议纪要"})]


def to_library(api: TestClient, p: dict[str, Headers], app_id: int) -> None:
    ok(act(api, p["owner"], app_id, "submit"))
    for action, data in REVIEW:
        ok(act(api, p["dongguan"], app_id, action, **data))


def test_一轮技改资金从通知到绩效评价_审计完整(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"])
    ent = new_enterprise(api, p["owner"])
    app_id = apply(api, p["owner"], round_id, ent)
    assert api.get(f"/api/v1/applications/{app_id}", headers=p["dongguan"]).status_code == 404  # a draft is private
    to_library(api, p, app_id)
    run = ok(api.post(f"/api/v1/rounds/{round_id}/allocate", headers=p["province"]))
    assert run["total_allocated_wan"] == 180.0  # 900 万元 × 20% (第十条第（一）项), under the 1,500 cap
    for kind in ("library", "publicity", "plan"):
        got = api.get(f"/api/v1/rounds/{round_id}/export/{kind}", headers=p["province"])
        assert got.status_code == 200 and got.content[:2] == b"PK"
    ok(act(api, p["province"], app_id, "publicize", start=PAST[0], end=PAST[1]))
    ok(act(api, p["province"], app_id, "object", text="设备发票存疑"))
    refused = act(api, p["province"], app_id, "issue_plan")
    assert refused.status_code == 409 and "异议" in refused.json()["detail"]["zh"]
    ok(act(api, p["province"], app_id, "resolve_objection", outcome="经核查，异议不成立"))
    ok(act(api, p["province"], app_id, "issue_plan"))
    ok(act(api, p["dongguan"], app_id, "disburse"))
    ok(act(api, p["dongguan"], app_id, "self_evaluate", report="绩效目标完成"))
    done = ok(act(api, p["province"], app_id, "rate", rating="良"))
    assert done["state"] == "rated" and done["rating"] == "良" and done["allocated_wan"] == 180.0
    actions = [e["action"] for e in done["events"]]
    assert actions == ["create", "submit", "accept", "complete", "score", "site_check", "enter_library", "allocate",
                       "publicize", "object", "resolve_objection", "issue_plan", "disburse", "self_evaluate", "rate"]
    assert all(e["clauses"] for e in done["events"])
    trail = ok(api.get("/api/v1/audit", headers=p["admin"]))["items"]
    logged = [e for e in trail if e["target"] == {"type": "application", "id": str(app_id)}]
    assert sorted(e["action"] for e in logged) == sorted(f"application.{a}" for a in actions)
    assert all(e["detail"]["clauses"] for e in logged)
    assert any(e["action"] == "round.allocate" and e["detail"]["clauses"] for e in trail)
    assert any(e["action"] == "round.create" for e in trail)
    board = ok(api.get(f"/api/v1/rounds/{round_id}/dashboard", headers=p["dongguan"]))
    assert {s["state"]: s["count"] for s in board["by_state"]}["rated"] == 1
    assert board["by_group"][0] == {"group": "东莞", "count": 1, "amount_wan": 900.0, "allocated_wan": 180.0,
                                    "budget_wan": 3000.0}


# who may make which move — (action, state reached first, who, expected status)
WHO = [
    ("submit", "draft", "owner", 200), ("submit", "draft", "dongguan", 404), ("submit", "draft", "stranger", 404),
    ("submit", "draft", "admin", 403),
    ("accept", "submitted", "dongguan", 200), ("accept", "submitted", "province", 403),
    ("accept", "submitted", "owner", 403), ("accept", "submitted", "foshan", 404),
    ("accept", "submitted", "humen", 404),
    ("accept", "submitted", "admin", 403), ("score", "submitted", "dongguan", 409),
    ("enter_library", "city_review", "dongguan", 409),  # no score, no site check yet
    ("allocate", "in_library", "province", 200), ("allocate", "in_library", "dongguan", 403),
    ("publicize", "in_library", "province", 409), ("reject", "in_library", "province", 200),
    ("reject", "in_library", "dongguan", 200), ("reject", "in_library", "owner", 403),
    ("withdraw", "in_library", "owner", 200), ("withdraw", "in_library", "dongguan", 403),
    ("rate", "in_library", "province", 409),
]
DATA: dict[str, dict[str, Any]] = {
    "allocate": {"amount_wan": 150}, "reject": {"reason": "不符合条件"}, "withdraw": {"reason": "自愿撤回"},
        "publicize": {"start": PAST[0], "end": PAST[1]}, "rate": {"rating": "优"}, "score": {"score": 80}}


@pytest.mark.parametrize(("action", "state", "who", "code"), WHO, ids=[f"{a}-{s}-{w}" for a, s, w, _ in WHO])
def test_谁可以办理哪一步(api: TestClient, people: dict[str, Headers], action: str, state: str, who: str,
                   code: int) -> None:
    p = people
    app_id = apply(api, p["owner"], new_round(api, p["province"]), new_enterprise(api, p["owner"]))
    steps = {"draft": 0, "submitted": 1, "city_review": 2, "in_library": 6}[state]
    plan: list[tuple[str, Headers, dict[str, Any]]] = [("submit", p["owner"], {})]
    plan += [(a, p["dongguan"], d) for a, d in REVIEW]
    for step, headers, data in plan[:steps]:
        ok(act(api, headers, app_id, step, **data))
    response = act(api, p[who], app_id, action, **DATA.get(action, {}))
    assert response.status_code == code, response.text
    if code in (403, 409):
        detail = response.json()["detail"]
        assert detail["zh"] and detail["en"] and detail["message"]


def test_处于限制期的企业不能申报(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"])
    ent = new_enterprise(api, p["owner"])
    app_id = apply(api, p["owner"], round_id, ent)
    body = {"reason": "拒不配合绩效评价", "reminded_on": "2025-01-02", "rectify_by": "2025-02-28"}
    assert api.post(f"/api/v1/enterprises/{ent}/bans", json=body, headers=p["owner"]).status_code == 403
    assert api.post(f"/api/v1/enterprises/{ent}/bans", json=body, headers=p["foshan"]).status_code == 404
    ban = ok(api.post(f"/api/v1/enterprises/{ent}/bans", json=body, headers=p["dongguan"]), 201)
    assert ban["barred"] and ban["clause"] == "digital-benchmark-2021 五、（四）"
    refused = act(api, p["owner"], app_id, "submit")
    assert refused.status_code == 409 and "digital-benchmark-2021 五、（四）" in refused.json()["detail"]["clauses"]
    late = ok(api.post(f"/api/v1/bans/{ban['id']}/rectified", json={"rectified_on": "2025-03-10"},
                       headers=p["dongguan"]))
    assert late["barred"] and late["barred_until"] == "2030-03-09"  # 超过整改期后完成整改的，5年内不得安排
    assert act(api, p["owner"], app_id, "submit").status_code == 409
    in_time = ok(api.post(f"/api/v1/bans/{ban['id']}/rectified", json={"rectified_on": "2025-02-28"},
                          headers=p["province"]))
    assert not in_time["barred"]
    ok(act(api, p["owner"], app_id, "submit"))
    assert len(ok(api.get(f"/api/v1/enterprises/{ent}/bans", headers=p["owner"]))["items"]) == 1


@pytest.mark.parametrize("day", [(TODAY + dt.timedelta(days=1)).isoformat(), "9999-12-31"])
def test_尚未发生的整改或提醒答_422(api: TestClient, people: dict[str, Headers], day: str) -> None:
    p = people
    ent = new_enterprise(api, p["owner"])
    body = {"reason": "拒不配合绩效评价", "reminded_on": "2025-01-02", "rectify_by": "2025-02-28"}
    future = api.post(f"/api/v1/enterprises/{ent}/bans", json={**body, "reminded_on": day}, headers=p["dongguan"])
    assert future.status_code == 422 and future.json()["detail"][0]["loc"] == ["body", "reminded_on"]
    ban = ok(api.post(f"/api/v1/enterprises/{ent}/bans", json=body, headers=p["dongguan"]), 201)
    later = api.post(f"/api/v1/bans/{ban['id']}/rectified", json={"rectified_on": day}, headers=p["dongguan"])
    assert later.status_code == 422 and later.json()["detail"][0]["loc"] == ["body", "rectified_on"]
    assert "after today" in later.json()["detail"][0]["msg"]


def test_标杆项目同一主体每年只能申报一个方向_重复多头申报被标记(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    first = new_round(api, p["province"], "digital-benchmark", title="标杆 A", config_deadline=f"{TODAY.year}-06-30",
                      report_deadline=f"{TODAY.year}-08-15")
    second = new_round(api, p["province"], "digital-benchmark", title="标杆 B")
    ent = new_enterprise(api, p["owner"])
    assert act(api, p["owner"], apply(api, p["owner"], first, ent), "submit").status_code == 409  # no direction
    a = apply(api, p["owner"], first, ent, direction="5g")
    assert ok(act(api, p["owner"], a, "submit"))["flags"] == []
    b = apply(api, p["owner"], second, ent, direction="supply-chain")
    refused = act(api, p["owner"], b, "submit")
    assert refused.status_code == 409 and "digital-benchmark-2021 四、（一）" in refused.json()["detail"]["clauses"]
    c = apply(api, p["owner"], second, ent, direction="5g")
    flags = [f["id"] for f in ok(act(api, p["owner"], c, "submit"))["flags"]]
    assert flags == ["repeated", "multiple"]


def test_提交和审核时的资格评估都保存_画像变化可见(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    ent = new_enterprise(api, p["owner"])
    app_id = apply(api, p["owner"], new_round(api, p["province"]), ent)
    submitted = ok(act(api, p["owner"], app_id, "submit"))["eligibility"]
    assert submitted["submitted"]["program"] == "tech-upgrade-equipment-reward" and submitted["submitted_version"] == 1
    changed = profile(name="东莞示例企业")
    changed["projects"][0]["equipment_purchase_wan"] = 300
    ok(api.put(f"/api/v1/enterprises/{ent}", json=changed, headers=p["owner"]))
    reviewed = ok(act(api, p["dongguan"], app_id, "accept"))["eligibility"]
    assert reviewed["reviewed_version"] == 2 and reviewed["profile_changed"] is True
    assert reviewed["reviewed"]["status"] and reviewed["submitted"]["status"]


def test_谁能看到轮次和申报(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"])
    assert api.post("/api/v1/rounds", json={"program": "digital-benchmark", "year": 2026, "title": "x"},
                    headers=p["dongguan"]).status_code == 403
    assert api.get(f"/api/v1/rounds/{round_id}", headers=p["foshan"]).status_code == 404  # not budgeted
    for who in ("dongguan", "humen", "owner", "admin", "province"):
        assert api.get(f"/api/v1/rounds/{round_id}", headers=p[who]).status_code == 200
    ent = new_enterprise(api, p["owner"])
    app_id = apply(api, p["owner"], round_id, ent)
    ok(act(api, p["owner"], app_id, "submit"))
    seen = {who: len(ok(api.get(f"/api/v1/rounds/{round_id}/applications", headers=p[who]))["items"])
            for who in ("dongguan", "humen", "owner", "stranger", "admin", "province")}
    assert seen == {"dongguan": 1, "humen": 0, "owner": 1, "stranger": 0, "admin": 1, "province": 1}
    assert api.post(f"/api/v1/rounds/{round_id}/applications", json={"enterprise_id": ent, "project": "p1"},
                    headers=p["stranger"]).status_code == 404
    assert api.post(f"/api/v1/rounds/{round_id}/applications", json={"enterprise_id": ent, "project": "nope"},
                    headers=p["owner"]).status_code == 422
    assert api.get("/api/v1/applications/999999", headers=p["admin"]).status_code == 404
    moves = ok(api.get(f"/api/v1/applications/{app_id}", headers=p["dongguan"]))["moves"]
    assert moves == ["accept", "reject"]
    assert api.delete(f"/api/v1/rounds/{round_id}", headers=p["province"]).status_code == 409


def test_轮次修改与删除(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"])
    patched = ok(api.patch(f"/api/v1/rounds/{round_id}", json={"budgets": {"东莞市": 2000, "佛山": 1000},
                                                                   "project_cap_wan": 1000}, headers=p["province"]))
    assert patched["budgets"] == {"东莞": 2000.0, "佛山": 1000.0} and patched["project_cap_wan"] == 1000.0
    assert api.patch(f"/api/v1/rounds/{round_id}", json={"budgets": {"香港": 1}},
                     headers=p["province"]).status_code == 422
    assert api.patch(f"/api/v1/rounds/{round_id}", json={"title": "x"}, headers=p["dongguan"]).status_code == 403
    assert api.patch(f"/api/v1/rounds/{round_id}", json={"scope": "region"}, headers=p["province"]).status_code == 422
    regional = ok(api.patch(f"/api/v1/rounds/{round_id}", json={"scope": "region", "budgets": {"珠三角": 5000}},
                            headers=p["province"]))
    assert regional["budgets"] == {"珠三角地区": 5000.0}
    assert api.delete(f"/api/v1/rounds/{round_id}", headers=p["province"]).status_code == 204
    assert api.get(f"/api/v1/rounds/{round_id}", headers=p["province"]).status_code == 404


def test_排序截断与重新分配(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"], mode="rank-cutoff", budgets={"东莞": 200})
    ent = new_enterprise(api, p["owner"])
    first, second = apply(api, p["owner"], round_id, ent), apply(api, p["owner"], round_id, ent, title="第二个")
    to_library(api, p, first)
    ok(act(api, p["owner"], second, "submit"))
    for action, data in REVIEW:
        ok(act(api, p["dongguan"], second, action, **({**data, "rank": 2} if action == "enter_library" else data)))
    ok(api.post(f"/api/v1/rounds/{round_id}/allocate", headers=p["province"]))
    states = {a["id"]: (a["state"], a["allocated_wan"]) for a in
              ok(api.get(f"/api/v1/rounds/{round_id}/applications", headers=p["province"]))["items"]}
    assert states == {first: ("allocated", 180.0), second: ("in_library", None)}
    assert api.post(f"/api/v1/rounds/{round_id}/allocate", headers=p["dongguan"]).status_code == 403
    ok(act(api, p["province"], first, "publicize", start=PAST[0], end=PAST[1]))
    assert api.post(f"/api/v1/rounds/{round_id}/allocate", headers=p["province"]).status_code == 409


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_主管部门页面_看板_办理_导出(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"])
    app_id = apply(api, p["owner"], round_id, new_enterprise(api, p["owner"]))
    ok(act(api, p["owner"], app_id, "submit"))
    page = api.get("/login")
    api.post("/login", data={"csrf_token": _csrf(page.text), "username": "dg-bureau", "password": PASSWORD,
                             "next": "/rounds"})
    listing = api.get("/rounds")
    assert listing.status_code == 200 and f"/rounds/{round_id}" in listing.text
    detail = api.get(f"/rounds/{round_id}")
    assert "受理" in detail.text and "按状态" in detail.text
    token = _csrf(detail.text)
    forged = api.post(f"/rounds/{round_id}/applications/{app_id}/accept", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    moved = api.post(f"/rounds/{round_id}/applications/{app_id}/accept", data={"csrf_token": token},
                     follow_redirects=False)
    assert moved.status_code == 303
    refused = api.post(f"/rounds/{round_id}/applications/{app_id}/enter_library",
                       data={"csrf_token": token, "rank": "1", "minutes": "纪要"})
    assert refused.status_code == 409 and "评审得分" in refused.text
    sheet = api.get(f"/rounds/{round_id}/export/library.xlsx")
    assert sheet.status_code == 200 and io.BytesIO(sheet.content).read(2) == b"PK"
    assert api.get(f"/rounds/{round_id}/export/plan.xlsx").status_code == 409


def test_限制期企业的项目不参加分配(api: TestClient, people: dict[str, Headers]) -> None:
    p = people
    round_id = new_round(api, p["province"])
    clean, barred = new_enterprise(api, p["owner"], "甲公司"), new_enterprise(api, p["owner"], "乙公司")
    first, second = apply(api, p["owner"], round_id, clean), apply(api, p["owner"], round_id, barred)
    to_library(api, p, first)
    to_library(api, p, second)
    assert ok(api.post(f"/api/v1/rounds/{round_id}/allocate", headers=p["province"]))["barred"] == []
    ban = {"reason": "拒不配合审计", "reminded_on": "2025-01-02", "rectify_by": "2025-02-28"}
    ok(api.post(f"/api/v1/enterprises/{barred}/bans", json=ban, headers=p["dongguan"]), 201)
    assert ok(api.post(f"/api/v1/rounds/{round_id}/allocate", headers=p["province"]))["barred"] == [second]
    after = ok(api.get(f"/api/v1/applications/{second}", headers=p["province"]))
    assert after["state"] == "in_library" and after["events"][-1]["clauses"] == ["digital-benchmark-2021 五、（四）"]
    assert ok(api.get(f"/api/v1/applications/{first}", headers=p["province"]))["state"] == "allocated"


def _web_login(api: TestClient, username: str) -> str:
    page = api.get("/login")
    api.post("/login", data={"csrf_token": _csrf(page.text), "username": username, "password": PASSWORD,
                             "next": "/rounds"})
    return _csrf(api.get("/rounds").text)


def test_省厅在页面上发布轮次_地市不能(api: TestClient, people: dict[str, Headers]) -> None:
    token = _web_login(api, "gd-prov")
    form = {"csrf_token": token, "program": "digital-benchmark", "year": "2025", "title": "2025 年数字化转型标杆",
            "notice_ref": "粤工信工业互联网函〔2021〕32号", "config_deadline": "2025-06-30",
            "report_deadline": "2025-08-15", "project_cap_wan": "1500", "scope": "city", "mode": "uniform-ratio",
            "budgets": "东莞 3000\n梅州：5,915"}
    made = api.post("/rounds", data=form, follow_redirects=False)
    assert made.status_code == 303
    round_id = int(made.headers["location"].rsplit("/", 1)[1])
    body = ok(api.get(f"/api/v1/rounds/{round_id}", headers=people["province"]))
    assert body["budgets"] == {"东莞": 3000.0, "梅州": 5915.0} and body["report_deadline"] == "2025-08-15"
    audit = ok(api.get("/api/v1/audit", headers=people["admin"]))
    assert any(e["action"] == "round.create" and str(e["target"]["id"]) == str(round_id) for e in audit["items"])
    # a bad line, a city outside Guangdong: 422 on the page, what was typed kept
    bad = api.post("/rounds", data={**form, "budgets": "东莞 3000\n长沙 100"})
    assert bad.status_code == 422 and "长沙" in bad.text and "2025 年数字化转型标杆" in bad.text
    unreadable = api.post("/rounds", data={**form, "budgets": "东莞"})
    assert unreadable.status_code == 422 and "预算第 1 行" in unreadable.text
    # a city bureau sees no form and is refused
    api.post("/logout", data={"csrf_token": token})
    token = _web_login(api, "dg-bureau")
    assert 'id="new-round"' not in api.get("/rounds").text
    assert api.post("/rounds", data={**form, "csrf_token": token}).status_code == 403


def test_企业在页面上申报并提交_主管部门不能用此页(api: TestClient, people: dict[str, Headers]) -> None:
    round_id = new_round(api, people["province"])
    enterprise_id = new_enterprise(api, people["owner"])
    token = _web_login(api, "dg-co")
    page = api.get("/applications")
    assert page.status_code == 200 and f'value="{enterprise_id}:p1"' in page.text
    token = _csrf(page.text)
    wrong = api.post("/applications", data={"csrf_token": token, "round_id": str(round_id),
                                            "project": f"{enterprise_id}:nope"})
    assert wrong.status_code == 422 and "nope" in wrong.text
    made = api.post("/applications", data={"csrf_token": token, "round_id": str(round_id),
                                           "project": f"{enterprise_id}:p1"}, follow_redirects=False)
    assert made.status_code == 303
    app_id = int(made.headers["location"].rsplit("-", 1)[1])
    assert 'data-action="submit"' in api.get("/applications").text
    submitted = api.post(f"/applications/{app_id}/submit", data={"csrf_token": token}, follow_redirects=False)
    assert submitted.status_code == 303
    body = ok(api.get(f"/api/v1/applications/{app_id}", headers=people["owner"]))
    assert body["state"] == "submitted"
    assert body["eligibility"]["submitted"]["program"] == "tech-upgrade-equipment-reward"
    assert [e["action"] for e in body["events"]] == ["create", "submit"]
    # a move the workflow does not allow here is refused on the page with the reason
    refused = api.post(f"/applications/{app_id}/submit", data={"csrf_token": token})
    assert refused.status_code == 409
    api.post("/logout", data={"csrf_token": token})
    _web_login(api, "dg-bureau")
    assert api.get("/applications").status_code == 403

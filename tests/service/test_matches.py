"""免申即享 (contract §11): a bureau's match over its jurisdiction, counts, notices to owners only, once only.

The verdicts are those of 粤工信规字〔2021〕5号 on 2023-06-01: a 东莞 project with 700 万元 of equipment
meets the 珠三角 floor exactly ("不低于" includes it; 第八条第（一）项第5目) and its bound is 20% of it,
140.00 万元 (第十条第（一）项); 699.99 万元 is under the floor; a project with no 建设期 and no answer
on 产业政策 is undetermined on exactly those fields.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from huiqi.service import jobs
from huiqi.service.models import MatchJob

from .conftest import state_of

Login = Callable[..., dict[str, str]]
PROGRAM = "tech-upgrade-equipment-reward"
AS_OF = "2023-06-01"


def full(name: str, city: str = "东莞", county: str = "长安镇", equipment: Any = 700) -> dict[str, Any]:
    """A profile that answers every criterion of the program (the program's own case base)."""
    return {
        "enterprise": {"name": name, "city": city, "county": county, "registered_in_guangdong": True,
                       "operating_in_guangdong": True, "independent_legal_person": True, "industry_code": "C3484",
                       "compliance": {"tax_violation": False, "dishonest_debtor": False}},
        "projects": [{"id": "p1", "kind": "tech_upgrade", "city": city, "management": "filing",
                      "prohibited_by_policy": False, "filed_on": "2022-03-10", "planned_start": "2022-04-01",
                      "planned_completion": "2023-03-31", "completed_on": "2023-02-28",
                      "equipment_purchase_wan": equipment, "in_tech_upgrade_statistics": True,
                      "received_provincial_funding": False}],
    }


def undetermined(name: str, county: str = "虎门镇") -> dict[str, Any]:
    profile = full(name, county=county)
    project = profile["projects"][0]
    for key in ("prohibited_by_policy", "planned_start", "planned_completion"):
        del project[key]
    return profile


def _store(client: TestClient, headers: dict[str, str], profile: dict[str, Any]) -> int:
    response = client.post("/api/v1/enterprises", headers=headers, json=profile)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _match(client: TestClient, app: FastAPI, headers: dict[str, str], program: str = PROGRAM) -> dict[str, Any]:
    started = client.post("/api/v1/matches", headers=headers, json={"program": program, "as_of": AS_OF})
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "queued"
    assert jobs.run_pending(state_of(app)) == 1
    answer = client.get(f"/api/v1/matches/{started.json()['id']}", headers=headers)
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    assert body["status"] == "done", body
    return body


def _notices(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/notices", headers=headers)
    assert answer.status_code == 200
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_辖区内匹配_计数_只通知所有者_只通知一次(app: FastAPI, client: TestClient, login: Login) -> None:
    a, b, c = login("owner-a"), login("owner-b"), login("owner-c")
    dongguan, humen = login("dg", "bureau", "东莞市"), login("hm", "bureau", "东莞市/虎门镇")
    eligible = _store(client, a, full("东莞甲公司"))
    short = _store(client, a, full("东莞丁公司", equipment=699.99))
    unknown = _store(client, b, undetermined("虎门乙公司"))
    _store(client, c, full("佛山丙公司", city="佛山", county="顺德区"))  # outside 东莞: never assessed

    first = _match(client, app, dongguan)
    assert first["counts"] == {"eligible": 1, "undetermined": 1, "ineligible": 1, "not_applicable": 0,
                               "not_in_force": 0}
    assert first["notified"] == 2
    assert first["by_city"] == {"东莞": {"eligible": 1, "undetermined": 1, "ineligible": 1}}

    mine = _notices(client, a)
    assert [(n["enterprise_id"], n["status"], n["program"]) for n in mine] == [(eligible, "eligible", PROGRAM)]
    assert "140.00 万元" in mine[0]["text"] and "第十条第（一）项" in mine[0]["text"]
    assert mine[0]["read"] is False and mine[0]["missing"] == []
    theirs = _notices(client, b)
    assert [(n["enterprise_id"], n["status"]) for n in theirs] == [(unknown, "undetermined")]
    assert theirs[0]["missing"] == ["projects[0].prohibited_by_policy", "projects[0].planned_completion",
                                    "projects[0].planned_start"]
    assert "产业政策" in theirs[0]["text"] and theirs[0]["link"].startswith("/?program=" + PROGRAM)
    assert "projects%5B0%5D.planned_start" in theirs[0]["link"]
    assert _notices(client, c) == [] and _notices(client, dongguan) == []  # a bureau sees counts, not notices
    assert short not in [n["enterprise_id"] for n in mine]

    # owners only: anyone else's notice answers 404 as if it did not exist
    notice = mine[0]["id"]
    for other in (b, dongguan, login("root", "admin")):
        assert client.post(f"/api/v1/notices/{notice}/read", headers=other).status_code == 404
    read = client.post(f"/api/v1/notices/{notice}/read", headers=a)
    assert read.status_code == 200 and read.json()["read"] is True
    assert _notices(client, a)[0]["read"] is True
    assert client.post("/api/v1/notices/999999/read", headers=a).status_code == 404

    # the same program, rules and profile versions: nobody is told twice
    again = _match(client, app, dongguan)
    assert again["counts"] == first["counts"] and again["notified"] == 0
    assert len(_notices(client, a)) == 1 and len(_notices(client, b)) == 1

    # a new profile version may be told again
    changed = undetermined("虎门乙公司")
    changed["projects"][0]["prohibited_by_policy"] = False
    assert client.put(f"/api/v1/enterprises/{unknown}", headers=b, json=changed).status_code == 200
    third = _match(client, app, dongguan)
    assert third["notified"] == 1 and len(_notices(client, b)) == 2

    # a town bureau's match covers its town only
    town = _match(client, app, humen)
    assert sum(town["counts"].values()) == 1 and town["counts"]["undetermined"] == 1 and town["notified"] == 0


def test_全省与管理员看到全部企业(app: FastAPI, client: TestClient, login: Login) -> None:
    a = login("owner-a")
    _store(client, a, full("东莞甲公司"))
    _store(client, a, full("汕头戊公司", city="汕头", county="龙湖区", equipment=400))  # 30% of 400: 120 万元
    province = _match(client, app, login("gd", "bureau", "广东省"))
    assert province["counts"]["eligible"] == 2 and province["notified"] == 2
    assert set(province["by_city"]) == {"东莞", "汕头"}
    texts = sorted(n["text"] for n in _notices(client, a))
    assert any("120.00 万元" in t for t in texts) and any("140.00 万元" in t for t in texts)
    admin = _match(client, app, login("root", "admin"))
    assert admin["counts"]["eligible"] == 2 and admin["notified"] == 0


def test_角色与可见性(app: FastAPI, client: TestClient, login: Login) -> None:
    owner, dongguan, foshan = login("owner"), login("dg", "bureau", "东莞市"), login("fs", "bureau", "佛山市")
    forbidden = client.post("/api/v1/matches", headers=owner, json={"program": PROGRAM, "as_of": AS_OF})
    assert forbidden.status_code == 403
    assert client.post("/api/v1/matches", json={"program": PROGRAM}).status_code == 401
    bad = client.post("/api/v1/matches", headers=dongguan, json={"program": "no-such-program"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "program"]
    assert client.post("/api/v1/matches", headers=dongguan, json={"program": PROGRAM, "as_of": "2023-13-01"}
                       ).status_code == 422
    job = client.post("/api/v1/matches", headers=dongguan, json={"program": PROGRAM}).json()["id"]
    assert client.get(f"/api/v1/matches/{job}", headers=dongguan).json()["status"] == "queued"
    for other in (owner, foshan):
        assert client.get(f"/api/v1/matches/{job}", headers=other).status_code == 404
        assert client.get(f"/api/v1/matches/{job}/enterprises", headers=other).status_code == 404
    assert client.get(f"/api/v1/matches/{job}", headers=login("root", "admin")).status_code == 200
    assert [m["id"] for m in client.get("/api/v1/matches", headers=foshan).json()["items"]] == []
    audit = client.get("/api/v1/audit", headers=dongguan).json()["items"]
    assert any(e["action"] == "start" and e["target"] == {"type": "match", "id": str(job)} for e in audit)


def test_已通知名单与_Excel_导出(app: FastAPI, client: TestClient, login: Login) -> None:
    a, b, dongguan = login("owner-a"), login("owner-b"), login("dg", "bureau", "东莞市")
    _store(client, a, full("=HYPERLINK(\"http://x\")东莞甲公司"))
    _store(client, a, full("东莞丁公司", equipment=699.99))
    _store(client, b, undetermined("虎门乙公司"))
    job = _match(client, app, dongguan)["id"]
    everyone = client.get(f"/api/v1/matches/{job}/enterprises", headers=dongguan).json()["items"]
    assert [e["status"] for e in everyone] == ["eligible", "ineligible", "undetermined"]
    assert everyone[0]["max_wan"] == 140.0 and everyone[1]["max_wan"] is None
    told = client.get(f"/api/v1/matches/{job}/enterprises", headers=dongguan, params={"notified": "true"})
    assert [e["name"] for e in told.json()["items"]] == ["=HYPERLINK(\"http://x\")东莞甲公司", "虎门乙公司"]
    xlsx = client.get(f"/api/v1/matches/{job}/enterprises", headers=dongguan,
                      params={"notified": "true", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0][:6] == ["企业名称", "企业编号", "地级市", "县区/镇街", "结论", "奖补上限(万元)"]
    assert rows[1][0] == "=HYPERLINK(\"http://x\")东莞甲公司"  # text, never a formula
    assert sheet.cell(3, 1).data_type == "s"
    assert rows[1][4] == "符合条件" and rows[1][5] == 140 and rows[1][7] == "是"
    assert rows[2][4] == "待定（缺少信息）"
    assert rows[2][6] == "属于产业政策禁止投资建设项目、计划完工日期、计划开工日期" and rows[2][5] is None
    assert len(rows) == 3


def test_运行中断的匹配被判为失败(app: FastAPI, client: TestClient, login: Login) -> None:
    dongguan = login("dg", "bureau", "东莞市")
    job = client.post("/api/v1/matches", headers=dongguan, json={"program": PROGRAM}).json()["id"]
    state = state_of(app)
    dead = f"{jobs.HOST}:999999999:gone"  # a process of this host that does not exist
    assert jobs.claim(state.sessions, dead, MatchJob) == job
    assert jobs.claim(state.sessions, "another", MatchJob) is None  # claimed once
    assert jobs.reap(state.sessions, 60, "me") == 1
    answer = client.get(f"/api/v1/matches/{job}", headers=dongguan).json()
    assert answer["status"] == "failed" and "重新提交" in answer["error"]


def test_结论只取最新画像版本(app: FastAPI, client: TestClient, login: Login) -> None:
    a, dongguan = login("owner-a"), login("dg", "bureau", "东莞市")
    ent = _store(client, a, full("东莞甲公司", equipment=699.99))
    better = copy.deepcopy(full("东莞甲公司"))
    assert client.put(f"/api/v1/enterprises/{ent}", headers=a, json=better).status_code == 200
    answer = _match(client, app, dongguan)
    assert answer["counts"]["eligible"] == 1 and answer["counts"]["ineligible"] == 0
    items = client.get(f"/api/v1/matches/{answer['id']}/enterprises", headers=dongguan).json()["items"]
    assert items[0]["profile_version"] == 2


def test_两个_worker_同时运行相同的匹配_每家只通知一次(app: FastAPI, client: TestClient, login: Login) -> None:
    """Two runners take two identical matches at the same moment: the notice key decides, not the timing."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import func, select

    from huiqi.service.models import Notice

    owners = [login(f"owner-{i}") for i in range(6)]
    for i, headers in enumerate(owners):
        _store(client, headers, full(f"东莞{i}号公司") if i % 2 else undetermined(f"虎门{i}号公司"))
    dongguan = login("dg", "bureau", "东莞市")
    ids = [client.post("/api/v1/matches", headers=dongguan, json={"program": PROGRAM, "as_of": AS_OF}).json()["id"]
           for _ in range(2)]
    state = state_of(app)
    with ThreadPoolExecutor(2) as pool:
        ran = list(pool.map(lambda n: jobs.run_pending(state, f"test:{n}", limit=1), range(2)))
    assert ran == [1, 1]
    answers = [client.get(f"/api/v1/matches/{i}", headers=dongguan).json() for i in ids]
    assert [a["status"] for a in answers] == ["done", "done"]
    assert sum(a["notified"] for a in answers) == 6  # each enterprise once, whichever match came first
    with state.sessions() as session:
        per_enterprise = session.execute(select(Notice.enterprise_id, func.count()).group_by(Notice.enterprise_id))
        assert sorted(n for _, n in per_enterprise) == [1] * 6

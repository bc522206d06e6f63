"""The web pages through a plain TestClient: forms, CSRF, sessions, roles, error pages, timing."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from huiqi.engine import default_engine
from huiqi.web.forms import form_from_profile

from .conftest import EXAMPLE, Site, csrf, login


def _example_form(client: TestClient) -> dict[str, str]:
    data = form_from_profile(EXAMPLE)
    data["csrf_token"] = csrf(client.get("/").text)
    return data


def test_体检结果与引擎给出的结论一致(client: TestClient) -> None:
    response = client.post("/", data=_example_form(client))
    assert response.status_code == 200
    expected = default_engine().assess(EXAMPLE)
    for result in expected["results"]:
        card = re.search(rf'data-program="{result["program"]}" data-project="{result["project"] or ""}" '
                         rf'data-status="([a-z_]+)"', response.text)
        assert card and card.group(1) == result["status"], result["program"]
    assert "结论" in response.text and "依据条款" in response.text and "如何得出" in response.text
    assert "缺少的信息" in response.text and "采用的假设" in response.text
    assert expected["rules_version"] in response.text


def test_填错的字段在旁边用中文说明且保留所填内容(client: TestClient) -> None:
    data = _example_form(client)
    data["enterprise.credit_code"] = "91441900MA51K3QH28"
    data["enterprise.employees"] = "二百"
    data["enterprise.city"] = "东京"
    response = client.post("/", data=data)
    assert response.status_code == 422
    assert "统一社会信用代码校验位错误：第 18 位应为 7" in response.text
    assert "请填写数字" in response.text
    assert 'value="91441900MA51K3QH28"' in response.text and 'value="二百"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_城市错误由核心校验并显示在城市字段旁(client: TestClient) -> None:
    data = _example_form(client)
    data["enterprise.city"] = "东京"
    response = client.post("/", data=data)
    assert response.status_code == 422
    block = response.text.split('id="f-enterprise-city-err"', 1)[1][:300]
    assert "⚠" in block and 'value="东京"' in response.text


def test_没有CSRF令牌的表单被拒绝(client: TestClient) -> None:
    data = _example_form(client)
    data["csrf_token"] = "forged"
    assert client.post("/", data=data).status_code == 403
    del data["csrf_token"]
    assert client.post("/", data=data).status_code == 403
    response = client.post("/login", data={"username": "admin", "password": "x"})
    assert response.status_code == 403 and "表单已过期" in response.text


def test_会话cookie为HttpOnly和SameSite_Lax且签名(client: TestClient) -> None:
    client.get("/")
    cookie = client.cookies.get("huiqi_session")
    assert cookie
    login(client, "admin")
    header = ";".join(v for k, v in client.get("/").headers.items() if k == "set-cookie") or ""
    raw = client.post("/login", data={"csrf_token": csrf(client.get("/login").text), "username": "admin",
                                       "password": "correct horse battery"}, follow_redirects=False)
    set_cookie = raw.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie.replace("Lax", "lax")
    assert header is not None
    client.cookies.set("huiqi_session", cookie[:-3] + "abc")
    assert client.get("/admin/users", follow_redirects=False).status_code == 303  # tampered: logged out


def test_登录错误不说明是用户名还是密码错且有次数限制(client: TestClient) -> None:
    token = csrf(client.get("/login").text)
    for _ in range(5):
        response = client.post("/login", data={"csrf_token": token, "username": "admin", "password": "wrong"})
        assert response.status_code == 401 and "用户名或密码错误" in response.text
    good = {"csrf_token": token, "username": "admin", "password": "correct horse battery"}
    response = client.post("/login", data=good)
    assert response.status_code == 429 and "登录尝试次数过多" in response.text


def test_需要登录的页面跳转到登录页(client: TestClient) -> None:
    for path in ("/projects", "/screen", "/admin/users", "/account/password"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def test_东莞主管部门的台账看不到佛山企业(client: TestClient, site: Site) -> None:
    login(client, "dg-bureau")
    page = client.get("/projects").text
    assert "东莞市示例电子元件有限公司" in page and "佛山市示例机械有限公司" not in page
    assert client.get("/admin/users").status_code == 403


def test_台账日历翻到日历首尾月不出错(client: TestClient) -> None:
    """The month view links to the month before and after: 0001-01 and 9999-12 have none on one side, so
    those (like malformed months) show this month's calendar."""
    login(client, "dg-bureau")
    first = dt.date.today().replace(day=1)
    following = (first + dt.timedelta(days=32)).strftime("%Y-%m")
    for month in ("9999-12", "0001-01", "2026-13", "x"):
        page = client.get("/projects", params={"month": month})
        assert page.status_code == 200 and f"?month={following}" in page.text, month
    edge = client.get("/projects", params={"month": "9999-11"}).text
    assert "?month=9999-10" in edge and "?month=9999-12" in edge


def test_企业用户只看到自己的企业(client: TestClient) -> None:
    login(client, "fs-company")
    page = client.get("/projects").text
    assert "佛山市示例机械有限公司" in page and "东莞市示例电子元件有限公司" not in page


def test_登录的企业用户体检后结果保存到我的企业(client: TestClient) -> None:
    login(client, "dg-company")
    response = client.post("/", data=_example_form(client))
    assert "已保存到我的企业" in response.text
    page = client.get("/projects").text
    assert page.count("东莞市示例电子元件有限公司") >= 2


def test_管理员新建用户并设置辖区(client: TestClient) -> None:
    login(client, "admin")
    token = csrf(client.get("/admin/users").text)
    response = client.post("/admin/users", data={"csrf_token": token, "username": "gz-bureau", "role": "bureau",
                                                 "jurisdiction": "广州市", "password": "long enough pw"})
    assert response.status_code == 200 and "已创建用户 gz-bureau" in response.text
    user_id = re.search(r'/admin/users/(\d+)/jurisdiction" class="inline">\s*<input type="hidden" name="csrf_token" '
                        r'value="[^"]+">\s*<label class="sr" for="j-\d+">gz-bureau', response.text)
    assert user_id
    response = client.post(f"/admin/users/{user_id.group(1)}/jurisdiction",
                           data={"csrf_token": token, "jurisdiction": "广州市/天河区"})
    assert "广州市/天河区" in response.text or "广州/天河区" in response.text
    audit = client.get("/admin/audit").text
    assert "set_jurisdiction" in audit and "gz-bureau" in audit


def test_修改密码(client: TestClient) -> None:
    login(client, "dg-company")
    token = csrf(client.get("/account/password").text)
    bad = client.post("/account/password", data={"csrf_token": token, "old": "nope", "new": "abcdefgh1",
                                                 "again": "abcdefgh1"})
    assert bad.status_code == 422 and "当前密码不正确" in bad.text
    ok = client.post("/account/password", data={"csrf_token": token, "old": "correct horse battery",
                                                "new": "abcdefgh1", "again": "abcdefgh1"})
    assert ok.status_code == 200 and "密码已修改" in ok.text


def test_404和500页面为中文且无堆栈(site: Site) -> None:
    @site.app.get("/boom-for-test")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(site.app, raise_server_exceptions=False) as client:
        missing = client.get("/no/such/page")
        assert missing.status_code == 404 and "页面不存在" in missing.text
        broken = client.get("/boom-for-test")
        assert broken.status_code == 500 and "系统出错了" in broken.text
        assert "Traceback" not in broken.text and "secret internals" not in broken.text
        assert client.get("/policies/no-such-doc").status_code == 404
        assert client.get("/api/v1/enterprises/99", headers={"Authorization": "Bearer x"}).headers[
            "content-type"].startswith("application/json")


def test_条款页列出引用它的规则(client: TestClient) -> None:
    page = client.get("/policies/tech-upgrade-fund/art8-i1-s5")
    assert page.status_code == 200 and "引用本条款的规则" in page.text and "技术改造设备事后奖励" in page.text
    doc = client.get("/policies/tech-upgrade-fund").text
    assert 'id="art8-i1-s5"' in doc


def test_搜索结果高亮(client: TestClient) -> None:
    page = client.get("/search", params={"q": "设备购置"}).text
    assert "<mark>" in page and "/policies/tech-upgrade-fund#" in page


def test_规则说明列出条件条款和参数有效期(client: TestClient) -> None:
    page = client.get("/rules/tech-upgrade-equipment-reward").text
    assert "equipment-floor" in page and "参数" in page and "2022-01-01" in page


def test_规则说明页有版本沿革时间线(client: TestClient) -> None:
    page = client.get("/rules/little-giant").text
    timeline = page.split('class="versions"', 1)[1].split("</ol>", 1)[0]
    numbers = re.findall(r'data-version="([^"]+)"', timeline)
    assert numbers == ["工信厅企业函〔2021〕79号", "工信部企业〔2022〕63号", "工信部企业〔2026〕2号"]
    assert "2022" in timeline and "2026-03-31" in timeline and "由 工信部企业〔2026〕2号 取代" in timeline
    assert "转载，尚未与官方文本核对" in timeline
    # 79号's call closed on 2021-05-06; nothing answers until 63号 applies
    assert "2021-04-19 至 2021-05-06" in timeline
    assert "2021-05-06 后不再作答；工信部企业〔2022〕63号 自 2022-08-01 起施行" in timeline
    assert "其间评估为“不在有效期内”" in page


def test_体检结果显示挂牌上市梯度和调整建议(client: TestClient) -> None:
    page = client.post("/", data=_example_form(client)).text
    tier = page.split('class="panel listing-tier"', 1)[1].split("</details>", 1)[0]
    assert "潜在拟挂牌上市企业" in tier and 'data-switch="listing-tier-rule=undetermined-counts"' in tier
    assert "data-advise" in page and 'class="advice"' not in page
    profile = page.split('name="profile_json" value="', 1)[1].split('"', 1)[0]
    import html

    advised = client.post("/checkup/rerun", data={"csrf_token": csrf(page), "advise": "1",
                                                  "profile_json": html.unescape(profile)})
    assert advised.status_code == 200
    card = advised.text.split('id="card-listing-bse"', 1)[1].split("</article>", 1)[0]
    # 北交所 2.1.3 standard 4: R&D of the last two years ≥ 5,000 万元; the example spent 610 + 760
    assert "如何达到条件" in card and "增加 3,630.00 万元" in card
    assert 'data-field="enterprise.financials.2022.rd_expense"' in card


def test_演示命令新建数据库和随机密码的账号(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from huiqi.web.demo import build_demo

    demo = build_demo(tmp_path / "demo")
    other = build_demo(tmp_path / "demo2")
    assert demo.passwords != other.passwords
    with TestClient(demo.app) as client:
        login(client, "demo-bureau", demo.passwords["demo-bureau"])
        assert "东莞市示例电子元件有限公司" in client.get("/projects").text
    with pytest.raises(FileExistsError):
        build_demo(tmp_path / "demo")


def test_规则说明的版本标题写实际适用的日期(client: TestClient) -> None:
    page = client.get("/rules/tech-upgrade-equipment-reward").text
    headings = re.findall(r"<h2>([^<]*〔20\d\d〕\d+号（[^<]*）)</h2>", page)
    # 5号 was to run to 2026-12-31, but 〔2024〕7号 replaced it from 2025-01-01
    assert "粤工信规字〔2021〕5号（2022-01-01 至 2024-12-31）" in headings
    assert "文件原定有效期至 2026-12-31" in page
    assert page.count("此文件来自转载，尚未与官方文本核对。") == 1  # once per document, not per clause
    assert "unverified" not in page and "来源质量 R：" not in page


def test_体检结果第一屏逐行说明结论(client: TestClient) -> None:
    page = client.post("/", data=_example_form(client)).text
    lines = page.split('<ul class="lines">', 1)[1].split("</ul>", 1)[0]
    eligible = re.findall(r'data-line="eligible">(.*?)</li>', lines, re.S)
    assert len(eligible) == 1 and "技术改造设备事后奖励" in eligible[0] and "360.00 万元" in eligible[0]
    expected = default_engine().assess(EXAMPLE)
    undetermined = [r for r in expected["results"] if r["status"] == "undetermined"]
    questions = {p for r in undetermined for c in r["criteria"] if c["status"] == "unknown" for p in c["missing"]}
    assert f"{len(undetermined)} 项</a>需先回答 <b data-questions>{len(questions)}</b> 个问题" in lines
    ineligible = re.findall(r'data-line="ineligible">(.*?)</li>', lines, re.S)
    assert len(ineligible) == sum(r["status"] == "ineligible" for r in expected["results"])
    assert all("：未满足：" in line for line in ineligible)
    assert page.count("<details>") >= len(expected["results"])  # every card's details open on demand

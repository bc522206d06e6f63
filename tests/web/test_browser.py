"""The web UI in a real browser: Playwright for Python driving Debian's Chromium (``/usr/bin/chromium``)
against the live test server. Screenshots of each main page go to a temporary folder (or to
``$HUIQI_TEST_ARTIFACTS`` where set), never into the repository: README's screenshots are made by
``python benchmarks/screenshots.py``."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from huiqi.engine import default_engine

from .conftest import EXAMPLE, PASSWORD, SHOTS, Live, batch_workbook, skip_without_browser

skip_without_browser()


@pytest.fixture(scope="module", autouse=True)
def _shots(shots: Path) -> None:
    """Every test of this module may take screenshots (into ``SHOTS["dir"]``)."""


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS["dir"] / f"{name}.png"), full_page=True)


def sign_in(page: Any, live: Live, username: str) -> None:
    page.goto(f"{live.url}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live.url}/")


def fill_checkup(page: Any, live: Live) -> None:
    """The example enterprise, typed in step by step as a new user would."""
    ent, project = EXAMPLE["enterprise"], EXAMPLE["projects"][0]
    page.goto(f"{live.url}/checkup/full")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.get_by_label("评估日期").fill(EXAMPLE["as_of"])
    page.get_by_label("企业名称", exact=True).fill(ent["name"])
    code = page.get_by_label("统一社会信用代码")
    code.fill(ent["credit_code"][:-1] + "8")
    assert "校验位错误" in page.locator("#f-enterprise-credit_code-err").inner_text()
    code.fill(ent["credit_code"])
    code.blur()
    assert page.locator("#f-enterprise-credit_code-err").inner_text() == ""
    page.get_by_label("所在市", exact=True).fill(ent["city"])
    page.get_by_label("所在区县(镇街)", exact=True).fill(ent["county"])
    page.get_by_label("国民经济行业代码").fill(ent["industry_code"])
    page.get_by_label("成立日期", exact=True).fill(ent["established"])
    for key in ("employees", "rd_staff", "degree_or_title_staff"):
        page.locator(f"#f-enterprise-{key}").fill(str(ent[key]))
    for key in ("registered_in_guangdong", "operating_in_guangdong", "independent_legal_person"):
        page.locator(f"#f-enterprise-{key}").select_option("true")
    for key, flag in ent["compliance"].items():
        page.locator(f"#f-enterprise-compliance-{key}").select_option("true" if flag else "false")
    page.get_by_role("button", name="下一步").first.click()
    assert page.locator("#step-finance").is_visible() and not page.locator("#step-basic").is_visible()
    year = int(EXAMPLE["as_of"][:4])
    for back in (3, 2, 1):
        for key, amount in ent["financials"][str(year - back)].items():
            page.locator(f"#f-enterprise-financials-y{back}-{key}").fill(str(amount))
    page.locator("#step-finance [data-next]").click()
    page.locator("#step-innovation [data-next]").click()
    page.get_by_label("项目名称", exact=True).fill(project["name"])
    page.get_by_label("项目类型").select_option("tech_upgrade")
    page.get_by_label("项目所在市").fill(project["city"])
    page.get_by_label("项目管理方式").select_option("filing")
    for key in ("filed_on", "planned_start", "planned_completion", "started_on", "completed_on"):
        page.locator(f"#f-projects-0-{key}").fill(project[key])
    page.locator("#f-projects-0-equipment_purchase_wan").fill(str(project["equipment_purchase_wan"]))
    for key in ("prohibited_by_policy", "in_tech_upgrade_statistics", "received_provincial_funding", "filing_changed"):
        page.locator(f"#f-projects-0-{key}").select_option("true" if project[key] else "false")


def test_新用户完成体检_结果卡片与引擎一致(page: Any, live: Live) -> None:
    fill_checkup(page, live)
    with page.expect_navigation():
        page.locator("#step-project").get_by_role("button", name="开始体检").click()
    page.wait_for_selector("article.card")
    expected = default_engine().assess(EXAMPLE)
    for result in expected["results"]:
        card = page.locator(f'article.card[data-program="{result["program"]}"]'
                            f'[data-project="{result["project"] or ""}"]')
        assert card.count() == 1
        assert card.get_attribute("data-status") == result["status"]
        words = {"eligible": "符合条件", "ineligible": "不符合条件", "undetermined": "待定",
                 "not_applicable": "不适用", "not_in_force": "不在政策有效期内"}[result["status"]]
        assert words in card.locator(".verdict-text").inner_text()
        if result["status"] == "eligible" and result["reward"]["max_wan"] is not None:
            assert f"{result['reward']['max_wan']:,.2f} 万元" in card.locator("[data-reward]").inner_text()
        if result["status"] not in ("not_applicable", "not_in_force"):
            marks = card.locator("li.crit")
            assert marks.count() == len(result["criteria"])
            for i, criterion in enumerate(result["criteria"]):
                assert marks.nth(i).get_attribute("data-status") == criterion["status"]
    assert "新一代电子信息" in page.locator(".enterprise-context").inner_text()
    assert expected["rules_version"] in page.inner_text("main")
    shot(page, "checkup-result")
    page.emulate_media(media="print")
    shot(page, "checkup-print")
    page.emulate_media(media="screen")

    # advice on request: the change, its exact gap and the clause it repairs, inside the program's card
    with page.expect_navigation():
        page.locator("button[data-advise]").click()
    assert "有调整建议" in page.locator("#card-listing-bse summary").first.inner_text()
    page.locator("#card-listing-bse summary").first.click()
    advice = page.locator("#card-listing-bse .advice")
    assert "增加 3,630.00 万元" in advice.inner_text() and "2.1.3" in advice.inner_text()
    assert "潜在拟挂牌上市企业" in page.locator(".listing-tier").inner_text()
    advice.scroll_into_view_if_needed()
    shot(page, "checkup-advice")

    # the switch to the other reading re-runs the assessment and says so, in words
    page.locator(".listing-tier > summary").click()
    page.locator("button[data-switch]").first.click()
    page.wait_for_selector("text=本次按另选的读法评估")
    assert "数据不全" in page.locator(".report-head .alert").first.inner_text()

    # the details open on demand; a clause link lands on the clause, highlighted
    card = page.locator('article.card[data-status="eligible"]').first
    card.locator("summary").first.click()
    card.locator("details.more > summary").click()
    link = card.locator("li.crit a.clause-link").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")
    anchor = href.split("#")[1]
    assert page.locator(f"[id='{anchor}']").is_visible()
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == anchor
    shot(page, "policy-document")


def test_草稿保存在浏览器中(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/?example=1")
    shot(page, "checkup-form")
    page.goto(f"{live.url}/checkup/full")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.get_by_label("企业名称", exact=True).fill("草稿测试有限公司")
    page.goto(f"{live.url}/policies")
    page.goto(f"{live.url}/checkup/full")
    assert page.get_by_label("企业名称").input_value() == "草稿测试有限公司"


def test_搜索和条款页(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/policies")
    shot(page, "policies")
    page.get_by_label("搜索条款").fill("设备购置")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_selector("ol.hits li")
    assert page.locator("ol.hits mark").count() > 0
    shot(page, "search")
    page.goto(f"{live.url}/policies/tech-upgrade-fund/art8-i1-s5")
    assert "技术改造设备事后奖励" in page.inner_text("main")
    shot(page, "clause")


def test_规则说明页(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/rules/tech-upgrade-equipment-reward")
    assert page.locator(".lit-row").count() > 5
    shot(page, "literate-view")
    page.goto(f"{live.url}/rules/little-giant")
    assert page.locator(".versions > li").count() == 3
    assert "工信部企业〔2026〕2号" in page.locator(".versions > li").nth(2).inner_text()
    page.locator(".timeline").screenshot(path=str(SHOTS["dir"] / "version-timeline.png"))


def test_登录与角色隔离(page: Any, live: Live) -> None:
    sign_in(page, live, "dg-bureau")
    page.get_by_role("link", name="项目台账").click()
    text = page.inner_text("main")
    assert "东莞市示例电子元件有限公司" in text and "佛山市示例机械有限公司" not in text
    shot(page, "projects")
    assert page.get_by_role("link", name="用户管理").count() == 0
    page.goto(f"{live.url}/admin/users")
    assert "无权访问" in page.inner_text("main")
    page.get_by_role("button", name="退出").click()
    sign_in(page, live, "fs-company")
    page.goto(f"{live.url}/projects")
    text = page.inner_text("main")
    assert "佛山市示例机械有限公司" in text and "东莞市示例电子元件有限公司" not in text
    assert page.get_by_role("link", name="批量筛查").count() == 0


def test_管理员页面(page: Any, live: Live) -> None:
    sign_in(page, live, "admin")
    page.goto(f"{live.url}/admin/users")
    shot(page, "admin-users")
    page.goto(f"{live.url}/admin/audit")
    assert "login" in page.inner_text("main")
    shot(page, "admin-audit")


def test_批量筛查_上传到下载(page: Any, live: Live, tmp_path: Path) -> None:
    sign_in(page, live, "dg-bureau")
    page.get_by_role("link", name="批量筛查").click()
    with page.expect_download() as got:
        page.get_by_role("link", name="下载 Excel 模板").click()
    template = tmp_path / "template.xlsx"
    got.value.save_as(template)
    assert template.stat().st_size > 1000
    source = tmp_path / "企业清单.xlsx"
    batch_workbook(source)
    page.get_by_label("筛查文件（.xlsx、.csv 或 .parquet）").set_input_files(str(source))
    page.get_by_label("评估日期（可留空，默认今天）").fill(EXAMPLE["as_of"])
    page.get_by_role("button", name="上传并筛查").click()
    page.wait_for_selector("[data-done]", timeout=60_000)
    row = page.locator('tr[data-program="tech-upgrade-equipment-reward"][data-city="东莞"]')
    assert row.count() == 1
    assert "360.00" in row.locator("[data-reward]").inner_text()  # 1800 × 20%; 650 is under the 700 floor
    assert page.locator("figure.chart svg rect").count() > 0
    shot(page, "batch-summary")
    with page.expect_download() as got:
        page.get_by_role("link", name="下载着色的 Excel 结果").click()
    result = tmp_path / "result.xlsx"
    got.value.save_as(result)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(result.read_bytes())).worksheets[0]
    assert sheet.max_row >= 5


def test_手机宽度375像素(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        for path in ("/", "/policies", "/rules/gd-specialized-sme", "/rules/little-giant", "/rules/listing-main-board",
                     "/policies/tech-upgrade-fund/art8-i1-s5", "/search?q=研发"):
            page.goto(f"{live.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 376, (path, width)
        page.goto(f"{live.url}/?example=1")
        shot(page, "phone-form")
        page.locator("#step-basic").get_by_role("button", name="开始体检").click()
        page.wait_for_selector("article.card")
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
        shot(page, "phone-result")
        # the default result fits in five phone screens (375 × 667) and its first screen has the verdicts
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 5 * 667, height
        first = page.locator(".lines").bounding_box()
        assert first is not None and first["y"] + first["height"] <= 667, first  # every verdict line on screen one
        assert "现在可申报" in page.locator(".lines").inner_text()
        assert "360.00 万元" in page.locator('[data-line="eligible"]').inner_text()
        assert page.locator("[data-questions]").inner_text().isdigit()
        menu = page.get_by_role("button", name="菜单")
        assert menu.is_visible() and not page.get_by_role("link", name="政策库").is_visible()
        menu.click()
        assert page.get_by_role("link", name="政策库").is_visible()
        page.keyboard.press("Tab")
    finally:
        context.close()

"""The web UI in a real browser: Playwright for Python driving Debian's Chromium (``/usr/bin/chromium``)
against the live test server. Screenshots of each main page go to ``test-artifacts/``; the three README
screenshots to ``docs/screenshots/``."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from huiqi.engine import default_engine

from .conftest import EXAMPLE, PASSWORD, ROOT, Live

CHROMIUM = os.environ.get("HUIQI_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

ARTIFACTS = ROOT / "test-artifacts"
DOCS = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def shot(page: Any, name: str, docs: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS / f"{name}.png"), full_page=False)


def sign_in(page: Any, live: Live, username: str) -> None:
    page.goto(f"{live.url}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live.url}/")


def fill_checkup(page: Any, live: Live) -> None:
    """The example enterprise, typed in step by step as a new user would."""
    ent, project = EXAMPLE["enterprise"], EXAMPLE["projects"][0]
    page.goto(f"{live.url}/")
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
    assert expected["rules_version"] in page.inner_text(".report-head")
    shot(page, "checkup-result", docs=True)
    page.emulate_media(media="print")
    shot(page, "checkup-print")
    page.emulate_media(media="screen")

    # advice on request: the change, its exact gap and the clause it repairs, inside the program's card
    with page.expect_navigation():
        page.locator("button[data-advise]").click()
    advice = page.locator("#card-listing-bse .advice")
    assert "增加 3,630.00 万元" in advice.inner_text() and "2.1.3" in advice.inner_text()
    assert "潜在拟挂牌上市企业" in page.locator(".listing-tier").inner_text()
    advice.scroll_into_view_if_needed()
    shot(page, "checkup-advice", docs=True)

    # the switch to the other reading re-runs the assessment and says so
    page.locator("button[data-switch]").first.click()
    page.wait_for_selector("text=本次按另选的读法评估")

    # a clause link lands on the clause, highlighted
    link = page.locator('article.card[data-status="eligible"] li.crit a.clause-link').first
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
    page.goto(f"{live.url}/")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.get_by_label("企业名称", exact=True).fill("草稿测试有限公司")
    page.goto(f"{live.url}/policies")
    page.goto(f"{live.url}/")
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
    shot(page, "literate-view", docs=True)
    page.goto(f"{live.url}/rules/little-giant")
    assert page.locator(".versions li").count() == 3
    assert "工信部企业〔2026〕2号" in page.locator(".versions li").nth(2).inner_text()
    page.locator(".timeline").screenshot(path=str(DOCS / "version-timeline.png"))


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


def _batch_file(path: Path) -> None:
    from openpyxl import Workbook

    ent, project = EXAMPLE["enterprise"], EXAMPLE["projects"][0]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = ["enterprise.name", "enterprise.city", "enterprise.registered_in_guangdong",
              "enterprise.operating_in_guangdong", "enterprise.independent_legal_person", "enterprise.industry_code",
              "enterprise.compliance.tax_violation", "project.id", "project.kind", "project.city",
              "project.prohibited_by_policy", "project.equipment_purchase_wan", "project.in_tech_upgrade_statistics",
              "project.received_provincial_funding", "project.completed_on", "project.started_on",
              "enterprise.compliance.dishonest_debtor", "enterprise.compliance.major_accident_3y", "project.management",
              "project.filed_on", "project.planned_start", "project.planned_completion", "project.filing_changed"]
    sheet.append(header)
    for i, (city, amount) in enumerate([("东莞", 1800), ("东莞", 650), ("佛山", 2400), ("韶关", 500)]):
        sheet.append([f"企业{i}", city, "是", "是", "是", ent["industry_code"], "否", f"p{i}", "tech_upgrade", city,
                      "否", amount, "是", "否", project["completed_on"], project["started_on"], "否", "否", "备案",
                      project["filed_on"], project["planned_start"], project["planned_completion"], "否"])
    book.save(path)


def test_批量筛查_上传到下载(page: Any, live: Live, tmp_path: Path) -> None:
    sign_in(page, live, "dg-bureau")
    page.get_by_role("link", name="批量筛查").click()
    with page.expect_download() as got:
        page.get_by_role("link", name="下载 Excel 模板").click()
    template = tmp_path / "template.xlsx"
    got.value.save_as(template)
    assert template.stat().st_size > 1000
    source = tmp_path / "企业清单.xlsx"
    _batch_file(source)
    page.get_by_label("筛查文件（.xlsx、.csv 或 .parquet）").set_input_files(str(source))
    page.get_by_label("评估日期（可留空，默认今天）").fill(EXAMPLE["as_of"])
    page.get_by_role("button", name="上传并筛查").click()
    page.wait_for_selector("[data-done]", timeout=60_000)
    row = page.locator('tr[data-program="tech-upgrade-equipment-reward"][data-city="东莞"]')
    assert row.count() == 1
    assert "360.00" in row.locator("[data-reward]").inner_text()  # 1800 × 20%; 650 is under the 700 floor
    assert page.locator("figure.chart svg rect").count() > 0
    shot(page, "batch-summary", docs=True)
    with page.expect_download() as got:
        page.get_by_role("link", name="下载着色的 Excel 结果").click()
    result = tmp_path / "result.xlsx"
    got.value.save_as(result)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(result.read_bytes())).worksheets[0]
    assert sheet.max_row >= 5


def test_手机宽度375像素(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 760}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        for path in ("/", "/policies", "/rules/gd-specialized-sme", "/search?q=研发"):
            page.goto(f"{live.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 376, (path, width)
        page.goto(f"{live.url}/?example=1")
        shot(page, "phone-form")
        page.locator("#step-basic").get_by_role("button", name="开始体检").click()
        page.wait_for_selector("article.card")
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
        shot(page, "phone-result")
        menu = page.get_by_role("button", name="菜单")
        assert menu.is_visible() and not page.get_by_role("link", name="政策库").is_visible()
        menu.click()
        assert page.get_by_role("link", name="政策库").is_visible()
        page.keyboard.press("Tab")
    finally:
        context.close()

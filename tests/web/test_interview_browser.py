"""The interview at ``/`` in Chromium: one question per screen, 不知道 and back, verdicts updated with
each answer, a bad answer explained on its field, 填写全部, saving as the enterprise's profile; at
375 px (phone) and 1280 px. Screenshots go to a temporary folder (``$HUIQI_TEST_ARTIFACTS`` where set)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, SHOTS, Live, skip_without_browser

skip_without_browser()


@pytest.fixture(scope="module", autouse=True)
def _shots(shots: Path) -> None:
    """Screenshots of this module go to ``SHOTS["dir"]``."""

TECH = "tech-upgrade-equipment-reward"


def _context(browser: Any, width: int) -> Any:
    if width < 500:
        return browser.new_context(viewport={"width": width, "height": 760}, is_mobile=True, locale="zh-CN")
    return browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS["dir"] / f"{name}.png"), full_page=False)


def question(page: Any) -> str:
    return str(page.locator("input[name=field]").first.get_attribute("value"))


def status(page: Any, program: str) -> str:
    return str(page.locator(f".iv-verdicts li[data-program='{program}']").first.get_attribute("data-status"))


def choose(page: Any, label: str) -> None:
    page.locator(".iv-option", has_text=label).first.click()
    page.get_by_role("button", name="下一题").click()


def type_answer(page: Any, text: str) -> None:
    """``text`` into the question's first input, 不知道 ticked for the others of a grouped question."""
    page.locator("#iv-form input[name=value-0]").fill(text)
    for other in page.locator("#iv-form .iv-in-group").all()[1:]:
        other.get_by_text("不知道", exact=True).last.click()
    page.get_by_role("button", name="下一题").click()
    assert not page.locator("#iv-form .error-msg", has_text="⚠").count()


@pytest.mark.parametrize("width", [375, 1280])
def test_interview_one_question_at_a_time(browser: Any, live: Live, width: int) -> None:
    context = _context(browser, width)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/")
        assert question(page) == "projects[0].kind"
        assert status(page, TECH) == "not_applicable"
        assert page.locator("#iv-form .iv-text").count() == 1  # one question per screen
        choose(page, "技术改造")
        assert status(page, TECH) == "undetermined"  # the verdicts follow each answer
        assert question(page) == "enterprise.city"
        type_answer(page, "东莞")
        asked = question(page)
        page.get_by_role("button", name="不知道").click()
        assert question(page) != asked
        page.get_by_role("button", name="上一题").click()
        assert question(page) == asked
        # on to a grouped question (several inputs on one screen, each with its own 不知道)
        for _ in range(30):
            if page.locator("#iv-form .iv-in-group").count():
                break
            page.get_by_role("button", name="不知道").click()
        inputs = page.locator("#iv-form .iv-in-group")
        assert inputs.count() >= 2 and page.locator("#iv-group-title").is_visible()
        assert page.locator("#iv-form .iv-in-group", has_text="不知道").count() == inputs.count()
        # a figure answered wrongly: the message is on its field, in Chinese, the text kept; the rest 不知道
        for _ in range(30):
            if page.locator("#iv-form input[inputmode=decimal]").count():
                break
            page.get_by_role("button", name="不知道").click()
        box = page.locator("#iv-form input[inputmode=decimal]").first
        name = box.get_attribute("name")
        for other in page.locator("#iv-form .iv-in-group").all():
            if not other.locator(f"input[name='{name}']").count():
                other.get_by_text("不知道", exact=True).last.click()
        box.fill("一千八百")
        page.get_by_role("button", name="下一题").click()
        box = page.locator(f"#iv-form input[name='{name}']")
        field = page.locator("#iv-form .field").filter(has=page.locator(f"input[name='{name}']"))
        assert "请填写数字" in field.locator(".error-msg").inner_text()
        assert page.locator("#iv-form .error-msg", has_text="⚠").count() == 1
        assert box.input_value() == "一千八百"
        ticked = page.locator("#iv-form input[type=checkbox]:checked, #iv-form input[value='?']:checked").count()
        assert ticked == page.locator("#iv-form .iv-in-group").count() - 1  # the other inputs' 不知道 kept
        assert box.get_attribute("aria-invalid") == "true"
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        shot(page, f"interview-{width}")
        page.get_by_role("link", name="填写全部（完整表单）").click()
        page.wait_for_url("**/checkup/full")
        assert page.locator("#checkup-form").count() == 1
    finally:
        context.close()


def test_interview_to_the_end_and_saved_as_the_enterprise_profile(browser: Any, live: Live) -> None:
    context = _context(browser, 1280)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/login")
        page.get_by_label("用户名").fill("dg-company")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live.url}/")
        choose(page, "没有项目")
        for _ in range(120):
            if not page.locator("#iv-form").count():
                break
            page.get_by_role("button", name="不知道").click()
        page.get_by_role("heading", name="体检完成").wait_for(timeout=10_000)
        assert status(page, TECH) == "not_applicable"
        shot(page, "interview-done")
        page.locator("#iv-name").fill("逐题体检测试有限公司")
        page.get_by_role("button", name="保存为我的企业画像").click()
        assert "已保存为企业画像" in page.locator("h1").inner_text()
        page.get_by_role("button", name="查看完整结果").click()
        page.wait_for_selector("article.card")
        assert page.locator(f"article.card[data-program='{TECH}']").get_attribute("data-status") == "not_applicable"
    finally:
        context.close()


def test_a_checklist_on_a_phone_answered_none_of_these(browser: Any, live: Live) -> None:
    """The negative conditions on one screen at 375 px: 是/否/不知道 per item, and 以上都没有 for all."""
    context = _context(browser, 375)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/?program={TECH}&as_of=2023-06-01")
        choose(page, "技术改造")
        type_answer(page, "东莞")
        for _ in range(30):
            if page.get_by_role("button", name="以上都没有").count():
                break
            page.get_by_role("button", name="不知道").click()
        items = page.locator("#iv-form .iv-in-group")
        assert items.count() >= 2 and "下列情形" in page.locator("#iv-group-title").inner_text()
        for n in range(items.count()):
            assert [t.strip() for t in items.nth(n).locator(".iv-option").all_inner_texts()] == ["是", "否", "不知道"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
        shot(page, "interview-checklist-375")
        asked = question(page)
        page.get_by_role("button", name="以上都没有").click()
        assert question(page) != asked and not page.locator("#iv-group-title", has_text="下列情形").count()
    finally:
        context.close()

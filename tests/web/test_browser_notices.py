"""免申即享 in a real browser (Chromium), at 375 px (an owner's phone) and 1280 px (a clerk's screen): the
东莞 bureau starts a match on ``/matches``, sees its progress, counts by status and city and the enterprises
it notified, and exports them; the owner finds the notice in ``/notices`` (unread count in the navigation)
and marks it read. The seeded 东莞 enterprise has 1800 万元 of equipment: 20% of it, 360.00 万元, is the
bound (粤工信规字〔2021〕5号 第十条第（一）项) on 2023-06-01; the 佛山 one is outside the bureau's city."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import SHOTS, Live, build_site, serving, skip_without_browser
from .test_browser import sign_in

skip_without_browser()

WIDTHS = {"desk": 1280, "phone": 375}
#: ASCII words a page may show outside <code>: names of file formats and of the software itself
ALLOWED = {"Excel", "API", "huiqi"}


@pytest.fixture(scope="module", autouse=True)
def _shots(shots: Path) -> None:
    """Screenshots of this module go to ``SHOTS["dir"]``."""


@pytest.fixture()
def site_live(tmp_path: Path) -> Iterator[Live]:
    """A new site for each test (about 1.5 s): every test starts the matches whose notices it reads, so
    each runs alone, in any order and in any process, and no notice reaches another test's users."""
    with serving(build_site(tmp_path)) as served:
        yield served


def _page(browser: Any, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True)
    return context.new_page()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS["dir"] / f"{name}.png"), full_page=True)


def _machine_words(page: Any) -> set[str]:
    """ASCII words shown on the page outside <code> (and outside the hidden menu)."""
    text = page.evaluate("""() => { const c = document.querySelector('main').cloneNode(true);
        c.querySelectorAll('code, script').forEach(e => e.remove()); return c.innerText; }""")
    return {w for w in re.findall(r"[A-Za-z_][A-Za-z_\-]{2,}", text) if w not in ALLOWED}


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _start(page: Any, live: Live, program_title: str) -> None:
    page.goto(f"{live.url}/matches")
    page.get_by_label("政策项目").select_option(label=program_title)
    page.get_by_label("评估日期").fill("2023-06-01")
    page.get_by_role("button", name="开始匹配").click()
    page.wait_for_url(re.compile(r"/matches/\d+$"))
    page.wait_for_selector("[data-done]", timeout=60_000)


@pytest.mark.parametrize("size", list(WIDTHS))
def test_主管部门发起匹配_看计数与已通知名单_导出(browser: Any, site_live: Live, size: str) -> None:
    page = _page(browser, WIDTHS[size])
    sign_in(page, site_live, "dg-bureau")
    if size == "phone":  # a match of the same versions has already notified the enterprise
        _start(page, site_live, "技术改造设备事后奖励")
        page.goto(f"{site_live.url}/")
        page.get_by_role("button", name="菜单").click()
    page.get_by_role("link", name="免申即享").click()
    page.wait_for_url(f"{site_live.url}/matches")
    _start(page, site_live, "技术改造设备事后奖励")
    done = page.locator("[data-done]").inner_text()
    assert "已核对 1 家企业" in done  # 佛山 is not the 东莞 bureau's
    counts = page.locator("table.counts")
    assert counts.locator("[data-status=eligible]").inner_text() == "1"
    assert counts.locator("[data-status=ineligible]").inner_text() == "0"
    city = page.locator("table.by-city tr[data-city=东莞]")
    assert city.locator("td").nth(0).inner_text() == "东莞" and city.locator("td").nth(1).inner_text() == "1"
    if size == "desk":  # the first match notifies; the phone's is the second (same versions): it notifies no one
        told = page.locator("table.notified tbody tr")
        assert told.count() == 1
        assert "东莞市示例电子元件有限公司" in told.inner_text() and "360.00 万元" in told.inner_text()
        with page.expect_download() as info:
            page.get_by_role("link", name="导出 Excel").click()
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).worksheets[0]
        assert sheet.cell(2, 1).value == "企业名称"
        assert sheet.cell(3, 1).value == "东莞市示例电子元件有限公司" and sheet.cell(3, 6).value == 360
    else:
        assert "本次没有新通知的企业" in page.locator("main").inner_text()
        assert "此前已通知过" in done
    assert _machine_words(page) == set()
    _no_horizontal_scroll(page)
    _shot(page, f"matches-{size}")
    page.goto(f"{site_live.url}/matches")
    assert page.locator("table tbody tr").count() >= 1
    assert _machine_words(page) == set()
    _shot(page, f"matches-list-{size}")
    page.context.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_企业在消息中心看到通知并标为已读(browser: Any, site_live: Live, size: str) -> None:
    bureau = _page(browser, 1280)
    sign_in(bureau, site_live, "dg-bureau")
    _start(bureau, site_live, "技术改造设备事后奖励")  # eligible: 360.00 万元
    _start(bureau, site_live, "广东省专精特新中小企业")  # undetermined: the questions that decide it
    bureau.context.close()

    page = _page(browser, WIDTHS[size])
    sign_in(page, site_live, "dg-company")
    menu = page.get_by_role("button", name=re.compile("菜单"))
    if size == "phone":
        assert re.search(r"\d", menu.inner_text())  # the unread count shows on the phone's menu button
        menu.click()
    inbox = page.locator("nav a[href='/notices']")
    unread = int(inbox.locator(".count").inner_text())
    assert unread >= 1, unread
    inbox.click()
    page.wait_for_url(f"{site_live.url}/notices")
    notices = page.locator("li.notice")
    texts = notices.all_inner_texts()
    assert any("您可能可以申报：技术改造设备事后奖励" in t and "360.00 万元" in t and "第十条第（一）项" in t
               for t in texts)
    pending = page.locator("li.notice.s-undetermined").first
    assert "请补充信息" in pending.inner_text() and "需要补充的信息" in pending.inner_text()
    pending.locator("summary").click()
    assert pending.locator("ul.missing li code").count() >= 1
    link = pending.get_by_role("link", name="去补充信息并体检").get_attribute("href")
    assert link.startswith("/?program=gd-specialized-sme&field=enterprise.")
    assert _machine_words(page) == set()
    _no_horizontal_scroll(page)
    _shot(page, f"notices-{size}")

    first = notices.filter(has=page.get_by_role("button", name="标为已读")).first
    notice_id = first.get_attribute("id")
    first.get_by_role("button", name="标为已读").click()
    page.wait_for_url(re.compile(r"/notices"))
    assert "已读" in page.locator(f"#{notice_id}").inner_text()
    assert page.locator(f"#{notice_id} button").count() == 0
    after = page.locator("nav a[href='/notices'] .count")
    assert (int(after.inner_text()) if after.count() else 0) == unread - 1
    page.context.close()


def test_他人的通知不可标记_邮箱可修改(browser: Any, site_live: Live) -> None:
    page = _page(browser, 375)
    sign_in(page, site_live, "fs-company")
    page.goto(f"{site_live.url}/notices")
    assert page.locator("li.notice").count() == 0 and "暂无消息" in page.locator("main").inner_text()
    page.get_by_role("link", name="填写邮箱").click()
    page.get_by_label("电子邮箱").fill("不是邮箱")
    page.get_by_label("电子邮箱").evaluate("e => e.type = 'text'")  # past the browser's own check
    page.get_by_role("button", name="保存").click()
    assert "电子邮箱地址格式不正确" in page.locator("#email-err").inner_text()
    page.get_by_label("电子邮箱").fill("boss@fs-company.example.cn")
    page.get_by_role("button", name="保存").click()
    assert "邮箱已保存：boss@fs-company.example.cn" in page.locator("main").inner_text()
    _no_horizontal_scroll(page)
    _shot(page, "account-email-phone")
    page.context.close()

"""Screenshots of the web pages, as a person sees them on a phone (375 px) and at a desk (1280 px).

    python benchmarks/screenshots.py                 # README's screenshots, into docs/screenshots/
    python benchmarks/screenshots.py --all /tmp/shots  # every page at both widths, for review
    python benchmarks/screenshots.py --interview     # only the interview's (docs/screenshots/interview-*.png)

The pages are served from a fresh demo database in a temporary folder (removed at exit), driven by
Playwright on Chromium (``HUIQI_CHROMIUM``, default ``/usr/bin/chromium``). The test suite never
writes into ``docs/``: this command is the only thing that does.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("HUIQI_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PHONE = {"width": 375, "height": 667}
DESK = {"width": 1280, "height": 900}
#: page name → (path, who is signed in)
PAGES: dict[str, tuple[str, str | None]] = {
    "checkup-form": ("/?example=1", None),
    "policies": ("/policies", None),
    "policy-document": ("/policies/tech-upgrade-fund", None),
    "clause": ("/policies/tech-upgrade-fund/art8-i1-s5", None),
    "search": ("/search?q=设备购置", None),
    "rules": ("/rules", None),
    "rule-equipment": ("/rules/tech-upgrade-equipment-reward", None),
    "rule-little-giant": ("/rules/little-giant", None),
    "login": ("/login", None),
    "not-found": ("/no-such-page", None),
    "projects-enterprise": ("/projects", "enterprise"),
    "applications": ("/applications", "enterprise"),
    "projects-bureau": ("/projects", "bureau"),
    "screen": ("/screen", "bureau"),
    "rounds": ("/rounds", "bureau"),
}


@contextmanager
def serve() -> Iterator[tuple[str, dict[str, str]]]:
    """The demo site on a free port of 127.0.0.1; yields its URL and the demo passwords by role."""
    import uvicorn

    from huiqi.web.demo import DEMO_BUREAU_USER, DEMO_ENTERPRISE_USER, build_demo

    with tempfile.TemporaryDirectory(prefix="huiqi-shots-") as tmp:
        demo = build_demo(Path(tmp))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        server = uvicorn.Server(uvicorn.Config(demo.app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        users = {"enterprise": f"{DEMO_ENTERPRISE_USER}:{demo.passwords[DEMO_ENTERPRISE_USER]}",
                 "bureau": f"{DEMO_BUREAU_USER}:{demo.passwords[DEMO_BUREAU_USER]}"}
        try:
            yield f"http://127.0.0.1:{port}", users
        finally:
            server.should_exit = True
            thread.join(timeout=15)


def sign_in(page: Any, url: str, credentials: str) -> None:
    user, password = credentials.split(":", 1)
    page.goto(f"{url}/login")
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/")


def example_result(page: Any, url: str) -> None:
    """The bundled example enterprise's check-up result, as the form's first step submits it."""
    page.goto(f"{url}/?example=1")
    page.locator("#step-basic").get_by_role("button", name="开始体检").click()
    page.wait_for_selector("article.card")


def readme_shots(browser: Any, url: str, users: dict[str, str]) -> None:
    """The screenshots README shows (besides the check-up result at both widths)."""
    sys.path.insert(0, str(ROOT))
    from tests.web.conftest import batch_workbook  # the upload the screening tests use

    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    example_result(page, url)
    with page.expect_navigation():
        page.locator("button[data-advise]").click()
    card = page.locator("#card-listing-bse")
    card.locator("summary").first.click()
    card.evaluate("card => card.scrollIntoView()")
    page.screenshot(path=str(DOCS / "checkup-advice.png"))
    page.goto(f"{url}/rules/tech-upgrade-equipment-reward")
    page.screenshot(path=str(DOCS / "literate-view.png"))
    page.goto(f"{url}/rules/little-giant")
    page.locator(".timeline").screenshot(path=str(DOCS / "version-timeline.png"))
    page.goto(f"{url}/api/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    page.screenshot(path=str(DOCS / "api-docs.png"))
    sign_in(page, url, users["bureau"])
    page.goto(f"{url}/screen")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "企业清单.xlsx"
        batch_workbook(source)
        page.locator("input[type=file]").set_input_files(str(source))
        page.locator("input[name=as_of]").fill(PROFILE_AS_OF)
        page.locator("form[enctype] button[type=submit]").click()
        page.wait_for_selector("[data-done]", timeout=120_000)
    page.screenshot(path=str(DOCS / "batch-summary.png"))
    context.close()


PROFILE_AS_OF = "2023-06-01"


def interview_shots(browser: Any, url: str) -> None:
    """The interview at 375 and 1280 px, on its first grouped question after the project's kind (the
    enterprise's basic conditions: one input per field, each with its own 不知道), the city typed."""
    for width, viewport in ((375, PHONE), (1280, DESK)):
        context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport is PHONE)
        page = context.new_page()
        page.goto(f"{url}/?as_of={PROFILE_AS_OF}")
        page.locator(".iv-option", has_text="技术改造").first.click()
        page.get_by_role("button", name="下一题").click()
        page.locator("#iv-form input[name=value-0]").fill("东莞")
        page.screenshot(path=str(DOCS / f"interview-{width}.png"), full_page=width == 375)
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", type=Path, metavar="DIR", help="every page at 375 and 1280 px into DIR")
    parser.add_argument("--interview", action="store_true", help="only the interview's two screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with serve() as (url, users), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        DOCS.mkdir(parents=True, exist_ok=True)
        interview_shots(browser, url)
        if args.interview:
            browser.close()
            return
        for label, viewport in (("phone", PHONE), ("desk", DESK)):
            context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport is PHONE)
            page = context.new_page()
            example_result(page, url)
            height = page.evaluate("document.documentElement.scrollHeight")
            print(f"check-up result at {viewport['width']} px: {height} px high "
                  f"({height / viewport['height']:.1f} screens of {viewport['height']} px)")
            page.screenshot(path=str(DOCS / f"checkup-result-{label}.png"), full_page=label == "phone")
            if args.all:
                args.all.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.all / f"checkup-result-{label}.png"), full_page=True)
                page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
                page.screenshot(path=str(args.all / f"checkup-result-open-{label}.png"), full_page=True)
                signed: str | None = None
                for name, (path, who) in PAGES.items():
                    if who != signed:
                        context.clear_cookies()
                        if who:
                            sign_in(page, url, users[who])
                        signed = who
                    page.goto(f"{url}{path}")
                    page.screenshot(path=str(args.all / f"{name}-{label}.png"), full_page=True)
            context.close()
        readme_shots(browser, url, users)
        browser.close()
        print(f"README screenshots written to {DOCS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()

"""Every clause link the pages render opens: the check-up result of each example profile, every
rules page, the library list and every document page. A link ``/policies/<doc>#<anchor>`` opens when
the document page answers 200 and holds an element with that id; ``/policies/<doc>/<anchor>`` when
that clause page answers 200."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

from fastapi.testclient import TestClient

from huiqi.corpus.store import load_corpus
from huiqi.engine import default_engine
from huiqi.web.forms import form_from_profile

from .conftest import ROOT, csrf

LINK = re.compile(r'href="(/policies/[^"]*)"')


def _links(page: str) -> set[str]:
    return {html.unescape(m) for m in LINK.findall(page)}


def _broken(client: TestClient, links: set[str]) -> list[str]:
    pages: dict[str, tuple[int, str]] = {}
    broken = []
    for link in sorted(links):
        path, _, anchor = unquote(link).partition("#")
        if path not in pages:
            response = client.get(path)
            pages[path] = (response.status_code, response.text)
        status, text = pages[path]
        if status != 200 or (anchor and f'id="{html.escape(anchor)}"' not in text):
            broken.append(f"{link} → {status}{' (no such anchor)' if status == 200 else ''}")
    return broken


def test_体检结果中的条款链接全部能打开(client: TestClient) -> None:
    examples = sorted((ROOT / "examples").glob("*.json"))
    assert examples
    links: set[str] = set()
    for example in examples:
        form = form_from_profile(json.loads(Path(example).read_text("utf-8")))
        form["csrf_token"] = csrf(client.get("/").text)
        page = client.post("/", data=form)
        assert page.status_code == 200, example
        links |= _links(page.text)
    assert len(links) > 40  # the example's check-up cites some fifty distinct clauses
    assert _broken(client, links) == []


def test_规则说明和政策库页面中的条款链接全部能打开(client: TestClient) -> None:
    links = _links(client.get("/policies").text)
    for family in default_engine().families:
        links |= _links(client.get(f"/rules/{family}").text)
    for doc in load_corpus().documents:
        links |= _links(client.get(f"/policies/{doc.id}").text)
    assert any("miit-sme-tiers-2022" in link for link in links)
    assert _broken(client, links) == []

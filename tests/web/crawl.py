"""A crawler of the pages through a TestClient: follows every same-site link, stylesheet, script and
image, checks each answers and each ``#anchor`` exists on its page, and finds machine words in the
text a person reads.

A *machine word* is, in visible text outside ``<code>`` (and outside ``<script>``/``<style>``, form
values, attributes, web addresses and ``<cite>``, the sources as they were recorded):

- a field path of the profile: ``enterprise.city``, ``projects[].city``, ``project.kind``;
- an identifier written the way code writes it: lower-case words joined by ``-`` or ``_``
  (``tech-upgrade-equipment-reward``, ``already-managed``, ``not_applicable``, ``as_of``);
- an English status or enum value of the engine, the profile or the service (``eligible``,
  ``filing``, ``industry``, ``queued``, ...), a program id, an assumption id or option id
  (``srdi-high-growth``, ``max``), or the English marks "unverified", "repost", "not opened".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from fastapi.testclient import TestClient

FIELD_PATH = re.compile(r"\b(?:enterprise|projects?)(?:\[\d*\])?\.[a-z_*]")
CODE_IDENTIFIER = re.compile(r"(?<![A-Za-z0-9.])[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+(?![A-Za-z0-9])")
ENGLISH_VALUES = {
    # verdicts, criterion marks, roles of criteria
    "eligible", "ineligible", "undetermined", "pass", "fail", "unknown", "applicability",
    # profile enumerations
    "filing", "approval", "examination", "industry", "large", "medium", "small", "micro",
    "international", "domestic", "joint", "own", "city", "provincial", "national", "none",
    # service states and roles
    "queued", "running", "done", "failed", "draft", "submitted", "withdrawn", "enterprise", "bureau", "admin",
    # source quality and other marks
    "unverified", "repost", "verified", "official", "provisional", "opened", "actual", "threshold",
}


def engine_words() -> set[str]:
    """Program ids, assumption ids and their option ids: words only code uses."""
    from huiqi.engine import default_engine

    words: set[str] = set()
    for fid, family in default_engine().families.items():
        words.add(fid)
        for program in family.versions:
            for a in program.assumptions:
                words.add(a.id)
                words.update(k for k in dict(a.options) if len(k) > 2)
    return words


class _Page(HTMLParser):
    """Links, ids and the visible text (outside <code>) of one HTML page."""

    SKIP = frozenset({"script", "style", "code", "textarea", "template", "cite"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if a.get("name") and tag == "a":
            self.ids.add(str(a["name"]))
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "script", "img", "iframe"):
                self.links.append(str(a[key]))
        if tag in self.SKIP:
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text.append(data.strip())


URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|cn|org|net|gov)(?:/\S*)?")


def machine_words(text: str, extra: set[str]) -> list[str]:
    text = URL.sub(" ", text)
    found = [m.group(0) for m in FIELD_PATH.finditer(text)]
    found += [m.group(0) for m in CODE_IDENTIFIER.finditer(text)]
    for word in re.findall(r"(?<![A-Za-z0-9_-])[a-z][a-z0-9]*(?![A-Za-z0-9_-])", text):
        if word in ENGLISH_VALUES or word in extra:
            found.append(word)
    if "not opened" in text:
        found.append("not opened")
    return found


@dataclass
class Report:
    pages: int = 0
    assets: int = 0
    broken: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)


def crawl(client: TestClient, starts: Iterable[str], *, seed_html: dict[str, str] | None = None,
          limit: int = 4000, skip: tuple[str, ...] = ("/logout",), allowed: Iterable[str] = (),
          variants: int = 3) -> Report:
    """Visit every same-site page reachable from ``starts`` (and from the HTML of ``seed_html``,
    pages reached by a form post, keyed by a name); ``/api/`` pages are checked to answer, and their
    assets, but their words are not read.
    ``allowed``: words of the data itself (user names) that look like identifiers; ``variants``: how many
    query strings of one path are visited (a calendar links to its next month forever)."""
    extra = engine_words()
    allow = set(allowed)
    per_path: dict[str, int] = {}
    report = Report()
    queue: list[tuple[str, str]] = [(url, "start") for url in starts]
    seen: set[str] = set()
    parsed: dict[str, _Page] = {}
    wanted: list[tuple[str, str, str]] = []  # (page, anchor, linked from)

    def read(where: str, html: str, *, words_too: bool = True) -> None:
        page = _Page()
        page.feed(html)
        parsed[where] = page
        text = "\n".join(page.text)
        words = [w for w in machine_words(text, extra) if w not in allow] if words_too else []
        if words:
            report.words[where] = sorted(set(words))
        for link in page.links:
            target = urljoin("http://testserver" + (where if where.startswith("/") else "/"), link)
            parts = urlsplit(target)
            if parts.netloc != "testserver" or parts.scheme not in ("http", ""):
                continue
            url, anchor = urldefrag(parts.path + (f"?{parts.query}" if parts.query else ""))
            if anchor:
                wanted.append((url, anchor, where))
            queue.append((url, where))

    for name, html in (seed_html or {}).items():
        read(name, html)
    while queue and report.pages + report.assets < limit:
        url, source = queue.pop(0)
        if url in seen or url.startswith(skip):
            continue
        seen.add(url)
        path = url.split("?", 1)[0]
        per_path[path] = per_path.get(path, 0) + 1
        if "?" in url and per_path[path] > variants:
            continue
        response = client.get(url, follow_redirects=True)
        if response.status_code != 200:
            report.broken.append(f"{url} → {response.status_code} (linked from {source})")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            report.assets += 1
            continue
        if url.startswith("/api/"):  # the API's own documentation (Swagger UI, English): its assets must answer
            report.assets += 1
            read(url, response.text, words_too=False)
            continue
        report.pages += 1
        read(url, response.text)
    for url, anchor, source in wanted:
        page = parsed.get(url)
        if page is not None and anchor not in page.ids:
            report.anchors.append(f"{url}#{anchor} (linked from {source})")
    return report

"""政策库, 搜索 and 规则说明: documents with their clause trees (anchors = clause anchors, so
``/policies/<doc>#<anchor>`` deep-links), a page per clause with the rules that cite it, clause search
with highlighted hits, and each program's literate view (``family_doc``)."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from huiqi.errors import InputError
from huiqi.web.base import MaybeUser, render

router = APIRouter(include_in_schema=False)
KIND_ZH = {"regulation": "规章制度", "notice": "通知", "plan": "规划", "interpretation": "政策解读",
           "press": "新闻发布"}


def _corpus() -> Any:
    from huiqi.corpus.store import load_corpus

    return load_corpus()


@cache
def _families() -> dict[str, dict[str, Any]]:
    from huiqi.engine import default_engine
    from huiqi.render.literate import family_doc

    return {fid: family_doc(f) for fid, f in default_engine().families.items()}


@cache
def citations() -> dict[str, list[dict[str, Any]]]:
    """clause id → what cites it: ``{"program", "title", "version", "what", "label", "rule"}``."""
    out: dict[str, list[dict[str, Any]]] = {}

    def add(clause: dict[str, Any], family: dict[str, Any], version: dict[str, Any], what: str, label: str,
            rule: str = "") -> None:
        cid = clause.get("id")
        if cid:
            out.setdefault(str(cid), []).append({"program": family["id"], "title": family["title"],
                                                  "version": version["version"]["number"], "what": what,
                                                  "label": label, "rule": rule})

    for family in _families().values():
        for v in family["versions"]:
            for c in v["criteria"]:
                add(c["clause"], family, v, "条件", c["label"], c["rule"])
            if v["reward"]:
                add(v["reward"]["clause"], family, v, "奖励", "奖励上限", v["reward"]["rule"])
            for m in v["manual_checks"]:
                add(m["clause"], family, v, "人工核实", m["label"])
            for a in v["assumptions"]:
                add(a["clause"], family, v, "假设", a["question"])
            for p in v["parameters"]:
                for value in p["values"]:
                    add(value["clause"], family, v, "参数", p["label"])
    return out


#: document state → the badge colour class of app.css
STATE_CLASS = {"in_force": "s-eligible", "partly_replaced": "s-undetermined", "pending": "s-undetermined",
               "replaced": "s-not_applicable", "expired": "s-not_applicable"}


def _statuses() -> dict[str, Any]:
    from huiqi.programs.status import document_status

    return {d.id: document_status(d.id) for d in _corpus().documents}


@router.get("/policies", response_class=HTMLResponse)
def documents(request: Request, who: MaybeUser) -> HTMLResponse:
    docs = sorted(_corpus().documents, key=lambda d: (d.issue_date or d.effective_date or ""), reverse=True)
    groups = [("2021 年政策汇编：文件及其解读", [d for d in docs if not d.source.get("external")]),
              ("规则引用的汇编以外文件", [d for d in docs if d.source.get("external")])]
    return render(request, "policies.html", {"groups": groups, "kind_zh": KIND_ZH, "status": _statuses(),
                                             "state_class": STATE_CLASS})


@router.get("/policies/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str, who: MaybeUser) -> HTMLResponse:
    from huiqi.programs.status import document_status

    corpus = _corpus()
    try:
        doc = corpus.document(doc_id)
    except KeyError:
        raise HTTPException(404) from None
    cited = citations()
    titles = {d.id: d.title for d in corpus.documents}
    return render(request, "document.html", {"doc": doc, "cited": cited, "kind_zh": KIND_ZH,
                                             "status": document_status(doc_id), "titles": titles,
                                             "state_class": STATE_CLASS})


@router.get("/policies/{doc_id}/{anchor}", response_class=HTMLResponse)
def clause(request: Request, doc_id: str, anchor: str, who: MaybeUser) -> HTMLResponse:
    corpus = _corpus()
    try:
        doc = corpus.document(doc_id)
        found = corpus.clause(f"{doc_id}#{anchor}")
    except KeyError:
        raise HTTPException(404) from None
    return render(request, "clause.html", {"doc": doc, "clause": found, "cites": citations().get(found.id, [])})


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, who: MaybeUser, q: str = "", doc: str | None = None) -> HTMLResponse:
    from huiqi.search import SearchIndex

    hits: list[Any] = []
    error = None
    if q.strip():
        try:
            hits = SearchIndex.default().search(q.strip()[:200], 20, doc or None)
        except InputError as exc:
            error = "；".join(e.message.split(" / ")[0] for e in exc.errors)
    return render(request, "search.html", {"q": q, "hits": hits, "error": error, "status": _statuses(),
                                           "state_class": STATE_CLASS})


@router.get("/rules", response_class=HTMLResponse)
def rules(request: Request, who: MaybeUser) -> HTMLResponse:
    return render(request, "rules.html", {"families": list(_families().values())})


@router.get("/rules/{program}", response_class=HTMLResponse)
def rule(request: Request, program: str, who: MaybeUser) -> HTMLResponse:
    family = _families().get(program)
    if family is None:
        raise HTTPException(404)
    from huiqi.engine import default_engine
    from huiqi.programs.external import QUALITY_NOTES, QUALITY_WORDS, version_view

    timeline = version_view(default_engine().families[program])
    return render(request, "rule.html", {"family": family, "timeline": timeline, "quality_zh": QUALITY_WORDS,
                                         "quality_notes": QUALITY_NOTES})

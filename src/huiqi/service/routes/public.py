"""Open endpoints (no login): assess, timeline, search, programs, documents (contract §7)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query

from huiqi.service import core, serialize
from huiqi.service.fastjson import FastJSONResponse
from huiqi.service.schemas import EXAMPLE_PROFILE, EXAMPLE_TIMELINE_PROJECT

router = APIRouter(prefix="/api/v1", tags=["open"])

AsOf = Annotated[dt.date | None, Query(description="评估日期 YYYY-MM-DD; overrides the body's as_of")]


# The three computations answer with bytes encoded once from the core's result (``fastjson``);
# ``response_model`` keeps the OpenAPI document as it was.


@router.post("/assess", summary="评估一个企业/项目画像 assess a profile (contract §2)",
             response_model=dict[str, Any], response_class=FastJSONResponse)
async def assess(
    profile: Annotated[dict[str, Any], Body(openapi_examples={"dongguan": {"value": EXAMPLE_PROFILE}})],
    as_of: AsOf = None,
) -> FastJSONResponse:
    return FastJSONResponse(await core.compute(core.assess_json, profile, as_of))


@router.post("/timeline", summary="项目核准/备案时限 project deadlines (contract §3)",
             response_model=dict[str, Any], response_class=FastJSONResponse)
def timeline(
    project: Annotated[dict[str, Any], Body(openapi_examples={"filing": {"value": EXAMPLE_TIMELINE_PROJECT}})],
    as_of: AsOf = None,
) -> FastJSONResponse:
    return FastJSONResponse(core.timeline(project, as_of))


@router.get("/search", summary="检索政策条款 search clauses (contract §4)",
            response_model=dict[str, Any], response_class=FastJSONResponse)
def search(
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["设备购置 奖励比例"])],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> FastJSONResponse:
    return FastJSONResponse(core.search_json(q, limit))


@router.get("/programs", summary="政策项目 programs")
def programs() -> dict[str, Any]:
    families = core.engine().families
    return {"items": [serialize.program_summary(f) for f in families.values()]}


@router.get("/programs/{program}", summary="一个政策项目的条件、条款与参数 one program")
def program(program: str) -> dict[str, Any]:
    families = core.engine().families
    family = families.get(program)
    if family is None:
        raise HTTPException(404, f"没有这个政策项目：{program}；可选：{'、'.join(families)}")
    return serialize.program_detail(family)


@router.get("/docs", summary="政策文件 documents")
def documents() -> dict[str, Any]:
    corpus = core.corpus()
    docs = corpus.documents
    items = docs.values() if isinstance(docs, dict) else docs
    return {"items": [serialize.document_summary(d) for d in items]}


@router.get("/docs/{ident}", summary="一份文件或一个条款 a document or a clause")
def document(ident: str) -> dict[str, Any]:
    corpus = core.corpus()
    for getter in ("document", "clause"):
        found = _lookup(corpus, getter, ident)
        if found is not None:
            data = serialize.plain(found)
            out = {"type": getter, **data} if isinstance(data, dict) else {"type": getter, "value": data}
            owner = _lookup(corpus, "owner", ident) if getter == "clause" else None
            if owner is not None:
                out.update({"doc": owner.id, "doc_title": owner.title})
            return out
    raise HTTPException(404, f"没有这个文件或条款 no document or clause {ident!r}")


def _lookup(corpus: Any, getter: str, ident: str) -> Any:
    method = getattr(corpus, getter, None)
    if method is None:
        return None
    try:
        return method(ident)
    except (KeyError, LookupError, ValueError):
        return None

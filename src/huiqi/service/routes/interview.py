"""``POST /api/v1/interview`` (contract §10): the next question and the statuses so far.

Stateless and open to everyone, like ``/assess``: the body carries every answer given. A bad answer
answers 422 naming the field it was given for (``["body", "answers", "projects[0].equipment_purchase_wan"]``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from huiqi.errors import InputError
from huiqi.service.errors import field_loc, unprocessable

router = APIRouter(prefix="/api/v1", tags=["open"])

EXAMPLE = {
    "as_of": "2023-06-01",
    "answers": {
        "enterprise.city": "东莞",
        "projects[0].kind": "tech_upgrade",
        "enterprise.financials.2022.revenue": 8000,
    },
    "unknown": ["enterprise.specialization.key_supplier"],
    "programs": ["tech-upgrade-equipment-reward"],
}


def error_detail(exc: InputError, body: Any) -> list[dict[str, Any]]:
    """Each error located where the caller wrote the field: in ``answers``, in ``unknown``, or at the top."""
    answers = body.get("answers") if isinstance(body, dict) else None
    unknown = body.get("unknown") if isinstance(body, dict) else None
    out = []
    for error in exc.errors:
        if isinstance(answers, dict) and error.path in answers:
            loc: list[str | int] = ["body", "answers", error.path]
        elif isinstance(unknown, list) and error.path in unknown:
            loc = ["body", "unknown", error.path]
        else:
            loc = field_loc(error)
        out.append({"loc": loc, "msg": error.message, "type": "value_error", "field": error.path})
    return out


@router.post("/interview", summary="逐题体检：只问起决定作用的问题 the interview (contract §10)")
async def interview(
    body: Annotated[dict[str, Any], Body(openapi_examples={"dongguan": {"value": EXAMPLE}})],
) -> Any:
    from huiqi.interview import step
    from huiqi.service import core
    from huiqi.service.serialize import plain

    def run() -> dict[str, Any]:
        result: dict[str, Any] = plain(step(body))
        return result

    try:
        return await core.compute(run)
    except InputError as exc:
        response: JSONResponse = unprocessable(error_detail(exc, body))
        return response

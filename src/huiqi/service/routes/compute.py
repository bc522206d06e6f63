"""Open computations beyond assess: counterfactual advice (contract §9) and fund allocation (§8).

Both are pure functions of the request body: nothing is stored, so no login is needed; the
bureau pages call the allocation endpoint with the selected projects of a round.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from huiqi.service.schemas import EXAMPLE_PROFILE

router = APIRouter(prefix="/api/v1", tags=["open"])


@router.post("/advise", summary="如何达到条件 how to qualify (contract §9)")
async def advise(
    profile: Annotated[dict[str, Any], Body(openapi_examples={"dongguan": {"value": EXAMPLE_PROFILE}})],
    as_of: Annotated[dt.date | None, Query(description="评估日期 YYYY-MM-DD")] = None,
    program: Annotated[list[str] | None, Query(description="只看这些政策项目 program ids")] = None,
) -> dict[str, Any]:
    from huiqi.advice import advise as run_advice
    from huiqi.service import core
    from huiqi.service.serialize import plain

    def run() -> dict[str, Any]:
        result: dict[str, Any] = plain(run_advice(profile, as_of=as_of, programs=program or None))
        return result

    return await core.compute(run)


class DeductionIn(BaseModel):
    name: str = Field(min_length=1, examples=["工作经费"])
    amount_wan: Decimal = Field(ge=0)
    group: str | None = None


class AllocationRequest(BaseModel):
    """The selected projects of one round and the options of ``huiqi funds allocate``."""

    projects: list[dict[str, Any]] = Field(
        min_length=1,
        examples=[[{"project.id": "p1", "enterprise.city": "东莞", "project.equipment_purchase_wan": 1800, "rank": 1}]],
    )
    budget_wan: Decimal | dict[str, Decimal] = Field(description="预算: 一个数（单组）或 {组: 预算}")
    scope: Literal["city", "region"] = "city"
    mode: Literal["uniform-ratio", "rank-cutoff"] = "uniform-ratio"
    project_cap_wan: Decimal | None = Field(default=None, gt=0)
    project_min_wan: Decimal | None = Field(default=None, ge=0)
    min_handling: Literal["leave", "raise"] = "leave"
    deductions: list[DeductionIn] = Field(default_factory=list)
    ratio_step: Decimal = Field(default=Decimal("0.000001"), gt=0, le=Decimal("0.01"))
    as_of: dt.date | None = None


@router.post("/funds/allocate", summary="分配一轮技改设备奖励资金 allocate a fund round (contract §8)")
def allocate(request: AllocationRequest) -> dict[str, Any]:
    from huiqi.funds.allocate import allocate as run_allocation
    from huiqi.funds.model import AllocationOptions, Deduction, MinHandling, Mode, Scope
    from huiqi.funds.read import parse_projects
    from huiqi.service.serialize import plain

    budgets: dict[str | None, Decimal] = (
        dict(request.budget_wan.items()) if isinstance(request.budget_wan, dict) else {None: request.budget_wan}
    )
    options = AllocationOptions(
        budgets=budgets,
        scope=Scope(request.scope),
        mode=Mode(request.mode),
        project_cap_wan=request.project_cap_wan,
        project_min_wan=request.project_min_wan,
        min_handling=MinHandling(request.min_handling),
        deductions=tuple(Deduction(d.name, d.amount_wan, d.group) for d in request.deductions),
        ratio_step=request.ratio_step,
        as_of=request.as_of or dt.date.today(),
    )
    result: dict[str, Any] = plain(run_allocation(parse_projects(request.projects), options))
    return result

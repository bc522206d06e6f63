"""Request and response bodies of the API, with the examples the OpenAPI document shows.

Profiles stay plain JSON objects here: the core validates them (``huiqi.engine.parse_profile``), so
the API reports exactly the field errors the CLI reports, as 422 with ``loc: ["body", ...]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE_ENTERPRISE: dict[str, Any] = {
    "name": "东莞市示例精密机械有限公司",
    "city": "东莞市",
    "county": "长安镇",
    "registered_in_guangdong": True,
    "operating_in_guangdong": True,
    "independent_legal_person": True,
    "industry_code": "C3484",
    "established": "2012-03-01",
    "employees": 260,
    "financials": {"2022": {"revenue": 17000, "total_assets": 14900, "total_liabilities": 6100}},
    "compliance": {"tax_violation": False, "dishonest_debtor": False, "major_accident_3y": False},
}
EXAMPLE_PROJECT: dict[str, Any] = {
    "id": "p1",
    "name": "数控加工中心智能化改造",
    "kind": "tech_upgrade",
    "city": "东莞",
    "management": "filing",
    "filed_on": "2021-03-10",
    "started_on": "2021-04-15",
    "completed_on": "2022-11-30",
    "equipment_purchase_wan": 1800,
    "in_tech_upgrade_statistics": True,
    "received_provincial_funding": False,
}
EXAMPLE_PROFILE: dict[str, Any] = {
    "as_of": "2023-06-01",
    "enterprise": EXAMPLE_ENTERPRISE,
    "projects": [EXAMPLE_PROJECT],
}
EXAMPLE_TIMELINE_PROJECT: dict[str, Any] = {
    "id": "dg-filing-1",
    "kind": "tech_upgrade",
    "city": "东莞市",
    "management": "filing",
    "planned_start": "2021-11-01",
    "events": [{"type": "filed", "date": "2021-09-30"}],
}


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unavailable"]


class TokenRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"username": "dg-bureau", "password": "secret"}]})

    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: dt.datetime
    expires_in: int


class EnterpriseBody(BaseModel):
    """``{"enterprise": {...}, "projects": [...]}`` as in contract §1 (``as_of`` may be kept too)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [{"enterprise": EXAMPLE_ENTERPRISE, "projects": [EXAMPLE_PROJECT]}]},
    )

    enterprise: dict[str, Any]
    projects: list[dict[str, Any]] = Field(default_factory=list)


class EnterpriseOut(BaseModel):
    id: int
    version: int
    owner: str | None = None
    name: str | None = None
    city: str | None = None
    county: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    enterprise: dict[str, Any] | None = None
    projects: list[dict[str, Any]] | None = None
    warnings: list[str] = Field(default_factory=list)


class EnterpriseList(BaseModel):
    items: list[EnterpriseOut]


class AssessmentRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"as_of": "2023-06-01"}]})

    as_of: dt.date | None = None


class ListOf(BaseModel):
    items: list[dict[str, Any]]


class JobOut(BaseModel):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    progress: float = Field(ge=0, le=1)
    filename: str
    as_of: dt.date | None = None
    rows: int | None = None
    error: str | None = None
    summary: dict[str, Any] | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    result_formats: list[str] = Field(default_factory=list)

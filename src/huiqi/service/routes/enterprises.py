"""Enterprises with versioned profiles, and their stored assessments (login required).

A PUT never overwrites: it adds profile version n+1 (the version counter is bumped by one atomic
``UPDATE … RETURNING``, which serialises concurrent writers on the enterprise's row).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request, status
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from huiqi.service import audit, core, policy
from huiqi.service.db import utcnow
from huiqi.service.deps import MAX_ID, NOT_FOUND, R404, RecordId, SessionDep, UserDep, client_ip
from huiqi.service.models import Assessment, Enterprise, ProfileVersion, User
from huiqi.service.schemas import AssessmentRequest, EnterpriseBody, EnterpriseList, EnterpriseOut, ListOf

router = APIRouter(prefix="/api/v1/enterprises", tags=["enterprises"])

FORBIDDEN_WRITE = HTTPException(status.HTTP_403_FORBIDDEN, "只读访问 read-only access to this enterprise")


def _validated(body: EnterpriseBody) -> tuple[dict[str, Any], list[str], str | None, str | None, str | None]:
    """The profile as stored, its warnings, and the enterprise's name, canonical city and county."""
    from huiqi.engine import parse_profile
    from huiqi.geo import normalize_city, normalize_county

    data = body.model_dump(mode="json")
    profile, warnings = parse_profile(data)
    ent = profile.enterprise
    city = normalize_city(ent.city) if ent.city else None
    county = (normalize_county(city, ent.county) or ent.county) if city and ent.county else ent.county
    return data, warnings, ent.name, city or ent.city, county


def _load(session: Session, who: policy.Principal, enterprise_id: int) -> Enterprise:
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not policy.can_see_enterprise(who, enterprise):
        raise NOT_FOUND
    return enterprise


def _out(
    session: Session, enterprise: Enterprise, version: ProfileVersion | None, warnings: list[str]
) -> EnterpriseOut:
    owner = session.get(User, enterprise.owner_id)
    profile = version.profile if version else {}
    return EnterpriseOut(
        id=enterprise.id,
        version=version.version if version else enterprise.version,
        owner=owner.username if owner else None,
        name=enterprise.name,
        city=enterprise.city,
        county=enterprise.county,
        created_at=enterprise.created_at,
        updated_at=version.created_at if version else enterprise.updated_at,
        enterprise=profile.get("enterprise") if version else None,
        projects=profile.get("projects", []) if version else None,
        warnings=warnings,
    )


def _version(session: Session, enterprise_id: int, number: int) -> ProfileVersion | None:
    return session.scalars(
        select(ProfileVersion).where(ProfileVersion.enterprise_id == enterprise_id, ProfileVersion.version == number)
    ).first()


@router.post("", status_code=201, response_model=EnterpriseOut, summary="登记企业画像 store a profile")
def create(body: EnterpriseBody, request: Request, who: UserDep, session: SessionDep) -> EnterpriseOut:
    if not policy.can_create_enterprise(who):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "此角色不能登记企业 this role cannot create enterprises")
    data, warnings, name, city, county = _validated(body)
    now = utcnow()
    enterprise = Enterprise(owner_id=who.id, name=name, city=city, county=county, version=1,
                            created_at=now, updated_at=now)
    session.add(enterprise)
    session.flush()
    version = ProfileVersion(enterprise_id=enterprise.id, version=1, profile=data, created_by=who.id, created_at=now)
    session.add(version)
    audit.record(session, who, "create", "enterprise", enterprise.id, enterprise_id=enterprise.id,
                 ip=client_ip(request), detail={"version": 1})
    session.commit()
    return _out(session, enterprise, version, warnings)


@router.get("", response_model=EnterpriseList, summary="可见的企业 enterprises the caller may see")
def list_enterprises(who: UserDep, session: SessionDep) -> EnterpriseList:
    query = policy.visible_enterprises(who, select(Enterprise).order_by(Enterprise.id))
    rows = [e for e in session.scalars(query) if policy.can_see_enterprise(who, e)]
    return EnterpriseList(items=[_out(session, e, None, []) for e in rows])


@router.get("/{enterprise_id}", response_model=EnterpriseOut, responses=R404, summary="企业画像 a stored profile")
def get(
    enterprise_id: RecordId,
    who: UserDep,
    session: SessionDep,
    version: Annotated[int | None, Query(ge=1, le=MAX_ID, description="an earlier version; default: current")] = None,
) -> EnterpriseOut:
    enterprise = _load(session, who, enterprise_id)
    found = _version(session, enterprise.id, version or enterprise.version)
    if found is None:
        raise NOT_FOUND
    return _out(session, enterprise, found, [])


@router.put("/{enterprise_id}", response_model=EnterpriseOut, responses=R404, summary="新版本画像 a new version")
def put(
    enterprise_id: RecordId, body: EnterpriseBody, request: Request, who: UserDep, session: SessionDep
) -> EnterpriseOut:
    enterprise = _load(session, who, enterprise_id)
    if not policy.can_change_enterprise(who, enterprise):
        raise FORBIDDEN_WRITE
    data, warnings, name, city, county = _validated(body)
    now = utcnow()
    number = session.execute(
        update(Enterprise)
        .where(Enterprise.id == enterprise.id)
        .values(version=Enterprise.version + 1, name=name, city=city, county=county, updated_at=now)
        .returning(Enterprise.version)
    ).scalar_one()
    version = ProfileVersion(enterprise_id=enterprise.id, version=number, profile=data, created_by=who.id,
                             created_at=now)
    session.add(version)
    audit.record(session, who, "update", "enterprise", enterprise.id, enterprise_id=enterprise.id,
                 ip=client_ip(request), detail={"version": number})
    session.commit()
    session.refresh(enterprise)
    return _out(session, enterprise, version, warnings)


def _assessment_json(row: Assessment) -> dict[str, Any]:
    return {
        **row.result,
        "id": row.id,
        "enterprise_id": row.enterprise_id,
        "created_at": row.created_at.isoformat(),
        "profile_version": row.profile_version,
        "rules_version": row.rules_version,
    }


@router.post("/{enterprise_id}/assessments", status_code=201, responses=R404,
             summary="评估并保存 assess the current profile and keep the result")
def assess(
    enterprise_id: RecordId,
    request: Request,
    who: UserDep,
    session: SessionDep,
    body: Annotated[AssessmentRequest | None, Body()] = None,
) -> dict[str, Any]:
    enterprise = _load(session, who, enterprise_id)
    if not policy.can_change_enterprise(who, enterprise):
        raise FORBIDDEN_WRITE
    version = _version(session, enterprise.id, enterprise.version)
    if version is None:
        raise NOT_FOUND
    result = core.assess(version.profile, body.as_of if body else None)
    row = Assessment(
        enterprise_id=enterprise.id,
        profile_version=version.version,
        as_of=dt.date.fromisoformat(result["as_of"]),
        rules_version=str(result.get("rules_version", core.engine().rules_version)),
        result=result,
        created_by=who.id,
    )
    session.add(row)
    session.flush()
    audit.record(session, who, "assess", "assessment", row.id, enterprise_id=enterprise.id,
                 ip=client_ip(request), detail={"profile_version": version.version, "as_of": result["as_of"]})
    session.commit()
    return _assessment_json(row)


@router.get("/{enterprise_id}/assessments", response_model=ListOf, responses=R404, summary="已保存的评估 assessments")
def assessments(enterprise_id: RecordId, who: UserDep, session: SessionDep) -> ListOf:
    enterprise = _load(session, who, enterprise_id)
    rows = session.scalars(
        select(Assessment).where(Assessment.enterprise_id == enterprise.id).order_by(Assessment.id)
    )
    return ListOf(items=[_assessment_json(r) for r in rows])

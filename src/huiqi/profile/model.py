"""The enterprise/project profile of contract §1, validated at the edge.

Every field is optional: a missing field is *unknown*, never false or zero. Errors name the field
path (``enterprise.city``); unknown fields are kept as warnings, not errors.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from huiqi.profile.normalize import check_credit_code, check_industry_code, normalize_city_name


def _fen_exact(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("不是有限数值")
    if abs(value) >= Decimal("1e12"):
        raise ValueError("金额过大")
    # JSON numbers written by floating-point producers carry noise below 1 分 (652.4999999999999):
    # money is kept to the 分, half-up, the precision every amount in the texts has.
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("不能为负数")
    return value


Wan = Annotated[Decimal, AfterValidator(_fen_exact), AfterValidator(_non_negative)]
SignedWan = Annotated[Decimal, AfterValidator(_fen_exact)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]


class Section(BaseModel):
    """Base of every object: unknown keys are allowed here and reported as warnings."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, strict=False)


class YearFinancials(Section):
    revenue: Wan | None = None
    main_business_revenue: Wan | None = None
    total_profit: SignedWan | None = None
    net_profit: SignedWan | None = None
    total_assets: Wan | None = None
    total_liabilities: Wan | None = None
    rd_expense: Wan | None = None


class IntellectualProperty(Section):
    invention_patents: Count | None = None
    ic_layouts: Count | None = None
    utility_model_patents: Count | None = None
    design_patents: Count | None = None
    software_copyrights: Count | None = None


class Specialization(Section):
    years_in_niche: Annotated[Decimal, Field(ge=0, le=200)] | None = None
    market_share_rank_province: Annotated[int, Field(ge=1)] | None = None
    key_supplier: bool | None = None
    leading_talent: bool | None = None


class Refinement(Section):
    quality_mgmt_cert: bool | None = None
    ip_mgmt_cert: bool | None = None
    own_brand: bool | None = None
    standard_level: Literal["international", "domestic_advanced", "no_standard_exists", "other"] | None = None
    satisfaction_or_traceability: bool | None = None
    mgmt_system_cert: bool | None = None
    follows_standards: bool | None = None
    foreign_product_cert: bool | None = None


class Specialty(Section):
    regional_specialty: bool | None = None
    unique_process: bool | None = None
    famous_brand: bool | None = None


class Innovation(Section):
    standards_drafted: bool | None = None
    postdoc_station: bool | None = None
    rd_institution: Literal["none", "joint", "own", "city", "provincial", "national"] | None = None
    info_system_core_business: bool | None = None
    key_field: bool | None = None
    major_breakthrough: bool | None = None


class Status(Section):
    srdi_provincial: bool | None = None
    srdi_cultivated: bool | None = None
    other_strong_innovator: bool | None = None
    high_growth_sme_valid: bool | None = None
    single_champion: bool | None = None


class Compliance(Section):
    false_information: bool | None = None
    major_accident_3y: bool | None = None
    major_accident_5y: bool | None = None
    serious_env_violation: bool | None = None
    tax_violation: bool | None = None
    dishonest_debtor: bool | None = None
    audit_violation_5y: bool | None = None
    overdue_unaccepted_project: bool | None = None


class Enterprise(Section):
    name: str | None = None
    credit_code: str | None = None
    city: str | None = None
    county: str | None = None
    registered_in_guangdong: bool | None = None
    operating_in_guangdong: bool | None = None
    independent_legal_person: bool | None = None
    industry_code: str | None = None
    established: dt.date | None = None
    employees: Count | None = None
    rd_staff: Count | None = None
    degree_or_title_staff: Count | None = None
    financials: dict[str, YearFinancials] = Field(default_factory=dict)
    equity_financing_2y_wan: Wan | None = None
    ip: IntellectualProperty = Field(default_factory=IntellectualProperty)
    specialization: Specialization = Field(default_factory=Specialization)
    refinement: Refinement = Field(default_factory=Refinement)
    specialty: Specialty = Field(default_factory=Specialty)
    innovation: Innovation = Field(default_factory=Innovation)
    status: Status = Field(default_factory=Status)
    compliance: Compliance = Field(default_factory=Compliance)
    priority_field: bool | None = None
    conforms_industrial_policy: bool | None = None
    sound_accounting: bool | None = None

    @field_validator("credit_code")
    @classmethod
    def _credit_code(cls, value: str | None) -> str | None:
        return check_credit_code(value) if value else value

    @field_validator("industry_code")
    @classmethod
    def _industry(cls, value: str | None) -> str | None:
        return check_industry_code(value) if value else value

    @field_validator("financials")
    @classmethod
    def _years(cls, value: dict[str, YearFinancials]) -> dict[str, YearFinancials]:
        for year in value:
            if not (year.isdigit() and len(year) == 4 and 1949 <= int(year) <= 2100):
                raise ValueError(f"年份应为四位数字（如 2020），填写的是 {year}")
        return value

    @field_validator("city")
    @classmethod
    def _city(cls, value: str | None) -> str | None:
        return normalize_city_name(value) if value else value


class PreReward2019(Section):
    approved_wan: Wan | None = None
    planned_equipment_wan: Wan | None = None
    accepted: bool | None = None
    completed_on_time: bool | None = None


class Event(Section):
    type: Literal[
        "received",
        "accepted",
        "filed",
        "approved",
        "started",
        "change_requested",
        "extension_requested",
        "extended",
        "withdrawn",
        "completed",
    ]
    date: dt.date


class Project(Section):
    id: str
    name: str | None = None
    code: str | None = None
    kind: Literal["tech_upgrade", "manufacturing_investment", "digital_transformation"] | None = None
    city: str | None = None
    county: str | None = None
    cross_region: bool | None = None
    management: Literal["filing", "approval", "examination"] | None = None
    prohibited_by_policy: bool | None = None
    filed_on: dt.date | None = None
    approved_on: dt.date | None = None
    planned_start: dt.date | None = None
    planned_completion: dt.date | None = None
    # 备案证发生变更的（技改细则 第八条（一）4）: whether it changed, when the change was submitted, and
    # the construction period of the certificate before the change
    filing_changed: bool | None = None
    filing_change_submitted_on: dt.date | None = None
    previous_planned_start: dt.date | None = None
    previous_planned_completion: dt.date | None = None
    started_on: dt.date | None = None
    completed_on: dt.date | None = None
    total_investment_wan: Wan | None = None
    equipment_purchase_wan: Wan | None = None
    in_tech_upgrade_statistics: bool | None = None
    received_provincial_funding: bool | None = None
    pre_reward_2019: PreReward2019 | None = None
    fyp_completed_investment_wan: Wan | None = None
    new_fai_declared_wan: Wan | None = None
    new_fai_in_stats_wan: Wan | None = None
    received_major_project_reward: bool | None = None
    direction: Literal["industrial_internet", "5g", "supply_chain"] | None = None
    investment_ex_tax_wan: Wan | None = None
    it_investment_wan: Wan | None = None
    build_start: dt.date | None = None
    build_end: dt.date | None = None
    core_suppliers: Count | None = None
    review_score: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    automation_it_base: bool | None = None
    service_provider_violation_5y: bool | None = None
    repeated_application: bool | None = None
    other_direction_this_year: bool | None = None
    events: list[Event] = Field(default_factory=list)
    complex: bool | None = None

    @field_validator("city")
    @classmethod
    def _city(cls, value: str | None) -> str | None:
        return normalize_city_name(value) if value else value


class Profile(Section):
    as_of: dt.date | None = None
    enterprise: Enterprise = Field(default_factory=Enterprise)
    projects: list[Project] = Field(default_factory=list)

    @field_validator("projects")
    @classmethod
    def _unique_ids(cls, value: list[Project]) -> list[Project]:
        seen: set[str] = set()
        for project in value:
            if project.id in seen:
                raise ValueError(f"项目编号重复：{project.id}")
            seen.add(project.id)
        return value


def unknown_fields(model: BaseModel, prefix: str = "") -> list[str]:
    """Dotted paths of keys the contract does not define (reported as warnings)."""
    found: list[str] = []
    for key in model.model_extra or {}:
        found.append(f"{prefix}{key}")
    for name in type(model).model_fields:
        value: Any = getattr(model, name)
        if isinstance(value, BaseModel):
            found += unknown_fields(value, f"{prefix}{name}.")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    found += unknown_fields(item, f"{prefix}{name}.{key}.")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += unknown_fields(item, f"{prefix}{name}[{index}].")
    return found

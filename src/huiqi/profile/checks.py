"""Checks across fields that a single field's type cannot express (contract §1, §6)."""

from __future__ import annotations

from huiqi.errors import FieldError
from huiqi.profile.model import Profile
from huiqi.profile.normalize import is_guangdong_city


def cross_field_errors(profile: Profile) -> list[FieldError]:
    errors: list[FieldError] = []
    ent = profile.enterprise
    if ent.city and not is_guangdong_city(ent.city) and ent.registered_in_guangdong is not False:
        errors.append(
            FieldError(
                "enterprise.city",
                f'"{ent.city}" 不是广东省的地级以上市（省外企业请把「在广东省内登记注册」填为 否）',
            )
        )
    if ent.county and ent.city and is_guangdong_city(ent.city):
        from huiqi.geo import normalize_county

        if normalize_county(ent.city, ent.county) is None:
            errors.append(FieldError("enterprise.county", f'"{ent.county}" 不在{ent.city}市辖内'))
    for index, project in enumerate(profile.projects):
        if project.planned_start and project.planned_completion and project.planned_completion < project.planned_start:
            errors.append(
                FieldError(f"projects[{index}].planned_completion", "计划完工日期早于计划开工日期")
            )
        if project.build_start and project.build_end and project.build_end < project.build_start:
            errors.append(FieldError(f"projects[{index}].build_end", "建设结束日期早于建设开始日期"))
    return errors

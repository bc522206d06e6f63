"""Which group each project shares a ratio with, and which budget each group has (contract §8)."""

from __future__ import annotations

from decimal import Decimal

from huiqi.errors import FieldError, InputError
from huiqi.funds.model import Allocation, AllocationOptions, Deduction, GroupResult, Project, Scope
from huiqi.funds.policy import REGION_LABELS, REGIONS_CLAUSE, FundRules, group_name
from huiqi.geo import is_guangdong_city


def refusal(project: Project) -> str:
    """Why the fund does not cover this project's city."""
    if project.city == "深圳":
        return "深圳市不在省级技术改造资金支持范围：第八条（一）5 所列珠三角地区 8 市不含深圳（计划单列市）"
    if project.city is None or not is_guangdong_city(project.city):
        return f"“{project.city_text}”不是广东省地级以上市，不在省级技术改造资金支持范围"
    return f"{project.city}不在第八条（一）5 所列的 20 个地级以上市之内"  # pragma: no cover


def assign_groups(
    projects: list[Project], rules: FundRules, scope: Scope
) -> tuple[dict[str, list[Project]], dict[str, str], list[Allocation]]:
    """Projects by group (in input order), each group's region, and the refused projects."""
    groups: dict[str, list[Project]] = {}
    regions: dict[str, str] = {}
    refused: list[Allocation] = []
    for project in projects:
        region = rules.region_of(project.city)
        if region is None:
            refused.append(Allocation(project, None, reason=refusal(project), clause=REGIONS_CLAUSE))
            continue
        name = str(project.city) if scope == Scope.city else REGION_LABELS[region]
        groups.setdefault(name, []).append(project)
        regions[name] = region
    return groups, regions, refused


def _resolve(key: str, scope: Scope, option: str, rules: FundRules) -> str:
    name = group_name(key, scope.value)
    if name is None:
        what = "地级以上市 city" if scope == Scope.city else "区域 region (珠三角地区 | 粤东粤西粤北地区)"
        raise InputError(f"“{key}”不是{what}（--scope {scope.value}）", option)
    if scope == Scope.city and rules.region_of(name) is None:
        raise InputError(f"{name}不在省级技术改造资金支持范围，不能分配预算", option)
    return name


def _single(groups: dict[str, list[Project]], option: str, what: str) -> str:
    if len(groups) != 1:
        names = "、".join(groups) or "（无）"
        raise InputError(
            f"不带分组的{what}只适用于全部项目同属一个分组；现有 {len(groups)} 个分组（{names}），"
            f"请逐一写作 GROUP=金额 / a bare amount needs exactly one group",
            option,
        )
    return next(iter(groups))


def build_groups(
    groups: dict[str, list[Project]], regions: dict[str, str], rules: FundRules, options: AllocationOptions
) -> list[GroupResult]:
    """One :class:`GroupResult` per group with projects or a budget, in the order first seen."""
    budgets: dict[str, Decimal] = {}
    if None in options.budgets:
        if len(options.budgets) > 1:
            raise InputError("不能同时给出不带分组的预算和 GROUP=B 预算 / bare and grouped budgets", "--budget-wan")
        budgets[_single(groups, "--budget-wan", "预算")] = options.budgets[None]
    else:
        for key, amount in options.budgets.items():
            name = _resolve(str(key), options.scope, "--budget-wan", rules)
            if name in budgets:
                raise InputError(f"{name}的预算给出了两次 budget given twice", "--budget-wan")
            budgets[name] = amount
    missing = [g for g in groups if g not in budgets]
    if missing:
        raise InputError(
            [
                FieldError("--budget-wan", f"分组“{g}”有 {len(groups[g])} 个项目但没有预算，请加 --budget-wan {g}=金额")
                for g in missing
            ]
        )
    results: dict[str, GroupResult] = {}
    for name in [*groups, *(b for b in budgets if b not in groups)]:
        region = regions.get(name) or _region_of_name(name, rules)
        count = len(groups.get(name, []))
        results[name] = GroupResult(name, region, rules.cap_ratio(region), budgets[name], projects=count)
    for deduction in options.deductions:
        target = (
            _single(groups, "--deduct-wan", "扣除额")
            if deduction.group is None
            else _resolve(deduction.group, options.scope, "--deduct-wan", rules)
        )
        if target not in results:
            raise InputError(f"扣除额所属分组“{target}”没有预算 no budget for the group", "--deduct-wan")
        results[target].deductions.append(Deduction(deduction.name, deduction.amount_wan, target))
    for result in results.values():
        if result.available_wan < 0:
            raise InputError(
                f"{result.group}: 扣除额合计超过预算 {result.budget_wan} 万元 / deductions exceed the budget",
                "--deduct-wan",
            )
    return list(results.values())


def _region_of_name(name: str, rules: FundRules) -> str:
    for key, label in REGION_LABELS.items():
        if name == label:
            return key
    region = rules.region_of(name)
    assert region is not None  # _resolve refused the others
    return region

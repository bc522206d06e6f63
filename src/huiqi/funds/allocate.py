"""``huiqi funds allocate``: a fund round's rewards under 粤工信规字〔2021〕5号 第十条（一） (contract §8).

Steps: refuse the projects the fund does not cover (深圳, outside Guangdong); group the rest by city
or region (``--scope``); give each group its budget, less the sums taken off the top (a 2019 事前奖励
settlement, the 工作经费); then either pay every project of the group one common ratio — the
highest the remaining budget allows, up to the cap ratio (``uniform-ratio``) — or pay the cap ratio
in rank order until the first project that no longer fits (``rank-cutoff``). The per-project cap
applies after the ratio. See :mod:`huiqi.funds.solver` for the ratio and the rounding.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from huiqi.errors import FieldError, InputError
from huiqi.funds import solver
from huiqi.funds.groups import assign_groups, build_groups
from huiqi.funds.model import Allocation, AllocationOptions, GroupResult, MinHandling, Mode, Project
from huiqi.funds.money import ZERO, exact, percent
from huiqi.funds.policy import RANKING_CLAUSE, RATIO_CLAUSE, FundRules, fund_rules


def allocate(projects: list[Project], options: AllocationOptions) -> dict[str, Any]:
    """The §8 answer for one round (a JSON-ready dict)."""
    from huiqi.funds.report import allocation_json

    rules = fund_rules(options.as_of)
    cap = _project_cap(options, rules)
    groups, regions, refused = assign_groups(projects, rules, options.scope)
    results = build_groups(groups, regions, rules, options)
    allocations: dict[str, Allocation] = {a.project.id: a for a in refused}
    for result in results:
        members = groups.get(result.group, [])
        if options.mode == Mode.rank_cutoff:
            done = _rank_cutoff(result, members, cap, options)
        else:
            done = _uniform(result, members, cap, options)
        for allocation in done:
            allocations[allocation.project.id] = allocation
        with exact():
            result.allocated_wan = sum((a.reward_wan for a in done if a.funded), ZERO)
        result.funded = sum(1 for a in done if a.funded)
        assert result.allocated_wan <= result.available_wan, "budget exceeded"  # guaranteed by the solver
    ordered = [allocations[p.id] for p in projects]
    return allocation_json(results, ordered, options, rules, cap)


def _project_cap(options: AllocationOptions, rules: FundRules) -> Decimal:
    cap = rules.project_cap_wan if options.project_cap_wan is None else options.project_cap_wan
    if cap > rules.project_cap_wan:
        raise InputError(
            f"单个项目奖励上限 {cap} 万元超过细则第十条（一）的 {rules.project_cap_wan} 万元；年度通知只能调低",
            "--project-cap-wan",
        )
    if cap <= 0:
        raise InputError("单个项目奖励上限应大于 0", "--project-cap-wan")
    if options.project_min_wan is not None and options.project_min_wan > cap:
        raise InputError(f"最低奖励额 {options.project_min_wan} 万元高于单个项目上限 {cap} 万元", "--project-min-wan")
    return cap


def _exact_ratio(result: GroupResult, equipments: list[Decimal], cap: Decimal) -> None:
    ratio = solver.water_fill_ratio(equipments, cap, result.available_wan)
    if ratio is not None:
        result.ratio_exact = Decimal(solver.fraction_text(ratio))


def _pay(
    project: Project,
    group: str,
    ratio: Decimal,
    cap: Decimal,
    cap_ratio: Decimal,
    minimum: Decimal | None,
    raise_min: bool,
) -> Allocation:
    amount = solver.reward(
        ratio, project.equipment_wan, cap, cap_ratio if raise_min else None, minimum if raise_min else None
    )
    with exact():
        plain = ratio * project.equipment_wan
    return Allocation(
        project,
        group,
        reward_wan=amount,
        ratio=ratio,
        funded=amount > 0,
        capped=plain > cap and amount == cap,
        raised_to_min=raise_min and minimum is not None and plain < minimum,
        reason=None if amount > 0 else "按比例计算的奖励额不足 0.01 万元，无奖励",
    )


def _below_min(project: Project, group: str, ratio: Decimal, amount: Decimal, minimum: Decimal, why: str) -> Allocation:
    return Allocation(
        project,
        group,
        ratio=None,
        reason=f"按 {percent(ratio)} 计奖励额 {amount} 万元，低于最低奖励额 {minimum} 万元（{why}）",
        clause=RATIO_CLAUSE,
    )


def _uniform(result: GroupResult, members: list[Project], cap: Decimal, options: AllocationOptions) -> list[Allocation]:
    minimum = options.project_min_wan
    step, available, cap_ratio = options.ratio_step, result.available_wan, result.cap_ratio
    if minimum is not None and options.min_handling == MinHandling.raise_:
        return _uniform_raise(result, members, cap, options)
    out: list[Allocation] = []
    kept = members
    if minimum is not None:
        # drop the smallest first (then the worse rank, then the id); the fewest drops that leave
        # every remaining reward at or above the minimum — found by bisection, as more drops only
        # raise the ratio and the smallest remaining equipment.
        order = sorted(members, key=lambda p: (p.equipment_wan, -(p.rank or 10**9), p.id))

        def ratio_without(k: int) -> Decimal:
            rest = [p.equipment_wan for p in order[k:]]
            found = solver.max_grid_ratio(rest, cap, cap_ratio, available, step)
            assert found is not None
            return found

        def enough(k: int) -> bool:
            return k == len(order) or solver.reward(ratio_without(k), order[k].equipment_wan, cap) >= minimum

        low, high = 0, len(order)
        while low < high:
            mid = (low + high) // 2
            if enough(mid):
                high = mid
            else:
                low = mid + 1
        final = ratio_without(low) if low < len(order) else cap_ratio
        dropped = {p.id for p in order[:low]}
        for project in order[:low]:
            amount = solver.reward(final, project.equipment_wan, cap)
            out.append(_below_min(project, result.group, final, amount, minimum, "假设 leave：不予安排"))
        kept = [p for p in members if p.id not in dropped]
    equipments = [p.equipment_wan for p in kept]
    ratio = solver.max_grid_ratio(equipments, cap, cap_ratio, available, step) if kept else cap_ratio
    assert ratio is not None
    result.ratio = ratio
    _exact_ratio(result, equipments, cap)
    out.extend(_pay(p, result.group, ratio, cap, cap_ratio, None, False) for p in kept)
    return out


def _uniform_raise(
    result: GroupResult, members: list[Project], cap: Decimal, options: AllocationOptions
) -> list[Allocation]:
    minimum = options.project_min_wan
    assert minimum is not None
    cap_ratio, available = result.cap_ratio, result.available_wan
    out: list[Allocation] = []
    kept: list[Project] = []
    for project in members:
        ceiling = solver.reward(cap_ratio, project.equipment_wan, cap)
        if ceiling < minimum:
            out.append(
                _below_min(
                    project, result.group, cap_ratio, ceiling, minimum, "按比例上限也达不到最低奖励额，不能提高到最低额"
                )
            )
        else:
            kept.append(project)
    affordable = int(available // minimum)
    if len(kept) > affordable:
        # the worse rank goes first (no rank: the smaller equipment), then the id
        order = sorted(kept, key=lambda p: (p.rank is not None, -(p.rank or 0), p.equipment_wan, p.id))
        cut = {p.id for p in order[: len(kept) - affordable]}
        for project in order[: len(kept) - affordable]:
            out.append(
                Allocation(
                    project,
                    result.group,
                    reason=f"预算 {available} 万元不足以使全部项目达到最低奖励额 {minimum} 万元，"
                    "排序（或设备额）靠后者不予安排",
                    clause=RANKING_CLAUSE,
                )
            )
        kept = [p for p in kept if p.id not in cut]
    equipments = [p.equipment_wan for p in kept]
    ratio = (
        solver.max_grid_ratio(equipments, cap, cap_ratio, available, options.ratio_step, minimum) if kept else cap_ratio
    )
    assert ratio is not None
    result.ratio = ratio
    _exact_ratio(result, equipments, cap)
    out.extend(_pay(p, result.group, ratio, cap, cap_ratio, minimum, True) for p in kept)
    return out


def _check_ranks(result: GroupResult, members: list[Project]) -> list[Project]:
    errors = [
        FieldError(f"rows[{p.row}].rank", f"--mode rank-cutoff 需要排序 rank (项目 {p.id})")
        for p in members
        if p.rank is None
    ]
    seen: dict[int, str] = {}
    for project in members:
        if project.rank is not None and project.rank in seen:
            errors.append(
                FieldError(
                    f"rows[{project.row}].rank",
                    f"{result.group}内排序 {project.rank} 重复（{seen[project.rank]}、{project.id}）duplicate rank",
                )
            )
        elif project.rank is not None:
            seen[project.rank] = project.id
    if errors:
        raise InputError(errors)
    return sorted(members, key=lambda p: p.rank or 0)


def _rank_cutoff(
    result: GroupResult, members: list[Project], cap: Decimal, options: AllocationOptions
) -> list[Allocation]:
    ordered = _check_ranks(result, members)
    cap_ratio, minimum = result.cap_ratio, options.project_min_wan
    remaining = result.available_wan
    result.ratio = cap_ratio
    out: list[Allocation] = []
    cut_at: Project | None = None
    for project in ordered:
        amount = solver.reward(cap_ratio, project.equipment_wan, cap)
        if minimum is not None and amount < minimum:
            out.append(_below_min(project, result.group, cap_ratio, amount, minimum, "按比例上限计算，不予安排"))
            continue
        if cut_at is None and amount > remaining:
            cut_at = project
            out.append(
                Allocation(
                    project,
                    result.group,
                    clause=RANKING_CLAUSE,
                    reason=f"预算余额 {remaining} 万元不足以支付本项目 {amount} 万元：本项目及排序在后的项目不予安排",
                )
            )
            continue
        if cut_at is not None:
            out.append(
                Allocation(
                    project,
                    result.group,
                    clause=RANKING_CLAUSE,
                    reason=f"排序在第 {cut_at.rank} 位（{cut_at.id}，预算截止处）之后，不予安排",
                )
            )
            continue
        allocation = _pay(project, result.group, cap_ratio, cap, cap_ratio, None, False)
        remaining -= allocation.reward_wan
        out.append(allocation)
    return out

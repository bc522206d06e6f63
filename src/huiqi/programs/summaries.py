"""What an assessment says beside the programs' results (contract §2): ``enterprise`` (the plans'
word on the enterprise) and ``listing_tier`` (the 挂牌上市 tier over the listing results).

Each is a :class:`Summary` the engine iterates; the engine itself knows no program. A summary's
function returns :data:`ABSENT` where the answer carries no such key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huiqi.errors import InputError
from huiqi.profile.model import Profile

ABSENT = object()


@dataclass(frozen=True)
class Summary:
    """``key`` of the answer, computed by ``compute(answer, profile, day, choices)``; ``of_results``:
    it reads the programs' results (and comes after them in the answer), else it comes before."""

    key: str
    compute: Callable[[dict[str, Any], Profile, dt.date, dict[str, str]], Any]
    of_results: bool = False


def enterprise_context(answer: dict[str, Any], profile: Profile, day: dt.date, choices: dict[str, str]) -> Any:
    """What the plans (not the money programs) say about the enterprise: its 十四五 clusters with its
    city's standing in each, its size class, and the digital-transformation paths that fit."""
    from huiqi.geo.sme import classify_size, size_category
    from huiqi.programs.clusters import clusters_for, transformation_paths

    ent = profile.enterprise
    clusters = clusters_for(ent.industry_code, ent.city) if ent.industry_code else []
    size = None
    if ent.industry_code:
        category = size_category(ent.industry_code)
        last = ent.financials.get(str(day.year - 1))
        if category is not None:
            size = classify_size(
                category,
                ent.employees,
                last.revenue if last else None,
                last.total_assets if last else None,
            )
    sme = None if size is None else size != "large"
    return {
        "clusters": clusters,
        "size": size,
        "transformation_paths": transformation_paths(sme=sme),
    }


def listing_tier(answer: dict[str, Any], profile: Profile, day: dt.date, choices: dict[str, str]) -> Any:
    """The 挂牌上市 tier over the listing results, under the chosen reading (a named assumption);
    absent where no listing program answered."""
    from huiqi.programs.listing_tier import ASSUMPTION_ID, READINGS
    from huiqi.programs.listing_tier import listing_tier as tier

    if not any(str(r["program"]).startswith("listing-") for r in answer["results"]):
        return ABSENT
    reading = choices.get(ASSUMPTION_ID, "meets-now")
    try:
        return tier(answer, reading)
    except ValueError:
        options = ", ".join(READINGS)
        raise InputError(f"假设 {ASSUMPTION_ID} 没有选项 {reading!r}; options: {options}", "assumptions") from None


SUMMARIES: tuple[Summary, ...] = (
    Summary("enterprise", enterprise_context),
    Summary("listing_tier", listing_tier, of_results=True),
)

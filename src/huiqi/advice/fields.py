"""What an enterprise can change, and how a changed value is written back into a §1 profile.

The allow-list is explicit: a field the advice may propose to change matches one of
:data:`DECISIONS` (what management decides: R&D spending, revenue mix, qualified and R&D staff,
patents and certifications, a project's investment figures and its declared direction). Everything
else — city, county, founding date, compliance history, registration facts, ``status.*`` decided by
others, statistics kept by others — is unchangeable. :data:`OUTCOMES` (revenue, assets, profit,
headcount) are business results rather than decisions; the caller may opt in to them.

Each entry says which way the field may move (``up``: raise only; ``down``; ``both``; ``enum``: an
ordered list of values, moving up it; ``choice``: any listed value) and an optional upper bound (a
sibling field the value may not exceed: main-business revenue within revenue, R&D staff within
headcount). Values inside the solver are row cells (§5 paths, money in integer 分).
"""

from __future__ import annotations

import copy
import fnmatch
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from huiqi.profile.columns import YEAR_SEGMENT, kind_of_column
from huiqi.rules.units import FEN_PER_WAN

Move = Literal["up", "down", "both", "enum", "choice"]

#: one step of a money target: the output precision, 0.01 万元 in 分
MONEY_GRID = FEN_PER_WAN // 100


@dataclass(frozen=True)
class Changeable:
    """A field pattern the advice may change (``*`` matches one path segment, e.g. a year)."""

    pattern: str
    move: Move
    values: tuple[str, ...] = ()  # enum: in increasing order; choice: the options
    bound: str | None = None  # a sibling field (same ``*`` substitution) the value may not exceed

    def matches(self, path: str) -> bool:
        return _segments_match(self.pattern, path)

    def bound_path(self, path: str) -> str | None:
        if self.bound is None:
            return None
        if "*" not in self.bound:
            return self.bound
        year = YEAR_SEGMENT.search(path)
        return self.bound.replace("*", year.group(1)) if year else None


def _segments_match(pattern: str, path: str) -> bool:
    parts, targets = pattern.split("."), path.split(".")
    return len(parts) == len(targets) and all(fnmatch.fnmatchcase(t, p) for p, t in zip(parts, targets, strict=True))


_FLAG_UP: Move = "up"  # a boolean moves up: false → true (a certificate obtained, never given back)

DECISIONS: tuple[Changeable, ...] = (
    # money the enterprise spends or books (targets for the year the assessment reads)
    Changeable("enterprise.financials.*.rd_expense", "up"),
    Changeable("enterprise.financials.*.main_business_revenue", "up", bound="enterprise.financials.*.revenue"),
    # people it employs
    Changeable("enterprise.rd_staff", "up", bound="enterprise.employees"),
    Changeable("enterprise.degree_or_title_staff", "up", bound="enterprise.employees"),
    Changeable("enterprise.specialization.leading_talent", _FLAG_UP),
    # patents and certifications it can apply for
    Changeable("enterprise.ip.*", "up"),
    Changeable("enterprise.refinement.quality_mgmt_cert", _FLAG_UP),
    Changeable("enterprise.refinement.ip_mgmt_cert", _FLAG_UP),
    Changeable("enterprise.refinement.own_brand", _FLAG_UP),
    Changeable("enterprise.refinement.satisfaction_or_traceability", _FLAG_UP),
    Changeable("enterprise.refinement.mgmt_system_cert", _FLAG_UP),
    Changeable("enterprise.refinement.follows_standards", _FLAG_UP),
    Changeable("enterprise.refinement.foreign_product_cert", _FLAG_UP),
    Changeable("enterprise.refinement.standard_level", "enum", ("other", "domestic_advanced", "international")),
    Changeable("enterprise.specialty.*", _FLAG_UP),
    Changeable("enterprise.innovation.standards_drafted", _FLAG_UP),
    Changeable("enterprise.innovation.postdoc_station", _FLAG_UP),
    Changeable("enterprise.innovation.info_system_core_business", _FLAG_UP),
    Changeable("enterprise.innovation.key_field", _FLAG_UP),
    Changeable("enterprise.innovation.major_breakthrough", _FLAG_UP),
    Changeable(
        "enterprise.innovation.rd_institution", "enum", ("none", "joint", "own", "city", "provincial", "national")
    ),
    Changeable("enterprise.sound_accounting", _FLAG_UP),
    # a project's investment figures and the application's direction
    Changeable("project.equipment_purchase_wan", "up"),
    Changeable("project.total_investment_wan", "up"),
    Changeable("project.fyp_completed_investment_wan", "up"),
    Changeable("project.new_fai_declared_wan", "both"),
    Changeable("project.investment_ex_tax_wan", "up"),
    Changeable("project.it_investment_wan", "up", bound="project.investment_ex_tax_wan"),
    Changeable("project.core_suppliers", "up"),
    Changeable("project.direction", "choice", ("industrial_internet", "5g", "supply_chain")),
)

OUTCOMES: tuple[Changeable, ...] = (
    Changeable("enterprise.financials.*.revenue", "up"),
    Changeable("enterprise.financials.*.total_assets", "up"),
    Changeable("enterprise.financials.*.total_profit", "up"),
    Changeable("enterprise.financials.*.net_profit", "up"),
    Changeable("enterprise.financials.*.total_liabilities", "down"),
    Changeable("enterprise.employees", "both"),
    Changeable("enterprise.equity_financing_2y_wan", "up"),
)

#: never proposed, whatever list a caller passes (contract §9)
FORBIDDEN = ("enterprise.city", "enterprise.county", "enterprise.established", "enterprise.compliance.*")


def is_forbidden(path: str) -> bool:
    return any(_segments_match(p, path) for p in FORBIDDEN)


def changeable(path: str, allow: tuple[Changeable, ...]) -> Changeable | None:
    """The allow-list entry for ``path``, None when the enterprise cannot change it."""
    if is_forbidden(path):
        return None
    return next((entry for entry in allow if entry.matches(path)), None)


# -- units ----------------------------------------------------------------------------------------
TWO = Decimal("0.01")


def output_value(cell: Any, path: str) -> Any:
    """A row cell in the contract's units: money 万元 (2 decimals, half-up), decimals as numbers."""
    if cell is None:
        return None
    kind = kind_of_column(path)
    if kind == "money":
        return float((Decimal(cell) / FEN_PER_WAN).quantize(TWO, rounding=ROUND_HALF_UP))
    if isinstance(cell, Decimal):
        return float(cell.normalize())
    if kind == "date":
        return cell.isoformat()
    return cell


def profile_value(cell: Any, path: str) -> Any:
    """A row cell as a §1 profile holds it (money as an exact decimal string of 万元)."""
    if cell is None:
        return None
    kind = kind_of_column(path)
    if kind == "money":
        return format(Decimal(cell) / FEN_PER_WAN, "f")
    if kind == "decimal":
        return format(Decimal(cell), "f")
    if kind == "date":
        return cell.isoformat()
    return cell


_PROJECT = re.compile(r"^project\.")


def set_in_profile(data: dict[str, Any], path: str, value: Any, project_index: int | None) -> None:
    """Write one §5 path's value into a §1 profile dict (in place), creating objects on the way."""
    if _PROJECT.match(path):
        if project_index is None:
            raise KeyError(f"{path}: no project to change")
        node: dict[str, Any] = data["projects"][project_index]
        keys = path.split(".")[1:]
    else:
        node = data.setdefault("enterprise", {})
        keys = path.split(".")[1:]
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[keys[-1]] = value


def apply_cells(
    data: dict[str, Any], cells: dict[str, Any], project_index: int | None, as_of: str | None = None
) -> dict[str, Any]:
    """A copy of ``data`` with every ``path → cell`` written in (and ``as_of`` set where given)."""
    out = copy.deepcopy(data)
    for path, cell in cells.items():
        set_in_profile(out, path, profile_value(cell, path), project_index)
    if as_of is not None:
        out["as_of"] = as_of
    return out

"""Counterfactual advice (contract §9): for each program a profile does not meet, the smallest
verified changes that would make it eligible, each tied to the criterion and clause it repairs.

For one (program, project) :func:`plan_program` runs a few rounds:

1. assess the (modified) profile with the real engine at the current date;
2. solve the program's top-level criteria with :class:`~huiqi.advice.solver.Solver` (repair mode);
   if the cheapest plan must wait for a date (成立满 3 年), move the date there and solve again —
   figures then target the years that later assessment reads;
3. apply the plan and assess again: a change that broke another criterion is repaired next round.

A plan is returned only when the engine confirms it: ``eligible``, or — where facts are missing —
``undetermined`` with nothing failing and a witness (fill mode) showing that the missing fields can
make it eligible; those fields are ``missing``. Otherwise ``reachable`` is false and ``blocked`` names
the criteria nothing allowed can repair.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from huiqi.advice.fields import DECISIONS, OUTCOMES, Changeable, apply_cells, output_value, profile_value
from huiqi.advice.solver import Plan, Solver, owners_of, relative_size
from huiqi.advice.text import change_text
from huiqi.engine import Choices, Engine, default_engine, parse_profile
from huiqi.errors import InputError
from huiqi.profile.columns import kind_of_column, profile_rows
from huiqi.rules import expr as E
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.program import Criterion
from huiqi.rules.units import FEN_PER_WAN

ROUNDS = 4
NO_ADVICE = {
    "not_applicable": "本项目不适用于该情形（适用范围由地区、项目类型等不可调整的事实决定）",
    "not_in_force": "评估日期不在政策有效期内",
}


@dataclass
class Outcome:
    """What :func:`plan_program` found for one (program, project)."""

    reachable: bool | None
    day: dt.date
    cells: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, Criterion] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    blocked: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


class Adviser:
    """One profile, one engine, one set of choices; plans per program and project."""

    def __init__(
        self, engine: Engine, data: dict[str, Any], choices: dict[str, str], allow: tuple[Changeable, ...]
    ) -> None:
        self.engine, self.data, self.choices, self.allow = engine, data, choices, allow
        self.project_ids = [p.get("id") for p in data.get("projects") or [] if isinstance(p, dict)]

    def result(self, data: dict[str, Any], day: dt.date, program: str, project: str | None) -> dict[str, Any]:
        answer = self.engine.assess(data, as_of=day, choices=self.choices, programs=[program])
        return next(r for r in answer["results"] if r.get("project") == project)

    def compiled(self, day: dt.date, program: str) -> CompiledProgram | None:
        found = self.engine.compile(day, Choices.of(self.choices), (program,))
        return found[0] if found else None

    def row(self, data: dict[str, Any], project: str | None) -> dict[str, Any]:
        profile, _ = parse_profile(data)
        rows = profile_rows(profile)
        return rows[self.project_ids.index(project)] if project is not None else rows[0]

    def solver(self, cp: CompiledProgram, row: dict[str, Any], fill: bool) -> tuple[Solver, E.Expr]:
        program = cp.program
        tops = [*program.applicability, *program.criteria]
        root = E.All(tuple(top.expression() for top in tops))
        assert cp.context is not None
        solver = Solver(cp.context, row, self.allow, owners_of(program.all_criteria()), fill=fill)
        solver.keep(root)
        return solver, root

    def plan_program(self, program: str, project: str | None, day: dt.date) -> Outcome:
        index = self.project_ids.index(project) if project is not None else None
        cells: dict[str, Any] = {}
        owners: dict[str, Criterion] = {}
        current = day
        for _ in range(ROUNDS):
            data = apply_cells(self.data, cells, index)
            result = self.result(data, current, program, project)
            if result["status"] in NO_ADVICE:
                return Outcome(False, current, note=NO_ADVICE[result["status"]] + f"（{current.isoformat()}）")
            if result["status"] != "ineligible":
                break
            cp = self.compiled(current, program)
            assert cp is not None
            solver, root = self.solver(cp, self.row(data, project), fill=False)
            plans = solver.repair(root, True, Plan())
            if not plans:
                note = "企业可调整的事项（见允许调整的字段清单）不足以满足以下条件"
                return Outcome(False, current, blocked=blocked(result), note=note)
            best = plans[0]
            if best.not_before is not None and best.not_before > current:
                current = best.not_before
                continue
            cells.update(best.cells)
            owners.update({p: c for p, c in best.owners.items() if p in best.cells})
        return self.verify(program, project, day, current, cells, owners)

    def verify(
        self,
        program: str,
        project: str | None,
        day: dt.date,
        current: dt.date,
        cells: dict[str, Any],
        owners: dict[str, Criterion],
    ) -> Outcome:
        index = self.project_ids.index(project) if project is not None else None
        data = apply_cells(self.data, cells, index)
        result = self.result(data, current, program, project)
        status = result["status"]
        if status == "eligible":
            return Outcome(True, current, cells, owners)
        if status != "undetermined":
            note = "未找到经复核可行的调整" if status == "ineligible" else NO_ADVICE.get(status, status)
            return Outcome(False, current, blocked=blocked(result), note=note)
        cp = self.compiled(current, program)
        assert cp is not None
        solver, root = self.solver(cp, self.row(data, project), fill=True)
        unknown = [m for c in result["criteria"] if c["status"] == "unknown" for m in c.get("missing", [])]
        for plan in solver.repair(root, True, Plan()):
            trial = apply_cells(data, plan.fills, index)
            if self.result(trial, current, program, project)["status"] == "eligible":
                missing, questions = ordered_missing(plan, cp)
                return Outcome(True, current, cells, owners, missing=missing, questions=questions)
        undecided = [c["label"] for c in result["criteria"] if c["status"] == "unknown" and not c.get("part_of")]
        note = "填写缺少的信息后方能判断能否达成；尚无法判断：" + "；".join(undecided)
        return Outcome(None, current, cells, owners, missing=list(dict.fromkeys(unknown)), note=note)


def blocked(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The failed top-level criteria of a result that no allowed change repairs."""
    return [
        {"criterion": item["id"], "label": item["label"], "clause": item["clause"]}
        for item in result.get("criteria", [])
        if item["status"] == "fail" and not item.get("part_of")
    ]


def ordered_missing(plan: Plan, cp: CompiledProgram) -> tuple[list[str], list[dict[str, Any]]]:
    """The fields a witness had to fill, grouped by top-level criterion, the groups needing the fewest
    fields first (greedy: each criterion's cheapest way to be decided, as the solver ranked it)."""
    tops = [*cp.program.applicability, *cp.program.criteria]
    top_of = {c.id: top for top in tops for c in top.walk()}
    order = {top.id: i for i, top in enumerate(tops)}
    groups: dict[str, list[str]] = {}
    for path in plan.fills:
        owner = plan.owners.get(path)
        top = top_of[owner.id].id if owner is not None and owner.id in top_of else ""
        groups.setdefault(top, []).append(path)
    ranked = sorted(groups.items(), key=lambda kv: (len(kv[1]), order.get(kv[0], len(order))))
    missing: list[str] = []
    questions = []
    for _, paths in ranked:
        for path in paths:
            if path in missing:
                continue
            missing.append(path)
            owner = plan.owners.get(path)
            if owner is not None:
                questions.append({"field": path, "criterion": owner.id, "question": owner.question or owner.label})
    return missing, questions


def _changes(outcome: Outcome, base_row: dict[str, Any], cp: CompiledProgram | None) -> list[dict[str, Any]]:
    order: dict[str, int] = {}
    if cp is not None:
        for i, c in enumerate(cp.program.all_criteria()):
            order.setdefault(c.id, i)
    items = []
    for path, cell in outcome.cells.items():
        owner = outcome.owners.get(path)
        before = base_row.get(path)
        change: dict[str, Any] = {
            "field": path,
            "from": output_value(before, path),
            "to": output_value(cell, path),
            "criterion": owner.id if owner else None,
            "clause": owner.ref.to_json() if owner else None,
            "label": owner.label if owner else "",
            "size": round(relative_size(path, before, cell), 4),
        }
        if kind_of_column(path) == "money" and before is not None:
            change["by"] = format((Decimal(cell - before) / FEN_PER_WAN).normalize(), "f")
        exact = profile_value(before, path)
        if isinstance(change["from"], float) and exact is not None and Decimal(exact) != Decimal(str(change["from"])):
            change["from_exact"] = exact  # a figure finer than the output precision (699.999999)
        change["text"] = change_text(change)
        items.append((order.get(change["criterion"] or "", 10**6), path, change))
    return [c for _, _, c in sorted(items, key=lambda t: (t[0], t[1]))]


def advise(
    profile: Any,
    as_of: dt.date | None = None,
    programs: list[str] | None = None,
    choices: dict[str, str] | None = None,
    engine: Engine | None = None,
    include_outcomes: bool = False,
) -> dict[str, Any]:
    """Contract §9 for one §1 profile (a dict). ``include_outcomes`` also lets the advice move
    business results (revenue, assets, profit, headcount), which the default allow-list leaves alone."""
    if not isinstance(profile, dict):
        raise InputError("输入应为 JSON 对象 the profile must be a JSON object")
    engine = engine or default_engine()
    parsed, warnings = parse_profile(profile)
    day = as_of or parsed.as_of or dt.date.today()
    choices = dict(choices or {})
    allow = DECISIONS + (OUTCOMES if include_outcomes else ())
    assessed = engine.assess(profile, as_of=day, choices=choices, programs=programs)
    adviser = Adviser(engine, profile, choices, allow)
    rows = profile_rows(parsed)
    advice = []
    for result in assessed["results"]:
        if result["status"] == "eligible":
            continue
        project = result.get("project")
        entry = {"program": result["program"], "title": result.get("title"), "project": project}
        entry["status"] = result["status"]
        if result["status"] in NO_ADVICE:
            outcome = Outcome(False, day, note=NO_ADVICE[result["status"]])
        else:
            try:
                outcome = adviser.plan_program(result["program"], project, day)
            except InputError as exc:  # the caller's profile was valid: a change would make it invalid
                note = f"所需调整超出画像可填写的范围 the change needed is not a valid profile: {exc}"
                outcome = Outcome(False, day, note=note)
        base_row = rows[adviser.project_ids.index(project)] if project is not None else rows[0]
        cp = adviser.compiled(outcome.day, result["program"])
        changes = _changes(outcome, base_row, cp) if outcome.reachable is not False else []
        entry |= {
            "reachable": outcome.reachable,
            "reachable_from": outcome.day.isoformat()
            if outcome.reachable is not False and outcome.day != day
            else None,
            "changes": changes,
            "missing": outcome.missing if outcome.reachable is not False else [],
            "questions": outcome.questions if outcome.reachable is not False else [],
            "blocked": outcome.blocked,
            "cost": {"changes": len(changes), "size": round(sum(c["size"] for c in changes), 4)},
        }
        if outcome.note:
            entry["note"] = outcome.note
        advice.append(entry)
    return {
        "as_of": day.isoformat(),
        "rules_version": assessed.get("rules_version"),
        "advice": advice,
        "warnings": warnings,
    }

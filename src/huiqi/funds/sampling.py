"""双随机一公开: draw projects for on-site checks and inspectors for each, reproducibly from a seed.

粤工信规字〔2021〕2号 第二十六条 asks the filing authority to plan on-site checks "根据‘双随机一公开’
的原则" (the share of projects is its own choice); the fund 细则 ask for supervision and checks
(粤工信规字〔2021〕5号 第二十一条, 粤工信技改函〔2021〕45号 第二十六条).

The draw, so that anyone holding the same files and seed gets the same plan:

1. Projects are sorted by ``project.id`` (code-point order), inspectors by (name, unit, id).
2. ``rng = random.Random(seed)`` (Python's Mersenne Twister; ``seed`` an integer).
3. ``n = ceil(share × number of projects)``; ``rng.sample(sorted projects, n)``, then sorted by id.
4. For each drawn project in id order: the inspectors without a conflict (their ``conflicts`` list
   names the project's enterprise, its credit code or the project id) are shuffled with
   ``rng.shuffle``, then stably sorted by how many projects each already has, and the first
   ``per_project`` are assigned — random, but spread evenly.

``input_digest`` (SHA-256 of the canonical inputs) lets a re-drawer confirm they hold the same files.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from huiqi.errors import FieldError, InputError
from huiqi.funds.model import Project
from huiqi.rules.clause import ClauseRef

CLAUSES = (
    ClauseRef("tech-upgrade-filing", "第二十六条"),
    ClauseRef("tech-upgrade-filing", "第二十八条"),
    ClauseRef("tech-upgrade-fund", "第二十一条"),
    ClauseRef("inclusive-investment", "第二十六条"),
)
ROSTER_ALIASES = {
    "name": "name",
    "姓名": "name",
    "检查人员": "name",
    "unit": "unit",
    "单位": "unit",
    "所在单位": "unit",
    "id": "id",
    "编号": "id",
    "执法证号": "id",
    "conflicts": "conflicts",
    "回避": "conflicts",
    "回避企业": "conflicts",
    "利益冲突": "conflicts",
}
OUTCOMES = ("合格", "整改", "不合格", "未检查")


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass(frozen=True)
class Inspector:
    name: str
    unit: str
    id: str = ""
    conflicts: frozenset[str] = frozenset()

    def conflicted(self, project: Project) -> bool:
        names = {project.enterprise, project.credit_code, project.id}
        return any(n and _key(n) in self.conflicts for n in names)

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "unit": self.unit, **({"id": self.id} if self.id else {})}


def parse_roster(rows: list[dict[str, Any]]) -> list[Inspector]:
    errors: list[FieldError] = []
    roster: list[Inspector] = []
    for index, raw in enumerate(rows, start=1):
        row = {ROSTER_ALIASES.get(_key(str(k)), str(k)): v for k, v in raw.items()}
        name = str(row.get("name") or "").strip()
        if not name:
            errors.append(FieldError(f"roster[{index}].name", "缺少姓名 name missing"))
            continue
        conflicts = row.get("conflicts") or []
        if isinstance(conflicts, str):
            for sep in "；;、，,|\n":
                conflicts = conflicts.replace(sep, ";")
            conflicts = conflicts.split(";")
        roster.append(
            Inspector(
                name=name,
                unit=str(row.get("unit") or "").strip(),
                id=str(row.get("id") or "").strip(),
                conflicts=frozenset(_key(str(c)) for c in conflicts if str(c).strip()),
            )
        )
    if errors:
        raise InputError(errors)
    if not roster:
        raise InputError("检查人员名录为空 the roster is empty", "--roster")
    return roster


def read_roster(path: Path) -> list[Inspector]:
    from huiqi.funds.read import read_json_rows, read_table_rows

    if not path.is_file():
        raise InputError(f"文件不存在 file not found: {path}", "--roster")
    rows = read_json_rows(path) if path.suffix.lower() == ".json" else read_table_rows(path)
    return parse_roster(rows)


def _digest(projects: list[Project], roster: list[Inspector]) -> str:
    canon = {
        "projects": [[p.id, p.enterprise or "", p.credit_code or ""] for p in projects],
        "roster": [[i.name, i.unit, i.id, sorted(i.conflicts)] for i in roster],
    }
    return hashlib.sha256(json.dumps(canon, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def draw(
    projects: list[Project], roster: list[Inspector], share: Decimal, seed: int, per_project: int = 2
) -> dict[str, Any]:
    """The check plan (JSON-ready); see the module docstring for the algorithm."""
    if per_project < 1:
        raise InputError("每个项目至少 1 名检查人员", "--inspectors")
    ordered = sorted(projects, key=lambda p: p.id)
    staff = sorted(roster, key=lambda i: (i.name, i.unit, i.id))
    count = min(len(ordered), math.ceil(share * len(ordered)))
    rng = random.Random(seed)
    drawn = sorted(rng.sample(ordered, count), key=lambda p: p.id)
    load = {i: 0 for i in range(len(staff))}
    plan = []
    for project in drawn:
        free = [i for i, person in enumerate(staff) if not person.conflicted(project)]
        rng.shuffle(free)
        free.sort(key=lambda i: load[i])
        chosen = sorted(free[:per_project], key=lambda i: (staff[i].name, staff[i].unit))
        for i in chosen:
            load[i] += 1
        excluded = [staff[i].name for i in range(len(staff)) if staff[i].conflicted(project)]
        entry: dict[str, Any] = {
            "project": project.id,
            "enterprise": project.enterprise,
            "city": project.city or project.city_text,
            "inspectors": [staff[i].as_json() for i in chosen],
            "excluded_for_conflict": excluded,
        }
        if len(chosen) < per_project:
            entry["warning"] = f"无利益冲突的检查人员只有 {len(chosen)} 名，少于 {per_project} 名"
        plan.append(entry)
    return {
        "kind": "double-random-check-plan",
        "seed": seed,
        "share": str(share),
        "population": len(ordered),
        "drawn": count,
        "inspectors_per_project": per_project,
        "input_digest": _digest(ordered, staff),
        "algorithm": (__doc__ or "").split("The draw,")[1].split("``input_digest``")[0].strip(),
        "projects": plan,
        "clauses": [c.to_json() for c in CLAUSES],
    }


def merge_results(plan: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The plan with each project's outcome (``project.id``/项目编号, ``outcome``/核查结果, ``notes``)."""
    aliases = {
        "项目编号": "project",
        "project.id": "project",
        "project": "project",
        "核查结果": "outcome",
        "outcome": "outcome",
        "结果": "outcome",
        "问题及处理": "notes",
        "notes": "notes",
        "备注": "notes",
    }
    outcomes: dict[str, dict[str, str]] = {}
    errors: list[FieldError] = []
    planned = {p["project"] for p in plan["projects"]}
    for index, raw in enumerate(rows, start=1):
        row = {aliases.get(_key(str(k)), aliases.get(str(k), str(k))): v for k, v in raw.items()}
        pid = str(row.get("project") or "").strip()
        outcome = str(row.get("outcome") or "").strip()
        if pid not in planned:
            errors.append(FieldError(f"results[{index}].project", f"“{pid}”不在核查计划中 not in the plan"))
        elif outcome and outcome not in OUTCOMES:
            errors.append(FieldError(f"results[{index}].outcome", f"应为 {' | '.join(OUTCOMES)}, got {outcome!r}"))
        else:
            outcomes[pid] = {"outcome": outcome or "未检查", "notes": str(row.get("notes") or "").strip()}
    if errors:
        raise InputError(errors)
    projects = [{**p, **outcomes.get(p["project"], {"outcome": "未检查", "notes": ""})} for p in plan["projects"]]
    summary = {o: sum(1 for p in projects if p["outcome"] == o) for o in OUTCOMES}
    return {**plan, "kind": "double-random-check-results", "projects": projects, "summary": summary}

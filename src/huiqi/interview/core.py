"""The interview (contract §10): from the answers so far, the statuses and the one question that
settles the most.

A step is stateless: the caller sends every answer given and every field the person said they do
not know; :func:`step` builds the §1 profile those answers make, assesses it with the engine (the
``results``), and asks :func:`huiqi.interview.relevance.analyse`, program by program and project by
project, which open fields can still change a status. When none can, ``done`` is true, and the
statuses are those ``assess`` gives on the profile holding every answer — they are computed from it.

The order of questions: cheap questions first (city, industry, existing recognitions, whether there
is a project), then the field that can change the most undecided results, then one whose failing
answer decides a result at once, then catalogue order (recent years first). Project questions exist
only for projects the person has named (``projects[i].kind``); a further project is asked about only
when nothing is left to ask about the previous one.

A question is one screen: the field ranked first is asked together with the other fields of its group
(:data:`huiqi.interview.groups.GROUPS`: a year's 利润表, a checklist of things that should not have
happened …) that can still change a status, in ``question.fields``; ``asked`` counts questions, a
group once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from huiqi.batch.labels import CHOICE_LABELS, NO, YES, pattern_of
from huiqi.engine import Choices, Engine, default_engine, parse_profile
from huiqi.errors import FieldError, InputError
from huiqi.interview.catalogue import NO_PROJECT, QUESTIONS, answer_path, is_askable, row_path
from huiqi.interview.groups import group_key, group_order, grouped
from huiqi.interview.relevance import analyse, read_under_known, settled
from huiqi.profile.columns import profile_rows
from huiqi.profile.normalize import is_guangdong_city
from huiqi.rules.compiled import CompiledProgram

MAX_PROJECTS = 3
#: how many of the best-ranked questions are checked for settling something on their own
IMMEDIATE_WINDOW = 12
CHEAP = ("enterprise.city", "enterprise.industry_code", "enterprise.status.*", "projects[0].kind")
_ORDER = {pattern: i for i, pattern in enumerate(QUESTIONS)}
_YEAR = re.compile(r"\.(\d{4})\.")
#: where a field is read: the program, the row, the field's row path, the shared memo, the open fields
Place = tuple[CompiledProgram, dict[str, Any], str, dict[int, str], frozenset[str]]


@dataclass
class Request:
    as_of: dt.date | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    programs: list[str] | None = None
    assume: dict[str, str] = field(default_factory=dict)


def parse_request(body: Any) -> Request:
    """The §10 body; InputError naming the part that is wrong."""
    if not isinstance(body, dict):
        raise InputError("输入应为 JSON 对象 the body must be a JSON object")
    as_of = body.get("as_of")
    day = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(str(as_of))
        except ValueError:
            raise InputError(f"日期格式应为 YYYY-MM-DD, got {as_of!r}", "as_of") from None
    answers = body.get("answers") or {}
    if not isinstance(answers, dict):
        raise InputError("应为字段路径到答案的对象 answers must map field paths to values", "answers")
    unknown = body.get("unknown") or []
    if not isinstance(unknown, list) or not all(isinstance(u, str) for u in unknown):
        raise InputError("应为字段路径的列表 unknown must be a list of field paths", "unknown")
    programs = body.get("programs")
    if programs is not None and (not isinstance(programs, list) or not all(isinstance(p, str) for p in programs)):
        raise InputError("应为项目 id 的列表 programs must be a list of program ids", "programs")
    assume = body.get("assume") or {}
    if not isinstance(assume, dict) or not all(isinstance(v, str) for v in assume.values()):
        raise InputError("应为假设 id 到选项的对象 assume must map assumption ids to options", "assume")
    return Request(day, dict(answers), list(unknown), programs or None, dict(assume))


def _coerce(path: str, value: Any) -> Any:
    """Chinese words for choices and 是/否 for yes/no, as the batch files accept them."""
    pattern = pattern_of(row_path(path)[1])
    if isinstance(value, str):
        words = {label: code for code, label in CHOICE_LABELS.get(pattern, {}).items()}
        if value.strip() in words:
            return words[value.strip()]
        if value.strip() in (YES, NO) and pattern not in CHOICE_LABELS:
            return value.strip() == YES
    return value


def project_count(req: Request) -> tuple[int, bool]:
    """How many projects the answers name, and whether the person has said there are no more
    (``projects[i].kind`` answered ``none``; a kind the person does not know still names a project)."""
    count = 0
    while count < MAX_PROJECTS:
        kind = f"projects[{count}].kind"
        if req.answers.get(kind) == NO_PROJECT:
            return count, True
        if kind not in req.answers and kind not in req.unknown:
            return count, False
        count += 1  # a kind answered, or not known: there is a project (of a kind still unknown)
    return count, True


def build_profile(req: Request) -> dict[str, Any]:
    """The §1 profile the answers make (projects ``p1``, ``p2`` … in the order named). A city outside
    Guangdong also says the enterprise is not registered in Guangdong (contract §1 requires
    ``registered_in_guangdong: false`` beside such a city) unless the person answered otherwise."""
    errors: list[FieldError] = []
    for path in req.unknown:
        if not is_askable(path):
            errors.append(FieldError(path, "不是可以询问的字段 not a field the interview asks"))
    count, _ = project_count(req)
    data: dict[str, Any] = {"enterprise": {}, "projects": [{"id": f"p{i + 1}"} for i in range(count)]}
    if req.as_of is not None:
        data["as_of"] = req.as_of.isoformat()
    for path, value in req.answers.items():
        if not isinstance(path, str) or not is_askable(path):
            errors.append(FieldError(str(path), "不是可以回答的字段 not a field the interview asks"))
            continue
        if path in req.unknown:
            errors.append(FieldError(path, "同一字段不能既有答案又标为不知道 answered and marked unknown"))
            continue
        index, row = row_path(path)
        if value is None:
            continue
        if index is not None:
            if row == "project.kind" and value == NO_PROJECT:
                if index > count:
                    errors.append(FieldError(path, f"请先回答第 {index} 个项目 answer the earlier project first"))
                continue
            if index >= count:
                errors.append(FieldError(path, "没有这个项目：请先回答项目类型 no such project: answer its kind first"))
                continue
            node = data["projects"][index]
        else:
            node = data["enterprise"]
        keys = row.split(".")[1:]
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = _coerce(path, value)
    if errors:
        raise InputError(errors)
    ent = data["enterprise"]
    if isinstance(ent.get("city"), str) and not is_guangdong_city(ent["city"]) and "registered_in_guangdong" not in ent:
        ent["registered_in_guangdong"] = False  # a city outside Guangdong says where it is registered (§1)
    return data


def _rank(path: str, decides: int, direct: int) -> tuple[int, int, int, int, int]:
    """Cheap questions first (a further project last), then what changes the most results, then what
    decides a result at once, then catalogue order with recent years first."""
    index, row = row_path(path)
    if row == "project.kind" and index:
        return (2, 0, 0, 0, 0)
    cheap = any(path == c or (c.endswith("*") and path.startswith(c[:-1])) for c in CHEAP)
    year = _YEAR.search(path)
    order = _ORDER.get(pattern_of(row), len(_ORDER))
    return (0 if cheap else 1, -decides, -direct, order, -(int(year.group(1)) if year else 0))


def _immediate(places: list[Place]) -> bool:
    """Whether the field's answer alone can change a status, every other open field left unanswered
    (a question that only matters together with others is asked after those that settle something)."""
    return not places or any(
        path in analyse(cp, row, frozenset({path}), memo).sensitive for cp, row, path, memo, _ in places
    )


def _screen(best: str, decides: dict[str, set[str]], where: dict[str, list[Place]]) -> list[str]:
    """The fields asked with ``best``: those of its group that can still change a status, in the
    group's order. Where an input of the group is read under ``Known``/``Coalesce`` (whether it is
    answered at all decides whether others matter), only the fields that matter even if that input
    is answered "不知道" join it; ``best`` is asked alone if it is not one of them."""
    key = group_key(best)
    members = [p for p in decides if group_key(p) == key]
    gates = {m for m in members if any(place[2] in read_under_known(place[0]) for place in where.get(m, []))}
    if gates:

        def stays(m: str) -> bool:
            for cp, row, path, memo, open_paths in where.get(m, []):
                closed = frozenset(row_path(g)[1] for g in gates - {m})
                if path in analyse(cp, row, open_paths - closed, memo).sensitive:
                    return True
            return False

        members = [m for m in members if stays(m)]
        if best not in members:
            return [best]
    return sorted(members, key=lambda p: (group_order(p), p))


def step(body: Any, engine: Engine | None = None) -> dict[str, Any]:
    """One step of the interview: §10's answer (plus the profile the answers make)."""
    engine = engine or default_engine()
    req = body if isinstance(body, Request) else parse_request(body)
    data = build_profile(req)
    profile, warnings = parse_profile(data)
    day = req.as_of or profile.as_of or dt.date.today()
    assessed = engine.assess(profile, as_of=day, choices=req.assume, programs=req.programs)
    ids = tuple(engine._ids(req.programs))
    compiled = engine.compile(day, Choices.of(req.assume), ids)
    rows = profile_rows(profile)
    count, closed = project_count(req)
    unknown = set(req.unknown)
    by_key = {(r["program"], r.get("project")): r for r in assessed["results"]}
    decides: dict[str, set[str]] = {}
    results_of: dict[str, set[tuple[str, int | None]]] = {}
    where: dict[str, list[Place]] = {}
    direct: dict[str, int] = {}
    project_programs: list[str] = []
    for cp in compiled:
        if cp.program.level == "project":
            project_programs.append(cp.program.id)
            targets: list[tuple[int | None, dict[str, Any]]] = list(enumerate(rows[:count])) if count else []
        else:
            targets = [(None, rows[0])]
        fields = {p for cc in cp.criteria for p in cc.fields}
        for index, row in targets:
            open_paths = frozenset(
                p
                for p in fields
                if row.get(p) is None
                and not (index is None and p.startswith("project."))
                and (ap := answer_path(p, index)) not in unknown
                and is_askable(ap)
            )
            if not open_paths:
                continue
            result = by_key.get((cp.program.id, f"p{index + 1}" if index is not None else None))
            if result is not None:
                in_scope = all(c["status"] == "pass" for c in result["criteria"] if c.get("role") == "applicability")
                if settled(cp, result["status"], in_scope, open_paths):
                    continue
            memo: dict[int, str] = {}
            found = analyse(cp, row, open_paths, memo)
            for p in found.sensitive:
                ap = answer_path(p, index)
                decides.setdefault(ap, set()).add(cp.program.id)
                results_of.setdefault(ap, set()).add((cp.program.id, index))
                where.setdefault(ap, []).append((cp, row, p, memo, open_paths))
            for p in found.direct:
                ap = answer_path(p, index)
                direct[ap] = direct.get(ap, 0) + 1
    if project_programs and not closed:
        kind = f"projects[{count}].kind"
        if count == 0 or not any(p.startswith(f"projects[{count - 1}].") for p in decides):
            decides[kind] = set(project_programs)
            results_of[kind] = {(p, count) for p in project_programs}
    ranked = sorted(decides, key=lambda p: _rank(p, len(results_of[p]), direct.get(p, 0)))
    next_question = None
    if ranked:
        best = next((p for p in ranked[:IMMEDIATE_WINDOW] if _immediate(where.get(p, []))), ranked[0])
        paths = _screen(best, decides, where)
        programs = set().union(*(decides[p] for p in paths))
        next_question = grouped(paths, [p for p in ids if p in programs])
    return {
        "done": next_question is None,
        "asked": len({group_key(p) for p in [*req.answers, *req.unknown]}),
        "as_of": day.isoformat(),
        "question": next_question,
        "results": [
            {
                "program": r["program"],
                "title": r.get("title"),
                "project": r.get("project"),
                "status": r["status"],
                "reward_max_wan": (r.get("reward") or {}).get("max_wan"),
            }
            for r in assessed["results"]
        ],
        "profile": data,
        "warnings": warnings,
    }

"""Hand-written cases: each a sentence, a date, a profile, the verdict the text gives.

A program's ``cases/*.yaml`` files look like::

    program: tech-upgrade-equipment-reward
    base: dongguan-filed-project          # a profile from cases/_bases.yaml
    cases:
      - name: 珠三角项目设备购置额恰好 700 万元，达到下限
        clause: tech-upgrade-fund 第八条第（一）项第5目
        as_of: 2023-06-01
        profile: {projects: [{equipment_purchase_wan: 700}]}
        expect: {status: eligible, reward_max_wan: 140, criteria: {equipment-floor: pass}}

``profile`` is merged into the base: mappings key by key, lists of mappings item by item, and a
``null`` removes the key (the value becomes unknown). ``expect`` may give ``status``,
``reward_max_wan`` (null for none), ``failed`` (exact list of failed criteria), ``criteria``
(id → pass/fail/unknown), ``project`` (which project's result, default the first), ``version``
(the number of the document that answered, e.g. ``工信部企业〔2022〕63号``) and ``superseded_by`` (the
number of its successor, or null for none), ``says`` (texts the answer must contain, e.g. the note
of a criterion decided alike in every region) and ``not_says``; ``assume`` (assumption id → option) may switch a named
reading.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

PROGRAMS_DIR = Path(__file__).parent


@dataclass
class Case:
    program: str
    name: str
    clause: str
    as_of: dt.date
    profile: dict[str, Any]
    expect: dict[str, Any]
    assume: dict[str, str] = field(default_factory=dict)
    source: str = ""


def merge(base: Any, patch: Any) -> Any:
    """``patch`` over ``base``: dicts by key (None deletes), lists of dicts by index."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            elif key in out:
                out[key] = merge(out[key], value)
            else:
                out[key] = copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(patch, list) and all(isinstance(x, dict) for x in patch):
        out_list = list(base)
        for index, value in enumerate(patch):
            if index < len(out_list):
                out_list[index] = merge(out_list[index], value)
            else:
                out_list.append(copy.deepcopy(value))
        return out_list
    return copy.deepcopy(patch)


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _iso(value: Any) -> Any:
    """YAML reads dates as ``date`` objects; profiles want ISO strings, as JSON has them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def load_cases(folder: Path) -> list[Case]:
    bases_file = folder / "_bases.yaml"
    bases = _load_yaml(bases_file) if bases_file.exists() else {}
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = _load_yaml(path)
        base = bases.get(data.get("base"), {}) if data.get("base") else {}
        for raw in data["cases"]:
            case_base = bases[raw["base"]] if raw.get("base") else base
            profile = _iso(merge(case_base, raw.get("profile") or {}))
            as_of = raw.get("as_of", data.get("as_of"))
            cases.append(
                Case(
                    program=raw.get("program", data["program"]),
                    name=str(raw["name"]),
                    clause=str(raw.get("clause", "")),
                    as_of=as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of)),
                    profile=profile,
                    expect=raw["expect"],
                    assume=dict(raw.get("assume") or {}),
                    source=f"{path.parent.parent.name}/{path.name}",
                )
            )
    return cases


def all_cases() -> list[Case]:
    out: list[Case] = []
    for folder in sorted(PROGRAMS_DIR.glob("*/cases")):
        out += load_cases(folder)
    return out


def cases_by_date_and_readings() -> dict[tuple[Any, ...], list[Case]]:
    """The hand cases grouped by ``(as_of, sorted assumptions)``: one compilation (one query on an SQL
    engine) answers a whole group."""
    groups: dict[tuple[Any, ...], list[Case]] = {}
    for case in all_cases():
        key = (case.as_of, tuple(sorted((case.assume or {}).items())))
        groups.setdefault(key, []).append(case)
    return groups


def case_rows(cases: list[Case]) -> tuple[list[dict[str, Any]], list[str]]:
    """The §5 rows of ``cases`` (one per enterprise, or per project) and each row's case name."""
    from huiqi.engine import parse_profile
    from huiqi.profile.columns import profile_rows

    rows: list[dict[str, Any]] = []
    names: list[str] = []
    for case in cases:
        profile, _ = parse_profile(case.profile)
        for row in profile_rows(profile):
            rows.append(row)
            names.append(f"{case.program}:{case.name}")
    return rows, names


def same_value(a: Any, b: Any) -> bool:
    """One value from two backends: numbers by value (int, Decimal, 128-bit), all else exactly."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
        return Decimal(a) == Decimal(b)
    return type(a) is type(b) and bool(a == b)


def backend_mismatches(
    compiled: list[Any], rows: list[dict[str, Any]], names: list[str], results: list[dict[str, Any]]
) -> list[str]:
    """Where another backend's lowered columns (``results``, one per row, by column name) differ from
    the generated Python function's on ``rows``: ``"case: column got … want …"``. Every lowered
    column of every program in ``compiled`` is compared."""
    from huiqi.rules.to_source import evaluate_row

    out = []
    for row, name, got_row in zip(rows, names, results, strict=True):
        for cp in compiled:
            for column, want in evaluate_row(cp, row).items():
                got = got_row.get(column, "<missing>")
                if not same_value(got, want):
                    out.append(f"{name}: {column} got {got!r} want {want!r}")
    return out


def check_case(case: Case, result: dict[str, Any]) -> list[str]:
    """What differs between the engine's answer and the case's expectation (empty: it holds)."""
    want = case.expect
    project = want.get("project")
    candidates = [r for r in result["results"] if r["program"] == case.program]
    if project is not None:
        candidates = [r for r in candidates if r.get("project") == project]
    if not candidates:
        return [f"no result for {case.program} (project {project})"]
    got = candidates[0]
    problems = []
    if "status" in want and got["status"] != want["status"]:
        problems.append(f"status {got['status']} != {want['status']}")
    if "reward_max_wan" in want:
        actual = (got.get("reward") or {}).get("max_wan")
        expected = want["reward_max_wan"]
        if (actual is None) != (expected is None) or (
            actual is not None and round(float(actual), 2) != round(float(expected), 2)
        ):
            problems.append(f"reward {actual} != {expected}")
    if "failed" in want and sorted(got.get("failed", [])) != sorted(want["failed"]):
        problems.append(f"failed {got.get('failed')} != {want['failed']}")
    if "version" in want and got["version"]["number"] != want["version"]:
        problems.append(f"version {got['version']['number']} != {want['version']}")
    if "superseded_by" in want:
        successor = (got.get("superseded_by") or {}).get("number")
        if successor != want["superseded_by"]:
            problems.append(f"superseded_by {successor} != {want['superseded_by']}")
    if "says" in want or "not_says" in want:
        import json

        text = json.dumps(got, ensure_ascii=False)
        problems += [f"the answer does not say {s!r}" for s in want.get("says", []) if s not in text]
        problems += [f"the answer says {s!r}" for s in want.get("not_says", []) if s in text]
    statuses = {c["id"]: c["status"] for c in got.get("criteria", [])}
    for cid, expected in (want.get("criteria") or {}).items():
        if statuses.get(cid) != expected:
            problems.append(f"criterion {cid}: {statuses.get(cid)} != {expected}")
    return problems

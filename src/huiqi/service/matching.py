"""免申即享 matches (contract §11): one program on one date over every stored enterprise of a jurisdiction.

A match is a job of :mod:`huiqi.service.jobs` (claimed once, heartbeat, failed by the reaper when its
runner dies). It assesses the latest profile version of each enterprise the starter may see
(:func:`huiqi.service.policy.visible_enterprises`, the same rule as the API), records one
:class:`MatchItem` per enterprise and the counts per status (and per city), and gives the owner of each
``eligible`` or ``undetermined`` enterprise one notice: the verdict, the amount bound, the clause, and
for ``undetermined`` the questions that decide it with a link into the check-up.

Once only: a notice's key is (program, rules version, enterprise, profile version), so running the same
match again notifies no one twice; a new profile version or new rules may notify again.

An enterprise with several projects has one status for a project-level program: the best of its
projects' (eligible, then undetermined, then ineligible, not_applicable, not_in_force) — a bureau tells
an enterprise what it may get, and one qualifying project is enough to tell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import core, jobs, policy
from huiqi.service.models import Enterprise, MatchItem, MatchJob, Notice, ProfileVersion, User
from huiqi.service.notices import add_notice
from huiqi.service.state import ServiceState

STATUSES = ("eligible", "undetermined", "ineligible", "not_applicable", "not_in_force")
NOTIFY = ("eligible", "undetermined")
CHUNK = 200
CENT = Decimal("0.01")


@dataclass
class Outcome:
    """One enterprise's answer for the match's program."""

    status: str
    title: str
    results: list[dict[str, Any]] = field(default_factory=list)  # the results that carry the status
    missing: list[str] = field(default_factory=list)  # profile paths (``projects[0].x``) that decide it
    questions: list[str] = field(default_factory=list)

    @property
    def max_wan(self) -> Decimal | None:
        amounts = [Decimal(str(r["reward"]["max_wan"])) for r in self.results
                   if r["status"] == "eligible" and (r.get("reward") or {}).get("max_wan") is not None]
        return sum(amounts, Decimal(0)).quantize(CENT) if amounts else None


def outcome(program: str, answer: dict[str, Any], profile: dict[str, Any]) -> Outcome:
    """The enterprise's status for ``program`` from a §2 answer, with what decides it when undetermined."""
    mine = [r for r in answer["results"] if r["program"] == program]
    if not mine:
        return Outcome("not_applicable", program)
    status = min((r["status"] for r in mine), key=STATUSES.index)
    carrying = [r for r in mine if r["status"] == status]
    found = Outcome(status, str(carrying[0].get("title") or program), carrying)
    if status == "undetermined":
        project_index = {str(p.get("id")): i for i, p in enumerate(profile.get("projects") or [])}
        for result in carrying:
            for criterion in result.get("criteria", []):
                if criterion["status"] != "unknown":
                    continue
                for path in criterion.get("missing", []):
                    path = _profile_path(path, project_index.get(str(result.get("project"))))
                    if path not in found.missing:
                        found.missing.append(path)
                question = criterion.get("question")
                if question and question not in found.questions:
                    found.questions.append(question)
    return found


def _profile_path(path: str, index: int | None) -> str:
    """§5's ``project.x`` as the profile path ``projects[i].x`` the check-up and interview take."""
    if path.startswith("project.") and index is not None:
        return f"projects[{index}].{path.removeprefix('project.')}"
    return path


def checkup_link(program: str, missing: list[str]) -> str:
    """The check-up with the program and the questions that decide it (``/`` reads them as a query)."""
    return "/?" + urlencode([("program", program), *(("field", m) for m in missing)])


def _money(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(CENT):,} 万元"


def _bound(result: dict[str, Any]) -> str:
    reward = result.get("reward") or {}
    if reward.get("max_wan") is not None:
        return f"奖补上限 {_money(reward['max_wan'])}"
    parts = []
    if reward.get("rate") is not None:
        parts.append(f"奖补比例不超过 {Decimal(str(reward['rate'])) * 100:.2f}%".replace(".00%", "%"))
    if reward.get("cap_wan") is not None:
        parts.append(f"单个项目最高 {_money(reward['cap_wan'])}")
    if parts:
        return "，".join(parts) + "（具体金额待信息齐全后确定）"
    return "认定类项目，不涉及资金奖补" if not reward else "奖补金额以申报通知为准"


def _clause(result: dict[str, Any]) -> str:
    clause = (result.get("reward") or {}).get("clause")
    if not clause:
        clause = next((c["clause"] for c in result.get("criteria", []) if c.get("role") != "applicability"
                       and c.get("clause")), None)
    version = result.get("version") or {}
    if not clause:
        return str(version.get("number") or "")
    same = clause.get("doc") == version.get("doc") and version.get("number")
    return f"{version['number'] if same else clause.get('doc_title') or clause.get('doc')} {clause.get('ref') or ''}"


def notice_text(found: Outcome, enterprise: str, as_of: dt.date) -> tuple[str, str]:
    """The notice's title and text, in Chinese."""
    day = f"{as_of.year}年{as_of.month}月{as_of.day}日"
    lines = []
    for result in found.results:
        project = f"项目 {result['project']}：" if result.get("project") else ""
        lines.append(f"{project}{_bound(result)}；依据 {_clause(result).strip()}")
    if found.status == "eligible":
        title = f"您可能可以申报：{found.title}"
        head = (f"{enterprise}：主管部门按 {day} 的政策和您登记的企业信息核对，贵企业符合「{found.title}」的"
                f"申报条件（免申即享，无需另行自查）。")
        tail = "请留意当年申报通知，按要求办理；结论仅供参考，以主管部门审核为准。"
        return title, "\n".join([head, *lines, tail])
    title = f"请补充信息：{found.title}"
    head = (f"{enterprise}：主管部门按 {day} 的政策核对，贵企业可能符合「{found.title}」的条件，"
            f"但登记的信息还不足以确定。请回答以下问题：")
    questions = [f"{n}. {q}" for n, q in enumerate(found.questions or ["请补充所列信息"], start=1)]
    return title, "\n".join([head, *questions, *lines, "补充后即可得到确定的结论。"])


def notice_key(program: str, rules_version: str, enterprise_id: int, version: int) -> str:
    return f"match:{program}:{rules_version}:{enterprise_id}:{version}"


def run_match(state: ServiceState, job_id: int, me: str) -> None:
    """Run one claimed match job."""
    with state.sessions() as session:
        job = session.get(MatchJob, job_id)
        assert job is not None
        program, as_of, jurisdiction, owner = job.program, job.as_of, job.jurisdiction, job.owner_id

    def work(progress: Any) -> dict[str, Any]:
        engine = core.engine()
        rules_version = str(engine.rules_version)
        role = "bureau" if jurisdiction else "admin"
        who = policy.Principal(owner, "-", role, jurisdiction)
        with state.sessions() as session:
            query = policy.visible_enterprises(who, select(Enterprise).order_by(Enterprise.id))
            ids = [e.id for e in session.scalars(query) if policy.can_see_enterprise(who, e)]
        counts: Counter[str] = Counter({s: 0 for s in STATUSES})
        by_city: dict[str, Counter[str]] = {}
        notified = 0
        for start in range(0, len(ids), CHUNK):
            with state.sessions() as session, session.no_autoflush:
                rows, told = _chunk(session, ids[start:start + CHUNK], program, rules_version)
                for enterprise, version in rows:
                    item = _one(state, session, job_id, program, as_of, rules_version, enterprise, version, told)
                    counts[item.status] += 1
                    by_city.setdefault(item.city or "未填写", Counter())[item.status] += 1
                    notified += int(item.notified)
                session.commit()
            progress(min(start + CHUNK, len(ids)) / max(len(ids), 1))
        return {"counts": dict(counts), "by_city": {c: dict(n) for c, n in sorted(by_city.items())},
                "notified": notified, "rules_version": rules_version}

    jobs.run_work(state, MatchJob, job_id, me, work, "匹配失败 match failed")


def _chunk(session: Session, ids: list[int], program: str, rules_version: str,
           ) -> tuple[list[tuple[Enterprise, ProfileVersion]], set[str]]:
    """The enterprises of ``ids`` with their latest profiles, their owners loaded (one query each), and
    the keys of the notices already given for these versions."""
    rows = [(e, v) for e, v in session.execute(
        select(Enterprise, ProfileVersion)
        .join(ProfileVersion, (ProfileVersion.enterprise_id == Enterprise.id)
              & (ProfileVersion.version == Enterprise.version))
        .where(Enterprise.id.in_(ids)).order_by(Enterprise.id))]
    session.scalars(select(User).where(User.id.in_({e.owner_id for e, _ in rows}))).all()  # into the session
    keys = [notice_key(program, rules_version, e.id, v.version) for e, v in rows]
    told = set(session.scalars(select(Notice.key).where(Notice.key.in_(keys)))) if keys else set()
    return rows, told


def _one(state: ServiceState, session: Session, job_id: int, program: str, as_of: dt.date, rules_version: str,
         enterprise: Enterprise, version: ProfileVersion, told: set[str]) -> MatchItem:
    from huiqi.errors import InputError

    try:
        answer = core.engine().assess(version.profile, as_of=as_of, programs=[program])
    except InputError:  # a profile stored before a rule tightened: counted, never a failed match
        found = Outcome("error", program)
    else:
        found = outcome(program, answer, version.profile)
    item = MatchItem(match_id=job_id, enterprise_id=enterprise.id, profile_version=version.version,
                     name=enterprise.name, city=enterprise.city, county=enterprise.county, status=found.status,
                     max_wan=found.max_wan, missing=found.missing, notified=False)
    key = notice_key(program, rules_version, enterprise.id, version.version)
    if found.status in NOTIFY and key not in told:
        title, text = notice_text(found, enterprise.name or "贵企业", as_of)
        notice = add_notice(
            session, state.settings, user_id=enterprise.owner_id, kind="match", title=title, text=text,
            key=key, enterprise_id=enterprise.id, program=program, match_id=job_id, status=found.status,
            missing=found.missing,
            detail={"link": checkup_link(program, found.missing) if found.status == "undetermined"
                    else f"/rules/{program}", "as_of": as_of.isoformat(), "questions": found.questions,
                    "max_wan": None if found.max_wan is None else str(found.max_wan),
                    "clauses": [_clause(r).strip() for r in found.results], "profile_version": version.version},
        )
        item.notified = notice is not None
    session.add(item)
    return item


def known_program(program: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]{1,100}", program)) and program in core.engine().families

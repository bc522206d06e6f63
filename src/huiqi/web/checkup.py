"""政策体检 ``/``: the guided form, the result cards, the re-run under another reading, saving.

The result is the engine's §2 object rendered under the fixed headings 结论 / 依据条款 / 如何得出 /
缺少的信息 / 采用的假设 — nothing here decides eligibility.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from huiqi.batch.labels import SIZE_LABELS, field_label, humanize
from huiqi.errors import InputError
from huiqi.service.deps import SessionDep
from huiqi.service.policy import Principal
from huiqi.web import fmt, forms
from huiqi.web.base import MaybeUser, render
from huiqi.web.session import CSRF_FIELD, check_csrf

router = APIRouter(include_in_schema=False)
MAX_FORM_FIELDS = 400


def example_profile() -> dict[str, Any]:
    """The bundled example enterprise (``examples/dongguan-equipment.json``, shipped with the package)."""
    text = resources.files("huiqi.web").joinpath("dongguan-equipment.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _form_page(request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200,
               general: list[str] | None = None, *, restore: bool = False) -> HTMLResponse:
    as_of, _ = forms.parse_as_of(values.get("as_of"))
    return render(request, "checkup_form.html", {
        "steps": forms.fields_by_step(),
        "values": values,
        "errors": errors,
        "general_errors": general or [],
        "as_of": as_of,
        "years": {f"y{k}": as_of.year - k for k in forms.YEARS_BACK},
        "restore": restore,
    }, status_code)


@router.get("/", response_class=HTMLResponse)
def form(request: Request, who: MaybeUser, example: bool = False) -> HTMLResponse:
    values = forms.form_from_profile(example_profile()) if example else {"as_of": dt.date.today().isoformat()}
    return _form_page(request, values, {}, restore=not example)


@router.get("/checkup/example.json")
def example() -> JSONResponse:
    return JSONResponse(forms.form_from_profile(example_profile()))


async def _posted(request: Request) -> dict[str, str]:
    data = await request.form(max_fields=MAX_FORM_FIELDS)
    check_csrf(request, data.get(CSRF_FIELD))
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _choices(values: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, option in values.items():
        if key.startswith("assume."):
            out[key[len("assume."):]] = option
    return out


@router.post("/", response_class=HTMLResponse)
async def submit(request: Request, who: MaybeUser, session: SessionDep) -> HTMLResponse:
    started = time.perf_counter()
    values = await _posted(request)
    as_of, as_of_error = forms.parse_as_of(values.get("as_of"))
    profile, errors = forms.profile_from_form(values, as_of)
    if as_of_error:
        errors["as_of"] = as_of_error
    if errors:
        return _form_page(request, values, errors, 422)
    return _assess(request, who, session, profile, {}, values, started, save=True)


@router.post("/checkup/rerun", response_class=HTMLResponse)
async def rerun(request: Request, who: MaybeUser, session: SessionDep) -> HTMLResponse:
    """The same profile under other readings (the assumption switches of the result page)."""
    started = time.perf_counter()
    values = await _posted(request)
    try:
        profile = json.loads(values.get("profile_json", ""))
        if not isinstance(profile, dict):
            raise ValueError
    except ValueError:
        return _form_page(request, {}, {}, 422, ["无法读取要重新评估的画像，请重新填写。"])
    return _assess(request, who, session, profile, _choices(values), forms.form_from_profile(profile), started,
                   save=False, advise=values.get("advise") == "1")


def _assess(request: Request, who: Principal | None, session: SessionDep, profile: dict[str, Any],
            choices: dict[str, str], values: dict[str, str], started: float, *, save: bool,
            advise: bool = False) -> HTMLResponse:
    from huiqi.advice import advise as run_advice
    from huiqi.engine import default_engine

    engine = default_engine()
    as_of = dt.date.fromisoformat(profile["as_of"]) if profile.get("as_of") else None
    try:
        result = engine.assess(profile, as_of=as_of, choices=choices or None)
        advice = run_advice(profile, as_of=as_of, choices=choices, engine=engine) if advise else None
    except InputError as exc:
        day = as_of or dt.date.today()
        errors: dict[str, str] = {}
        general: list[str] = []
        for e in exc.errors:
            name = forms.form_name(e.path, day)
            if any(f.name == name for f in forms.form_fields()):
                errors[name] = e.message
            else:
                general.append(f"{field_label(e.path)}：{e.message}")
        return _form_page(request, values, errors, 422, general)
    saved = _save(request, who, session, profile) if save and who is not None else None
    cards = sorted(result["results"], key=lambda r: fmt.STATUS_ORDER.get(r["status"], 9))
    views = [card_view(r, engine, advice) for r in cards]
    response = render(request, "checkup_result.html", {
        "result": result,
        "cards": views,
        "summary": summary(views),
        "option_texts": option_texts(engine),
        "size_zh": SIZE_LABELS,
        "advised": advice is not None,
        "listing_tier": result.get("listing_tier"),
        "profile_json": json.dumps(profile, ensure_ascii=False),
        "choices": choices,
        "saved": saved,
        "name": (profile.get("enterprise") or {}).get("name") or "（未填写企业名称）",
    })
    elapsed = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = f"assess;dur={elapsed:.1f}"
    return response


def _save(request: Request, who: Principal, session: SessionDep, profile: dict[str, Any]) -> int | None:
    """Keep the profile and its assessment among the user's enterprises (enterprise and admin users),
    through the service's own handlers: same validation, policy and audit as the API."""
    from huiqi.service import policy
    from huiqi.service.routes import enterprises
    from huiqi.service.schemas import AssessmentRequest, EnterpriseBody

    if not policy.can_create_enterprise(who):
        return None
    body = EnterpriseBody(enterprise=profile.get("enterprise") or {}, projects=profile.get("projects") or [])
    out = enterprises.create(body, request, who, session)
    as_of = dt.date.fromisoformat(profile["as_of"]) if profile.get("as_of") else None
    enterprises.assess(out.id, request, who, session, AssessmentRequest(as_of=as_of))
    return out.id


def _missing(result: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for c in result.get("criteria", []):
        if c["status"] != "unknown":
            continue
        for path in c.get("missing", []):
            item = seen.setdefault(path, {"path": path, "label": field_label(path), "questions": []})
            if c.get("question") and c["question"] not in item["questions"]:
                item["questions"].append(c["question"])
    return list(seen.values())


def option_texts(engine: Any) -> dict[str, dict[str, str]]:
    """Every named reading's options in words: assumption id → {option id: text}."""
    from huiqi.programs.listing_tier import ASSUMPTION_ID, READINGS

    out: dict[str, dict[str, str]] = {ASSUMPTION_ID: dict(READINGS)}
    for family in engine.families.values():
        for program in family.versions:
            for a in program.assumptions:
                out.setdefault(a.id, {}).update(dict(a.options))
    return out


def _alternatives(result: dict[str, Any], engine: Any) -> dict[str, dict[str, str]]:
    """assumption id → {option: text} from the program's literate view."""
    family = engine.families.get(result["program"])
    out: dict[str, dict[str, str]] = {}
    if family is None:
        return out
    for program in family.versions:
        for a in program.assumptions:
            out[a.id] = dict(a.options)
    return out


def _advice_for(result: dict[str, Any], advice: dict[str, Any] | None) -> dict[str, Any] | None:
    """This card's §9 advice entry (``None`` where advice was not asked for or is not needed)."""
    for item in (advice or {}).get("advice", []):
        if item["program"] == result["program"] and item.get("project") == result.get("project"):
            return dict(item)
    return None


def card_view(result: dict[str, Any], engine: Any, advice: dict[str, Any] | None = None) -> dict[str, Any]:
    """What one result card shows, beside the §2 object itself."""
    options = _alternatives(result, engine)
    clauses: dict[str, dict[str, Any]] = {}
    for c in result.get("criteria", []):
        cl = c.get("clause") or {}
        clauses.setdefault(str(cl.get("id") or cl.get("ref")), cl)
    reasons = [c for c in result.get("criteria", []) if c.get("role") == "applicability" and c["status"] == "fail"]
    missing = _missing(result)
    return {
        "r": result,
        "status_zh": fmt.STATUS_ZH.get(result["status"], result["status"]),
        "icon": fmt.STATUS_ICON.get(result["status"], "•"),
        "missing": missing,
        "reason": _one_reason(result, reasons),
        "quality": _quality(result),
        "clauses": list(clauses.values()),
        "reasons": reasons,
        "options": options,
        "brief": result["status"] in ("not_applicable", "not_in_force"),
        "advice": _advice_for(result, advice),
        "dom_id": f"card-{result['program']}" + (f"-{result['project']}" if result.get("project") else ""),
    }


def _one_reason(result: dict[str, Any], reasons: list[dict[str, Any]]) -> str:
    """The one sentence that says why a program does not fit: the scope it is outside of, the first
    failed top-level criterion, or the period the policy was in force."""
    if reasons:
        return f"{humanize(reasons[0]['label'])}不成立"
    if result["status"] == "ineligible":
        failed = [c for c in result.get("criteria", []) if c["status"] == "fail"]
        top = [c for c in failed if not c.get("part_of")] or failed
        if top:
            return f"未满足：{humanize(top[0]['label'])}"
    if result["status"] == "not_in_force":
        version = result.get("version") or {}
        until = f"，至 {version['to']} 止" if version.get("to") else ""
        return f"{version.get('number', '该文件')} 自 {version.get('from', '—')} 起施行{until}"
    return ""


def _quality(result: dict[str, Any]) -> str:
    """Once per card: where the document the result rests on is known only from reposts."""
    from huiqi.programs.external import QUALITY_NOTES, external_doc

    doc = external_doc(str((result.get("version") or {}).get("doc") or ""))
    return QUALITY_NOTES.get(doc.quality, "") if doc else ""


def summary(cards: list[dict[str, Any]]) -> dict[str, Any]:
    """The first screen of the result: what can be had now, what needs answers, what does not fit."""
    by: dict[str, list[dict[str, Any]]] = {}
    for card in cards:
        by.setdefault(card["r"]["status"], []).append(card)
    questions = {m["path"] for c in by.get("undetermined", []) for m in c["missing"]}
    return {
        "now": by.get("eligible", []),
        "ask": by.get("undetermined", []),
        "questions": len(questions),
        "no": by.get("ineligible", []),
        "other": by.get("not_applicable", []) + by.get("not_in_force", []),
    }

"""政策体检 ``/`` as an interview: one question per screen, only what can still change a verdict.

Server-rendered and stateless like ``POST /api/v1/interview``: the answers so far travel in a hidden
field (``state``, JSON) with the order they were given, screen by screen (for the back button). A
grouped question (a year's 利润表, a checklist …) is one screen with an input per field, each with its
own 不知道; a checklist also has 以上都没有 (every item 否). Each answer is checked
where it is typed (a number, a date, one of the options) and then by the core; a bad answer is shown
again beside its field with a Chinese message, nothing else lost. The verdicts so far are listed under
the question. At the end the full result cards come from the existing result page (``/checkup/rerun``
with the profile the answers make), and a signed-in enterprise can keep the answers as its profile.
The full form stays at ``/checkup/full`` ("填写全部").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from huiqi.engine import default_engine
from huiqi.errors import InputError
from huiqi.service.deps import SessionDep
from huiqi.web import checkup, fmt
from huiqi.web.base import MaybeUser, render
from huiqi.web.session import CSRF_FIELD, check_csrf

router = APIRouter(include_in_schema=False)
DONT_KNOW = "不知道"
#: the value of an input's own "不知道" option (a grouped question has one per input)
UNKNOWN_VALUE = "?"
YES_NO = [{"value": "true", "label": "是"}, {"value": "false", "label": "否"}]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _state(raw: str | None, as_of: str | None = None, programs: list[str] | None = None) -> dict[str, Any]:
    """The answers carried by the page (a fresh interview when missing or unreadable); ``programs``
    limits a fresh interview to those programs (a notice's link names the one it is about)."""
    try:
        state = json.loads(raw or "")
    except ValueError:
        state = None
    if not isinstance(state, dict):
        state = {}
    day = state.get("as_of") or as_of or dt.date.today().isoformat()
    raw_answers = state.get("answers")
    answers: dict[str, Any] = raw_answers if isinstance(raw_answers, dict) else {}
    unknown = [u for u in state.get("unknown") or [] if isinstance(u, str)]
    order = [o for o in (_screen(o, answers, unknown) for o in state.get("order") or []) if o]
    known = set(default_engine().program_ids())
    chosen = [p for p in state.get("programs") or programs or [] if isinstance(p, str) and p in known]
    return {"as_of": str(day), "answers": answers, "unknown": unknown, "order": order, "programs": chosen}


def _screen(entry: Any, answers: dict[str, Any], unknown: list[str]) -> list[str]:
    """One entry of ``order``: the fields answered on one screen (a single field may be given bare)."""
    fields = [entry] if isinstance(entry, str) else entry if isinstance(entry, list) else []
    return [f for f in fields if isinstance(f, str) and (f in answers or f in unknown)]


def _inputs(question: dict[str, Any]) -> list[dict[str, Any]]:
    """Every input of the question (several for a grouped question), 是/否 as options."""
    out = []
    for item in question.get("fields") or [question]:
        item = {**item, "qid": "iv-" + re.sub(r"[^0-9A-Za-z_]+", "-", item["field"]).strip("-")}
        if item["type"] == "bool":
            item["options"] = YES_NO
        out.append(item)
    return out


def _body(state: dict[str, Any]) -> dict[str, Any]:
    body = {"as_of": state["as_of"], "answers": state["answers"], "unknown": state["unknown"]}
    if state.get("programs"):
        body["programs"] = state["programs"]
    return body


def _convert(question: dict[str, Any], raw: str) -> tuple[Any, str | None]:
    """The typed answer as the API takes it, or a Chinese message saying what is wrong with it."""
    text = raw.strip()
    if not text:
        return None, "请填写答案，或选择“不知道”"
    kind = question["type"]
    if kind == "bool":
        if text in ("true", "是"):
            return True, None
        if text in ("false", "否"):
            return False, None
        return None, "请选择“是”或“否”"
    if kind == "choice":
        values = [str(o["value"]) for o in question.get("options") or []]
        return (text, None) if text in values else (None, "请从列出的选项中选择一项")
    if kind in ("number", "integer"):
        cleaned = text.replace(",", "").replace("，", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            return None, "请填写数字" + ("（单位：" + question["unit"] + "）" if question.get("unit") else "")
        if not number.is_finite():
            return None, "请填写数字"
        if kind == "integer":
            if number != number.to_integral_value():
                return None, "请填写整数"
            return int(number), None
        return format(number, "f"), None
    if kind == "date":
        if not _DATE.match(text):
            return None, "请按 年-月-日 填写日期，如 2023-06-01"
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return None, "没有这一天，请检查日期"
        return text, None
    return text, None


def _message(message: str) -> str:
    """A core message without pydantic's prefix; the Chinese part first."""
    return message.removeprefix("Value error, ").strip()


def _page(
    request: Request,
    who: Any,
    state: dict[str, Any],
    *,
    error: str | None = None,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from huiqi.interview import step

    try:
        answer = step(_body(state))
    except InputError:  # an old page's state no longer valid: start again rather than fail
        state = _state(None, state["as_of"], state.get("programs"))
        answer = step(_body(state))
    question = answer["question"]
    inputs = _inputs(question) if question is not None else []
    results = sorted(answer["results"], key=lambda r: fmt.STATUS_ORDER.get(r["status"], 9))
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return render(
        request,
        "interview.html",
        {
            "answer": answer,
            "question": question,
            "results": results,
            "counts": counts,
            "state_json": json.dumps(state, ensure_ascii=False),
            "profile_json": json.dumps(answer["profile"], ensure_ascii=False),
            "inputs": inputs,
            "group": question.get("group") if question else None,
            "error": error,
            "errors": errors or {},
            "typed": typed or {},
            "can_back": bool(state["order"]),
            "can_save": who is not None and who.role in ("enterprise", "admin"),
            "given": len(state["order"]),
            "scope": list(dict.fromkeys(r["title"] for r in results)) if state["programs"] else [],
        },
        status_code,
    )


@router.get("/", response_class=HTMLResponse)
def start(
    request: Request,
    who: MaybeUser,
    example: bool = False,
    as_of: str | None = None,
    program: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """The interview (the full form with the example enterprise still answers ``/?example=1``);
    ``?program=ID`` (repeatable) asks only what decides those programs, as a notice's link does."""
    if example:
        return checkup.form(request, who, example=True)
    day = None
    if as_of:
        try:
            day = dt.date.fromisoformat(as_of).isoformat()
        except ValueError:
            day = None
    return _page(request, who, _state(None, day, program))


@router.get("/checkup/full", response_class=HTMLResponse)
def full_form(request: Request, who: MaybeUser, example: bool = False) -> HTMLResponse:
    """填写全部: the whole form in four steps."""
    return checkup.form(request, who, example=example)


@router.post("/interview", response_class=HTMLResponse)
async def answer(request: Request, who: MaybeUser) -> HTMLResponse:
    from huiqi.interview import step

    data = await request.form(max_fields=100)
    check_csrf(request, data.get(CSRF_FIELD))
    values = {k: v for k, v in data.items() if isinstance(v, str)}
    state = _state(values.get("state"))
    action = values.get("action", "answer")
    if action == "restart":
        return _page(request, who, _state(None, state["as_of"], state["programs"]))
    if action == "back":
        if state["order"]:
            last = set(state["order"].pop())
            for field in last:
                state["answers"].pop(field, None)
            state["unknown"] = [u for u in state["unknown"] if u not in last]
        return _page(request, who, state)
    current = step(_body(state))["question"]
    if current is None or current["field"] != values.get("field", ""):  # a stale page: show what is asked now
        return _page(request, who, state)
    items = _inputs(current)
    fields = [item["field"] for item in items]
    given: dict[str, Any] = {}
    unknown: list[str] = []
    typed: dict[str, str] = {}
    problems: dict[str, str] = {}
    group = current.get("group") or {}
    for n, item in enumerate(items):
        raw = values.get(f"value-{n}", "")
        typed[item["field"]] = raw
        if action == "none" and group.get("checklist"):
            given[item["field"]] = False  # 以上都没有
        elif action == "unknown" or raw == UNKNOWN_VALUE or values.get(f"unknown-{n}"):
            unknown.append(item["field"])
            typed[item["field"]] = UNKNOWN_VALUE  # shown ticked again if another input is wrong
        else:
            value, problem = _convert(item, raw)
            if problem:
                problems[item["field"]] = problem
            else:
                given[item["field"]] = value
    if problems:
        return _page(request, who, state, errors=problems, typed=typed, status_code=422)
    trial = {
        **state,
        "answers": {**state["answers"], **given},
        "unknown": [*state["unknown"], *unknown],
        "order": [*state["order"], fields],
    }
    try:
        step(_body(trial))
    except InputError as exc:
        mine = {e.path: _message(e.message) for e in exc.errors if e.path in fields}
        if not mine:
            mine = {fields[0]: _message(exc.errors[0].message)}
        return _page(request, who, state, errors=mine, typed=typed, status_code=422)
    return _page(request, who, trial)


@router.post("/interview/save", response_class=HTMLResponse)
async def save(request: Request, who: MaybeUser, session: SessionDep) -> HTMLResponse:
    """Keep the answers as the signed-in enterprise's profile (the service's own handlers, audited)."""
    from huiqi.interview import step

    data = await request.form(max_fields=20)
    check_csrf(request, data.get(CSRF_FIELD))
    raw = data.get("state")
    state = _state(raw if isinstance(raw, str) else None)
    if who is None:
        return _page(request, who, state, error="请先登录，再保存为企业画像", status_code=403)
    profile = step(_body(state))["profile"]
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        profile["enterprise"]["name"] = name.strip()[:200]
    try:
        saved = checkup._save(request, who, session, profile)
    except InputError as exc:
        return _page(request, who, state, error=_message(exc.errors[0].message), status_code=422)
    if saved is None:
        return _page(request, who, state, error="当前账号不能保存企业画像", status_code=403)
    return render(
        request, "interview_saved.html", {"saved": saved, "profile_json": json.dumps(profile, ensure_ascii=False)}
    )

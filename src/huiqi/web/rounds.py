"""资金轮次 ``/rounds``: the bureau's page of a fund round — the rounds it may see, a round's dashboard
(counts and money by state, group and city), its applications with the moves the user may make (POST
forms with the CSRF token), the allocation run and the workbooks. The work is done by
:mod:`huiqi.service.routes.rounds`; who may do what by :mod:`huiqi.service.policy` and
:mod:`huiqi.funds.workflow`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from huiqi.funds import workflow as wf
from huiqi.service import policy
from huiqi.service.deps import RecordId, SessionDep
from huiqi.service.routes import round_results as results
from huiqi.service.routes import rounds as api
from huiqi.web.base import Forbidden, User, render
from huiqi.web.session import CSRF_FIELD, check_csrf

#: the form fields of each move: (name, label, input type)
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "complete": [("passed", "完工评价通过", "checkbox"), ("note", "完工评价意见", "text")],
    "score": [("score", "竞争性评审得分", "number")],
    "site_check": [("on", "现场审查日期", "date"), ("record", "现场审查记录", "text")],
    "enter_library": [("rank", "综合排序", "number"), ("minutes", "集体研究审议记录", "text")],
    "allocate": [("amount_wan", "安排金额（万元）", "number")],
    "publicize": [("start", "公示开始", "date"), ("end", "公示截止", "date")],
    "object": [("text", "异议内容", "text")],
    "resolve_objection": [("outcome", "处理结果", "text")],
    "disburse": [("on", "拨付日期", "date")],
    "self_evaluate": [("report", "绩效自评结论", "text")],
    "rate": [("rating", "评价结果（优/良/中/低/差）", "text")],
    "reject": [("reason", "理由", "text")],
    "withdraw": [("reason", "理由", "text")],
}
LABELS = {m.action: m.label for m in wf.MOVES}
KINDS = {"library": "入库项目汇总表", "publicity": "公示名单", "plan": "资金项目计划"}


def require_bureau(who: User) -> policy.Principal:
    if who.role not in ("bureau", "admin"):
        raise Forbidden()
    return who


router = APIRouter(include_in_schema=False, dependencies=[Depends(require_bureau)])


@router.get("/rounds", response_class=HTMLResponse)
def rounds_page(request: Request, who: User, session: SessionDep) -> HTMLResponse:
    return _list_page(request, who, session)


def _list_page(request: Request, who: policy.Principal, session: Session, values: dict[str, str] | None = None,
               errors: list[str] | None = None, code: int = 200) -> HTMLResponse:
    items = [api.round_json(session, r) for r in api.list_rounds(session, who)]
    return render(request, "rounds.html", {
        "rounds": items, "can_manage": policy.can_manage_rounds(who), "values": values or {},
        "errors": errors or [], "programs": ROUND_PROGRAMS}, code)


ROUND_PROGRAMS = {"tech-upgrade-equipment-reward": "技术改造设备事后奖励（粤工信规字〔2021〕5号）",
                  "inclusive-investment-reward": "普惠性制造业投资奖励（粤工信技改函〔2021〕45号）",
                  "digital-benchmark": "数字化转型标杆示范项目（粤工信工业互联网函〔2021〕32号）"}
ROUND_TEXT_FIELDS = ("program", "title", "notice_ref", "notice_date", "applications_close", "config_deadline",
                     "report_deadline", "project_cap_wan", "scope", "mode", "year")


def budgets_from_text(text: str) -> tuple[dict[str, str], list[str]]:
    """``东莞 3000`` / ``东莞市：3000`` one per line → {group: amount}; unreadable lines are reported."""
    budgets: dict[str, str] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.replace("：", " ").replace(":", " ").replace(",", "").replace("，", "").split()
        if not parts:
            continue
        if len(parts) != 2:
            errors.append(f"预算第 {number} 行应为“地市 金额（万元）”：{line.strip()}")
            continue
        budgets[parts[0]] = parts[1]
    return budgets, errors


@router.post("/rounds", response_class=HTMLResponse)
async def create_round(request: Request, who: User, session: SessionDep) -> Response:
    """省厅 opens a round from the page: the API's own body model and handler (same checks, same audit)."""
    from pydantic import ValidationError

    from huiqi.errors import pydantic_message

    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}
    data: dict[str, Any] = {k: values[k] for k in ROUND_TEXT_FIELDS if values.get(k)}
    budgets, errors = budgets_from_text(values.get("budgets", ""))
    data["budgets"] = budgets
    if errors:
        return _list_page(request, who, session, values, errors, 422)
    try:
        body = api.RoundBody.model_validate(data)
        created = api.create_round(body, request, who, session)
    except ValidationError as exc:
        messages = [f"{ROUND_LABELS.get(str(e['loc'][0]), e['loc'][0])}：{pydantic_message(e)}" for e in exc.errors()]
        return _list_page(request, who, session, values, messages, 422)
    except HTTPException as exc:
        session.rollback()
        if exc.status_code == 403:
            raise Forbidden() from None
        detail = exc.detail if isinstance(exc.detail, list) else [{"msg": message_of(exc)}]
        return _list_page(request, who, session, values, [str(d.get("msg")) for d in detail], exc.status_code)
    return RedirectResponse(f"/rounds/{created['id']}", status_code=303)


ROUND_LABELS = {"program": "项目", "year": "年度", "title": "轮次名称", "notice_ref": "通知文号",
                "notice_date": "通知日期", "applications_close": "申报截止", "config_deadline": "申报配置截止",
                "report_deadline": "入库报送截止", "project_cap_wan": "单个项目上限", "scope": "分配范围",
                "mode": "分配方式", "budgets": "预算"}


def _detail(request: Request, who: policy.Principal, session: Session, round_id: int,
            error: str | None = None, notice: str | None = None, code: int = 200) -> HTMLResponse:
    board = results.dashboard(session, who, round_id)
    apps = []
    for app, enterprise in api.list_applications(session, who, round_id):
        apps.append(with_actions(session, who, app, enterprise))
    return render(request, "rounds_detail.html", {
        "board": board, "round": board["round"], "apps": apps, "error": error, "notice": notice,
        "kinds": KINDS, "can_manage": policy.can_manage_rounds(who),
        "is_tech": board["round"]["program"] == wf.TECH}, code)


@router.get("/rounds/{round_id}", response_class=HTMLResponse)
def round_page(request: Request, round_id: RecordId, who: User, session: SessionDep) -> HTMLResponse:
    return _detail(request, who, session, round_id)


def message_of(exc: HTTPException) -> str:
    detail: Any = exc.detail
    if isinstance(detail, dict):
        return str(detail.get("zh") or detail.get("message"))
    if isinstance(detail, list):
        return "；".join(str(d.get("msg") if isinstance(d, dict) else d) for d in detail)
    return str(detail)


def with_actions(session: Session, who: policy.Principal, app: Any, enterprise: Any) -> dict[str, Any]:
    """An application as the API shows it, with the moves this user may make and their form fields."""
    row = api.application_json(app, enterprise)
    row["actions"] = [{"action": a, "label": LABELS[a], "fields": FIELDS.get(a, [])}
                      for a in api.moves_of(session, who, app, enterprise)]
    return row


async def posted_move(request: Request, who: policy.Principal, session: Session, app_id: int,
                      action: str) -> HTTPException | None:
    """Make the move a page's form posted (CSRF checked, its fields read by :data:`FIELDS`): ``None``
    when made, the refusal (rolled back) for the page to show; a 404 is raised."""
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    if action not in wf.ACTIONS:
        raise HTTPException(404)
    data: dict[str, Any] = {}
    for name, _, kind in FIELDS.get(action, []):
        value = form.get(name)
        if kind == "checkbox":
            data[name] = value is not None
        elif isinstance(value, str) and value.strip():
            data[name] = value.strip()
    try:
        api.make_move(session, who, app_id, action, data, request.client.host if request.client else None)
    except HTTPException as exc:
        if exc.status_code == 404:
            raise
        session.rollback()
        return exc
    return None


@router.post("/rounds/{round_id}/applications/{app_id}/{action}")
async def move(request: Request, round_id: RecordId, app_id: RecordId, action: str, who: User,
               session: SessionDep) -> Response:
    refused = await posted_move(request, who, session, app_id, action)
    if refused is not None:
        return _detail(request, who, session, round_id, error=message_of(refused), code=refused.status_code)
    return RedirectResponse(f"/rounds/{round_id}#app-{app_id}", status_code=303)


@router.post("/rounds/{round_id}/allocate")
async def allocate(request: Request, round_id: RecordId, who: User, session: SessionDep) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    try:
        result = results.run_allocation(session, who, round_id, None, request.client.host if request.client else None)
    except HTTPException as exc:
        if exc.status_code == 404:
            raise
        session.rollback()
        return _detail(request, who, session, round_id, error=message_of(exc), code=exc.status_code)
    notice = f"已分配：合计 {result['total_allocated_wan']:,.2f} 万元"
    return _detail(request, who, session, round_id, notice=notice)


@router.get("/rounds/{round_id}/export/{kind}.xlsx")
def export(round_id: RecordId, kind: str, who: User, session: SessionDep) -> Response:
    if kind not in KINDS:
        raise HTTPException(404)
    content = results.export_bytes(session, who, round_id, kind)
    return Response(content, media_type=results.XLSX,
                    headers={"Content-Disposition": f'attachment; filename="round-{round_id}-{kind}.xlsx"'})

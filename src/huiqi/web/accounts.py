"""登录, 退出, 修改密码, and the admin's 用户管理 and 审计日志 pages — on the service's accounts, limiter,
policy and audit functions (no second authorization layer)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from huiqi.service import audit, policy
from huiqi.service.accounts import MIN_PASSWORD, AccountError, create_user
from huiqi.service.deps import SessionDep, StateDep, client_ip
from huiqi.service.models import ROLES, AuditEntry, User
from huiqi.service.security import hash_password, verify_password
from huiqi.web.base import Admin, MaybeUser, render
from huiqi.web.base import User as LoggedIn
from huiqi.web.session import CSRF_FIELD, check_csrf, web_session

router = APIRouter(include_in_schema=False)
BAD_LOGIN = "用户名或密码错误。"


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, who: MaybeUser, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "username": ""})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, state: StateDep, session: SessionDep) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or "/"))
    ip = client_ip(request)
    limiter = state.limiter
    wait = limiter.retry_after(session, username, ip)
    if wait is not None:
        return render(request, "login.html", {"next": target, "username": username,
                                              "error": f"登录尝试次数过多，请 {wait} 秒后再试。"}, 429)
    user = session.scalars(select(User).where(User.username == username)).first()
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
    limiter.record(session, username, ip, ok)
    if not ok or user is None:
        session.commit()
        return render(request, "login.html", {"next": target, "username": username, "error": BAD_LOGIN}, 401)
    who = policy.Principal(user.id, user.username, user.role, user.jurisdiction)
    audit.record(session, who, "login", "user", user.id, ip=ip, detail={"via": "web"})
    session.commit()
    web_session(request).login(user.id, state.settings.token_lifetime_seconds)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    web_session(request).logout()
    return RedirectResponse("/", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, who: LoggedIn) -> HTMLResponse:
    return render(request, "password.html", {"errors": {}})


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(request: Request, who: LoggedIn, session: SessionDep) -> HTMLResponse:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    old, new, again = (str(form.get(k) or "") for k in ("old", "new", "again"))
    user = session.get(User, who.id)
    errors: dict[str, str] = {}
    if user is None or not verify_password(user.password_hash, old):
        errors["old"] = "当前密码不正确。"
    if len(new) < MIN_PASSWORD:
        errors["new"] = f"新密码至少 {MIN_PASSWORD} 个字符。"
    elif new != again:
        errors["again"] = "两次输入的新密码不一致。"
    if errors or user is None:
        return render(request, "password.html", {"errors": errors}, 422)
    user.password_hash = hash_password(new)
    audit.record(session, who, "change_password", "user", user.id, ip=client_ip(request))
    session.commit()
    return render(request, "password.html", {"errors": {}, "done": True})


def _users_page(request: Request, session: SessionDep, **extra: object) -> HTMLResponse:
    users = list(session.scalars(select(User).order_by(User.id)))
    ctx: dict[str, object] = {"users": users, "roles": ROLES, "errors": {}, "values": {}}
    ctx.update(extra)
    return render(request, "admin_users.html", ctx, 422 if extra.get("error") else 200)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, who: Admin, session: SessionDep) -> HTMLResponse:
    return _users_page(request, session)


@router.post("/admin/users", response_class=HTMLResponse)
async def create(request: Request, who: Admin, session: SessionDep) -> HTMLResponse:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    values = {k: str(form.get(k) or "").strip() for k in ("username", "role", "jurisdiction")}
    try:
        user = create_user(session, values["username"], values["role"], str(form.get("password") or ""),
                           values["jurisdiction"] or None, actor=who.username)
    except AccountError as exc:
        session.rollback()
        return _users_page(request, session, error=str(exc).split(" ")[0], values=values)
    return _users_page(request, session, done=f"已创建用户 {user.username}。")


@router.post("/admin/users/{user_id}/jurisdiction", response_class=HTMLResponse)
async def set_jurisdiction(request: Request, user_id: int, who: Admin, session: SessionDep) -> HTMLResponse:
    from huiqi.geo import Jurisdiction

    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    user = session.get(User, user_id)
    if user is None or user.role != "bureau":
        return _users_page(request, session, error="只有主管部门（bureau）用户有辖区。")
    try:
        canonical = str(Jurisdiction.parse(str(form.get("jurisdiction") or "")))
    except ValueError as exc:
        return _users_page(request, session, error=str(exc).split(" / ")[0])
    before = user.jurisdiction
    user.jurisdiction = canonical
    audit.record(session, who, "set_jurisdiction", "user", user.id, ip=client_ip(request),
                 detail={"from": before, "to": canonical})
    session.commit()
    return _users_page(request, session, done=f"{user.username} 的辖区已改为 {canonical}。")


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_log(request: Request, who: Admin, session: SessionDep, page: int = 1) -> HTMLResponse:
    size = 100
    page = max(1, page)
    query = policy.visible_audit(who, select(AuditEntry).order_by(AuditEntry.id.desc()))
    rows = list(session.scalars(query.offset((page - 1) * size).limit(size + 1)))
    return render(request, "admin_audit.html", {"entries": rows[:size], "page": page, "more": len(rows) > size})

"""What every page shares: the Jinja2 environment, the page renderer, the logged-in user, login and
role guards. Pages only parse the request, call the core or the service, and render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from huiqi.batch.labels import label_of
from huiqi.service.deps import SessionDep
from huiqi.service.policy import Principal
from huiqi.web import fmt
from huiqi.web.session import CSRF_FIELD, current_principal, web_session

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(fmt=fmt, csrf_field=CSRF_FIELD)
templates.env.filters.update(
    field_label=label_of, wan=fmt.wan, value=fmt.value, pct=fmt.pct, clause_url=fmt.clause_url, date_zh=fmt.date_zh
)

ROLE_ZH = {"enterprise": "企业用户", "bureau": "主管部门", "admin": "管理员"}
templates.env.globals["ROLE_ZH"] = ROLE_ZH


class LoginRequired(Exception):
    """Raised by a page that needs a logged-in user; answered with a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class Forbidden(Exception):
    """The user is logged in but the page is not for their role (answered 403 with a page)."""


def web_user(request: Request, session: SessionDep) -> Principal | None:
    who = current_principal(request, session)
    request.state.principal = who
    return who


MaybeUser = Annotated[Principal | None, Depends(web_user)]


def require_user(request: Request, who: MaybeUser) -> Principal:
    if who is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return who


User = Annotated[Principal, Depends(require_user)]


def require_admin(who: User) -> Principal:
    if not who.is_admin:
        raise Forbidden()
    return who


Admin = Annotated[Principal, Depends(require_admin)]


def login_url(next_url: str) -> str:
    return "/login?next=" + quote(next_url, safe="/")


def _unread(request: Request, who: Principal | None) -> int:
    """The user's unread notices, for the count beside 消息 in the navigation."""
    if who is None:
        return 0
    from huiqi.service.notices import unread_count

    with request.app.state.huiqi.sessions() as session:
        return unread_count(session, who.id)


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200,
           ) -> HTMLResponse:
    """A page: the template with the user, the CSRF token and today's date."""
    ctx: dict[str, Any] = {
        "request": request,
        "user": getattr(request.state, "principal", None),
        "csrf_token": web_session(request).csrf,
        "today": dt.date.today(),
        "path": request.url.path,
    }
    ctx["unread"] = _unread(request, ctx["user"])
    ctx.update(context or {})
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response

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

from huiqi.batch.labels import ROLE_LABELS, field_label
from huiqi.service.deps import SessionDep
from huiqi.service.policy import Principal
from huiqi.web import fmt
from huiqi.web.session import CSRF_FIELD, current_principal, web_session

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(fmt=fmt, csrf_field=CSRF_FIELD)
templates.env.filters.update(
    field_label=field_label, plain=fmt.plain, wan=fmt.wan, value=fmt.value, pct=fmt.pct, clause_url=fmt.clause_url,
    date_zh=fmt.date_zh, source_note=fmt.source_note,
)

def crit_note(note: str | None) -> str:
    """A criterion's note as the result card shows it: in words, without the source-quality remark
    every criterion of a reposted document carries (the card says it once)."""
    from huiqi.programs.external import UNVERIFIED

    parts = [p for p in fmt.plain(note or "").split("；") if p.strip() and p.strip() != UNVERIFIED]
    return "；".join(parts)


templates.env.filters["crit_note"] = crit_note

ROLE_ZH = ROLE_LABELS
#: the audit log's actions and objects (the stored codes stay beside them, as code)
AUDIT_ZH = {
    "login": "登录", "change_password": "修改密码", "set_jurisdiction": "设置辖区", "create": "新建", "update": "修改",
    "assess": "评估", "submit": "提交", "ban.create": "列入限制申报", "ban.rectified": "整改完成",
    "round.create": "发布资金轮次", "round.update": "修改资金轮次", "round.delete": "删除资金轮次",
    "round.allocate": "分配资金", "user": "用户", "enterprise": "企业", "assessment": "评估结果",
    "screening": "批量筛查", "fund_round": "资金轮次", "funding_ban": "限制申报", "application": "申报",
}
templates.env.globals.update(ROLE_ZH=ROLE_ZH, AUDIT_ZH=AUDIT_ZH)


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

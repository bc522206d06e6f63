"""The web UI in simplified Chinese: server-rendered pages over the same core and service as the API.

    from huiqi.service.app import create_app
    from huiqi.web import mount
    app = create_app(settings)
    mount(app)   # pages at /, static files at /static, HTML 404/500 pages

Pages: 政策体检 ``/`` (:mod:`.checkup`), 政策库 ``/policies`` and 搜索 ``/search``, 规则说明 ``/rules``
(:mod:`.library`), 项目台账 ``/projects`` (:mod:`.projects`), 批量筛查 ``/screen`` (:mod:`.screening`),
accounts and admin (:mod:`.accounts`). The session is a signed cookie (:mod:`.session`); who may see
what is decided by :mod:`huiqi.service.policy` alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("huiqi.web")
API_PREFIXES = ("/api/", "/openapi.json", "/healthz", "/static/", "/favicon.ico")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
MESSAGES = {
    400: ("请求有误", "请求的参数无法识别。"),
    403: ("无权访问", "您的账号无权查看此页面，或表单已过期。"),
    404: ("页面不存在", "您要找的页面不存在，或者您无权查看。"),
    405: ("请求方式不支持", "此页面不支持这种请求方式。"),
    413: ("文件过大", "上传的文件超过了大小上限。"),
}


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIXES)


class PageSession:
    """The signed session cookie and the security headers of the pages, as plain ASGI: API requests
    pass straight through (a ``BaseHTTPMiddleware`` would stream every API response through it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        from huiqi.web.session import COOKIE, decode, encode, web_session

        request = Request(scope)
        state = request.app.state.huiqi
        request.state.web = decode(state, request.cookies.get(COOKIE)) or None
        session = web_session(request)

        async def send_page(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if session.dirty:
                    cookie = Response()
                    cookie.set_cookie(COOKIE, encode(state, session), httponly=True, samesite="lax", path="/",
                                      secure=scope.get("scheme") == "https")
                    headers.append("set-cookie", cookie.headers["set-cookie"])
                for name, value in (("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                                    ("Referrer-Policy", "same-origin")):
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_page)


def mount(app: FastAPI) -> None:
    """Add the pages, the static files and the HTML error pages to an app made by ``create_app``."""
    if getattr(app.state, "huiqi_web", False):
        return
    app.state.huiqi_web = True
    from huiqi.web import (
        accounts,
        applications,
        checkup,
        inbox,
        interview,
        library,
        matches,
        projects,
        rounds,
        screening,
    )
    from huiqi.web.base import HERE, Forbidden, LoginRequired, login_url, render

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """What a browser asks for before reading any page (a PNG: browsers take it under this name)."""
        return FileResponse(HERE / "static" / "favicon.png", media_type="image/png",
                            headers={"Cache-Control": "public, max-age=86400"})
    for module in (interview, checkup, library, accounts, projects, screening, rounds, applications, inbox, matches):
        app.include_router(module.router)

    def error_page(request: Request, code: int, message: str | None = None) -> Response:
        heading, default = MESSAGES.get(code, ("出错了", "请求未能完成。"))
        if code >= 500:
            heading, default = "系统出错了", "服务器处理请求时出错，我们已记录此问题。请稍后重试。"
        return render(request, "error.html", {"code": code, "heading": heading, "message": message or default},
                      code)

    app.add_middleware(PageSession)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not _is_page(request):
            return await http_exception_handler(request, exc)
        detail = exc.detail if exc.status_code == 403 and isinstance(exc.detail, str) else None
        return error_page(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _is_page(request):
            return await request_validation_exception_handler(request, exc)
        return error_page(request, 404 if any(e.get("loc", [""])[0] == "path" for e in exc.errors()) else 400)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_url), status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error_page(request, 403)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error", exc_info=exc)
        if not _is_page(request):
            return JSONResponse(status_code=500, content={"detail": "内部错误 internal error"})
        try:
            return error_page(request, 500)
        except Exception:
            return Response("系统出错了，请稍后重试。", status_code=500, media_type="text/plain; charset=utf-8")

    threading.Thread(target=warm_up, name="huiqi-web-warm-up", daemon=True).start()


def warm_up() -> None:
    """Load the rules, compile today's programs and build the form's help index before the first visitor."""
    try:
        from huiqi.engine import default_engine
        from huiqi.web.forms import form_fields

        default_engine().compile(dt.date.today())
        form_fields()
    except Exception:  # a warm-up failure shows up again, with its page, on the first request
        log.exception("web warm-up failed")


__all__ = ["mount"]

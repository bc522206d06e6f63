"""Error answers: InputError from the core becomes FastAPI's 422 shape; a core part that is not built
yet answers 503 naming it; nothing ever answers with a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from huiqi.errors import FieldError, InputError

log = logging.getLogger("huiqi.service")


class CoreUnavailable(Exception):
    """A part of the core (search index, corpus, batch) is not available in this installation."""

    def __init__(self, part: str, reason: str = "") -> None:
        self.part = part
        self.reason = reason
        super().__init__(f"{part} is not available{': ' + reason if reason else ''}")


def field_loc(error: FieldError, root: tuple[str, ...] = ("body",)) -> list[str | int]:
    """``projects.0.id`` or ``projects[0].id`` → ``["body", "projects", 0, "id"]``."""
    parts: list[str | int] = list(root)
    path = error.path.replace("[", ".").replace("]", "")
    for part in (p for p in path.split(".") if p):
        parts.append(int(part) if part.isdigit() else part)
    return parts


def input_error_detail(exc: InputError, root: tuple[str, ...] = ("body",)) -> list[dict[str, Any]]:
    return [{"loc": field_loc(e, root), "msg": f"{e.label}：{e.message}" if e.label else e.message,
             "type": "value_error"} for e in exc.errors]


def unprocessable(detail: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": detail})


def install(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def _input_error(_request: Request, exc: InputError) -> JSONResponse:
        return unprocessable(input_error_detail(exc))

    @app.exception_handler(CoreUnavailable)
    async def _unavailable(_request: Request, exc: CoreUnavailable) -> JSONResponse:
        return JSONResponse(
            status_code=503,
            content={"detail": f"{exc.part} 暂不可用 is not available in this installation"
                     + (f": {exc.reason}" if exc.reason else "")},
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse(status_code=500, content={"detail": "内部错误 internal error"})

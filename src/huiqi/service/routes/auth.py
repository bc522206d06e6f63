"""Login: username and password for a bearer token; failures are rate-limited per username and IP."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from sqlalchemy import select

from huiqi.service import audit
from huiqi.service.db import utcnow
from huiqi.service.deps import SessionDep, StateDep, client_ip
from huiqi.service.models import User
from huiqi.service.policy import Principal
from huiqi.service.schemas import TokenRequest, TokenResponse
from huiqi.service.security import verify_password

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

BAD_LOGIN = "用户名或密码错误 wrong username or password"


@router.post(
    "/token",
    response_model=TokenResponse,
    summary="登录取得令牌 log in for a bearer token",
    responses={401: {"description": BAD_LOGIN}, 429: {"description": "尝试次数过多 too many attempts"}},
)
def token(body: TokenRequest, request: Request, state: StateDep, session: SessionDep) -> TokenResponse:
    ip = client_ip(request)
    limiter = state.limiter
    wait = limiter.retry_after(session, body.username, ip)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"登录尝试次数过多，请 {wait} 秒后再试 too many login attempts; retry in {wait}s",
            headers={"Retry-After": str(wait)},
        )
    user = session.scalars(select(User).where(User.username == body.username)).first()
    ok = verify_password(user.password_hash if user else None, body.password) and user is not None and user.active
    limiter.record(session, body.username, ip, ok)
    if not ok or user is None:
        session.commit()
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, BAD_LOGIN, headers={"WWW-Authenticate": "Bearer"})
    who = Principal(user.id, user.username, user.role, user.jurisdiction)
    audit.record(session, who, "login", "user", user.id, ip=ip)
    session.commit()
    access, expires = state.signer.issue(user.id)
    return TokenResponse(
        access_token=access, expires_at=expires, expires_in=int((expires - utcnow()).total_seconds())
    )

"""FastAPI dependencies: the service state, a database session per request, the authenticated caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from huiqi.service.models import User
from huiqi.service.policy import Principal
from huiqi.service.state import ServiceState

bearer = HTTPBearer(auto_error=False, description="`POST /api/v1/auth/token` 取得的令牌 the token from login")

UNAUTHORIZED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="需要有效的登录令牌 a valid bearer token is required",
    headers={"WWW-Authenticate": "Bearer"},
)


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.huiqi
    return state


StateDep = Annotated[ServiceState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    with state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def current_user(
    state: StateDep,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller of a bearer token that is genuine, unexpired and names an active user; else 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UNAUTHORIZED
    user_id = state.signer.verify(credentials.credentials)
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        raise UNAUTHORIZED
    return Principal(user.id, user.username, user.role, user.jurisdiction)


UserDep = Annotated[Principal, Depends(current_user)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "-"


NOT_FOUND = HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Not Found")
R404: dict[int | str, dict[str, Any]] = {404: {"description": "不存在或无权查看 not found, or not visible"}}

#: a record id in a path: ids are 32-bit integers on every backend
MAX_ID = 2_147_483_647
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]

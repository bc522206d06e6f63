"""Creating users (``huiqi users create``; an admin page may call the same function)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import audit
from huiqi.service.models import ROLES, User
from huiqi.service.security import hash_password

MIN_PASSWORD = 8


class AccountError(ValueError):
    """A user that cannot be created as asked (the message says why)."""


def create_user(
    session: Session, username: str, role: str, password: str, jurisdiction: str | None = None,
    *, actor: str = "cli",
) -> User:
    """Validate and add a user (committed, audited). Bureau users need a jurisdiction; others have none."""
    username = username.strip()
    if not username or len(username) > 150:
        raise AccountError("用户名须为 1–150 个字符 the username must have 1–150 characters")
    if role not in ROLES:
        raise AccountError(f"角色须为 {'|'.join(ROLES)} role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符 the password needs at least {MIN_PASSWORD} characters")
    canonical: str | None = None
    if role == "bureau":
        from huiqi.geo import Jurisdiction

        try:
            canonical = str(Jurisdiction.parse(jurisdiction or ""))
        except ValueError as exc:
            raise AccountError(str(exc)) from None
    elif jurisdiction:
        raise AccountError("只有 bureau 用户有辖区 only bureau users have a jurisdiction")
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise AccountError(f"用户 {username} 已存在 user {username!r} exists")
    user = User(username=username, role=role, jurisdiction=canonical, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.record(session, None, "create", "user", user.id, actor=actor,
                 detail={"username": username, "role": role, "jurisdiction": canonical})
    session.commit()
    return user

"""Creating users (``huiqi users create``; an admin page may call the same function) and their e-mail
addresses (set by the user or an admin; notices are mailed there when ``HUIQI_SMTP_URL`` is set)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from huiqi.service import audit
from huiqi.service.models import ROLES, User
from huiqi.service.policy import Principal
from huiqi.service.security import hash_password

MIN_PASSWORD = 8
#: one address (RFC 5321 length), no display name: local@domain with a dot in the domain
EMAIL = re.compile(r"[^@\s<>,;]{1,64}@[^@\s<>,;]+\.[^@\s<>,;.]+")


class AccountError(ValueError):
    """A user that cannot be created as asked (the message says why)."""


def create_user(
    session: Session, username: str, role: str, password: str, jurisdiction: str | None = None,
    *, actor: str = "cli", email: str | None = None,
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
    address = checked_email(email)
    user = User(username=username, role=role, jurisdiction=canonical, password_hash=hash_password(password),
                email=address)
    session.add(user)
    session.flush()
    audit.record(session, None, "create", "user", user.id, actor=actor,
                 detail={"username": username, "role": role, "jurisdiction": canonical, "email": address})
    session.commit()
    return user


def checked_email(email: str | None) -> str | None:
    """The address as stored (trimmed; empty means none), or :class:`AccountError` saying what is wrong."""
    address = (email or "").strip()
    if not address:
        return None
    if len(address) > 254 or not EMAIL.fullmatch(address):
        raise AccountError(f"电子邮箱地址格式不正确：{address[:80]} not an e-mail address")
    return address


def set_email(session: Session, user: User, email: str | None, who: Principal | None = None,
              ip: str | None = None) -> None:
    """Change a user's address (committed, audited as ``who``, or as the command line)."""
    address = checked_email(email)
    user.email = address
    audit.record(session, who, "set_email", "user", user.id, actor=None if who else "cli", ip=ip,
                 detail={"email": address})
    session.commit()

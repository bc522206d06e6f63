"""Passwords (argon2), signed bearer tokens (HMAC-SHA256) and login rate limiting (in the database).

A token is ``base64url(json{"sub": user id, "exp": unix time, "n": nonce}) "." base64url(mac)``. The key
is ``HUIQI_SECRET_KEY`` or, without one, a random key stored in ``service_secrets`` on first use so
every process sharing the database accepts the same tokens.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from huiqi.service.db import utcnow
from huiqi.service.models import LoginAttempt, ServiceSecret

_hasher = PasswordHasher()
#: verified against when the username does not exist, so both cases take the same time
_DUMMY_HASH = _hasher.hash("not-a-password-" + secrets.token_hex(8))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class TokenSigner:
    key: bytes
    lifetime: dt.timedelta

    def issue(self, user_id: int, now: dt.datetime | None = None) -> tuple[str, dt.datetime]:
        expires = (now or utcnow()) + self.lifetime
        payload = json.dumps(
            {"sub": user_id, "exp": int(expires.timestamp()), "n": secrets.token_hex(8)}, separators=(",", ":")
        ).encode()
        body = _b64(payload)
        return f"{body}.{self._mac(body)}", expires

    def verify(self, token: str, now: dt.datetime | None = None) -> int | None:
        """The user id of a genuine, unexpired token; None otherwise (never says which was wrong)."""
        body, _, mac = token.partition(".")
        if not body or not mac or not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            payload = json.loads(_unb64(body))
            user_id, expires = int(payload["sub"]), int(payload["exp"])
        except (ValueError, KeyError, TypeError):
            return None
        if expires <= (now or utcnow()).timestamp():
            return None
        return user_id

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self.key, body.encode(), hashlib.sha256).digest())


def stored_secret(sessions: sessionmaker[Session], name: str = "token_key") -> bytes:
    """The random key of this database, made on first use (racing processes agree on the first one)."""
    with sessions() as session:
        row = session.get(ServiceSecret, name)
        if row is None:
            try:
                session.add(ServiceSecret(name=name, value=secrets.token_hex(32)))
                session.commit()
            except IntegrityError:
                session.rollback()
            row = session.get(ServiceSecret, name)
        assert row is not None
        return bytes.fromhex(row.value)


@dataclass(frozen=True)
class LoginLimiter:
    """At most ``max_failures`` failed logins per username and IP within ``window``."""

    max_failures: int
    window: dt.timedelta

    def retry_after(self, session: Session, username: str, ip: str) -> int | None:
        """Seconds to wait, or None when another attempt is allowed."""
        since = utcnow() - self.window
        failures = session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                LoginAttempt.username == username,
                LoginAttempt.ip == ip,
                LoginAttempt.at >= since,
                LoginAttempt.success.is_(False),
            )
        ).one()
        count, first = failures
        if count < self.max_failures:
            return None
        if first is not None and first.tzinfo is None:
            first = first.replace(tzinfo=dt.UTC)
        wait = (first + self.window - utcnow()).total_seconds() if first else self.window.total_seconds()
        return max(1, int(wait) + 1)

    def record(self, session: Session, username: str, ip: str, success: bool) -> None:
        session.add(LoginAttempt(username=username, ip=ip, success=success))
        if success:  # a good login forgets this key's earlier failures
            for attempt in session.scalars(
                select(LoginAttempt).where(
                    LoginAttempt.username == username, LoginAttempt.ip == ip, LoginAttempt.success.is_(False)
                )
            ):
                session.delete(attempt)

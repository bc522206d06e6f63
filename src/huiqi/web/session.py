"""The web UI's session: a signed cookie (HMAC-SHA256 with the service's secret), its CSRF token and
the logged-in user.

The cookie holds ``base64url(json{"u": user id or null, "c": csrf token, "e": expiry})`` and its MAC;
it is HttpOnly and SameSite=Lax. Every visitor gets one (anonymous too), so every POST form — the
check-up included — carries a CSRF token that must match the cookie's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from huiqi.service.models import User
from huiqi.service.policy import Principal
from huiqi.service.state import ServiceState

COOKIE = "huiqi_session"
CSRF_FIELD = "csrf_token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(state: ServiceState) -> bytes:
    """A key of its own for cookies, derived from the service's token key."""
    return hmac.new(state.signer.key, b"huiqi-web-session-v1", hashlib.sha256).digest()


@dataclass
class WebSession:
    user_id: int | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    expires: int = 0
    dirty: bool = False
    flash: str | None = None

    def login(self, user_id: int, lifetime: int) -> None:
        """A fresh session for ``user_id`` (new CSRF token: no fixation)."""
        self.user_id, self.csrf, self.expires, self.dirty = user_id, secrets.token_urlsafe(24), _now() + lifetime, True

    def logout(self) -> None:
        self.user_id, self.csrf, self.expires, self.dirty = None, secrets.token_urlsafe(24), 0, True


def _now() -> int:
    return int(time.time())


def encode(state: ServiceState, session: WebSession) -> str:
    body = _b64(json.dumps({"u": session.user_id, "c": session.csrf, "e": session.expires},
                           separators=(",", ":")).encode())
    mac = _b64(hmac.new(_key(state), body.encode(), hashlib.sha256).digest())
    return f"{body}.{mac}"


def decode(state: ServiceState, raw: str | None) -> WebSession | None:
    if not raw:
        return None
    body, _, mac = raw.partition(".")
    expected = _b64(hmac.new(_key(state), body.encode(), hashlib.sha256).digest())
    if not body or not hmac.compare_digest(mac, expected):
        return None
    try:
        data = json.loads(_unb64(body))
        user_id = data["u"]
        csrf, expires = str(data["c"]), int(data["e"])
    except (ValueError, KeyError, TypeError):
        return None
    if user_id is not None and (not isinstance(user_id, int) or expires <= _now()):
        return WebSession(dirty=True)  # expired login: a fresh anonymous session
    return WebSession(user_id, csrf, expires)


def web_session(request: Request) -> WebSession:
    found: WebSession | None = getattr(request.state, "web", None)
    if found is None:
        found = WebSession(dirty=True)
        request.state.web = found
    return found


def check_csrf(request: Request, token: object) -> None:
    """403 unless the form's token matches the session's."""
    expected = web_session(request).csrf
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(403, "表单已过期或来源不明，请刷新页面后重试。")


def current_principal(request: Request, db: Session) -> Principal | None:
    session = web_session(request)
    if session.user_id is None:
        return None
    user = db.get(User, session.user_id)
    if user is None or not user.active:
        return None
    return Principal(user.id, user.username, user.role, user.jurisdiction)

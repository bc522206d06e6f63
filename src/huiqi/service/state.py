"""What one running service holds: its settings, database engine and sessions, token signer, limiter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from huiqi.service.db import make_engine, session_factory
from huiqi.service.security import LoginLimiter, TokenSigner, stored_secret
from huiqi.service.settings import Settings

#: ``screen(input_path, output_path, as_of, progress)`` — see :mod:`huiqi.service.screening`
Screener = Callable[..., Any]


@dataclass
class ServiceState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    screener: Screener | None = None
    _signer: TokenSigner | None = field(default=None, repr=False)

    @classmethod
    def open(cls, settings: Settings, screener: Screener | None = None) -> ServiceState:
        engine = make_engine(settings.resolved_database_url())
        return cls(settings, engine, session_factory(engine), screener)

    @property
    def signer(self) -> TokenSigner:
        """Made lazily: the stored key needs the migrated database."""
        if self._signer is None:
            key = self.settings.secret_key
            raw = key.get_secret_value().encode() if key else stored_secret(self.sessions)
            self._signer = TokenSigner(raw, dt.timedelta(seconds=self.settings.token_lifetime_seconds))
        return self._signer

    @property
    def limiter(self) -> LoginLimiter:
        return LoginLimiter(
            self.settings.login_max_failures, dt.timedelta(seconds=self.settings.login_window_seconds)
        )

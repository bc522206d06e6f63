"""The HTTP service (contract §7): JSON API under ``/api/v1``, persistence, accounts, audit, screening jobs.

    from huiqi.service import Settings, create_app
    app = create_app(Settings(database_url="sqlite:///huiqi.db"))

Modules: :mod:`settings` (one settings object), :mod:`models` and ``migrations/`` (tables),
:mod:`policy` (who sees what — the only place), :mod:`security` (passwords, tokens, login limits),
:mod:`jobs` (the screening queue), ``routes/`` (thin handlers over :mod:`core`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huiqi.service.app import create_app
    from huiqi.service.settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:  # heavy imports only when asked for
    if name == "create_app":
        from huiqi.service.app import create_app

        return create_app
    if name == "Settings":
        from huiqi.service.settings import Settings

        return Settings
    raise AttributeError(name)

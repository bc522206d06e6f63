"""Every setting of the service in one object, read from ``HUIQI_*`` environment variables.

``HUIQI_DATABASE_URL`` (or ``--db``) names the database; without it the service uses an SQLite file
``huiqi.db`` under ``HUIQI_DATA_DIR`` (default: the working directory), created on first start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUIQI_", extra="ignore")

    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite under data_dir")
    data_dir: Path = Field(default=Path("."), description="where the default SQLite file lives")
    secret_key: SecretStr | None = Field(
        default=None, description="HMAC key for bearer tokens; default: a random key kept in the database"
    )
    token_lifetime_seconds: int = Field(default=8 * 3600, ge=1)
    login_max_failures: int = Field(default=5, ge=1, description="failed logins per username+IP before 429")
    login_window_seconds: int = Field(default=900, ge=1)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    max_upload_rows: int = Field(default=100_000, ge=1)
    auto_migrate: bool = Field(default=True, description="apply migrations when the app starts")
    inprocess_worker: bool = Field(default=True, description="run screening jobs in a thread of the server")
    job_poll_seconds: float = Field(default=1.0, gt=0)
    job_heartbeat_seconds: float = Field(default=2.0, gt=0)
    job_stale_seconds: float = Field(default=60.0, gt=0, description="a running job silent this long has failed")
    smtp_url: str | None = Field(
        default=None, description="smtp://[user:password@]host:port (smtps:// for TLS); unset: notices are not mailed"
    )
    mail_from: str = Field(default="huiqi@localhost", description="the From address of notice e-mails")
    public_url: str = Field(default="http://127.0.0.1:8000", description="the site's address, for links in e-mails")
    mail_retry_seconds: float = Field(default=30.0, gt=0, description="first wait after a failed send; doubles")
    mail_retry_max_seconds: float = Field(default=3600.0, gt=0, description="longest wait between two tries")
    reminder_days: list[int] = Field(
        default=[30, 7], description="days before a project's statutory deadline when its owner is reminded"
    )
    reminder_interval_seconds: float = Field(default=3600.0, gt=0, description="how often deadlines are checked")
    docs_url: str = "/api/docs"
    log_format: Literal["json", "text"] = Field(
        default="json", description="json: one object a line with named fields; text: uvicorn's usual lines"
    )
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    warm_up: bool = Field(
        default=False, description="load the rules and the search index before answering (`huiqi serve` sets it)"
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'huiqi.db').resolve()}"

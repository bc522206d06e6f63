"""``huiqi serve``, ``huiqi worker``, ``huiqi db upgrade`` and ``huiqi users create`` (contract §7).

The database is ``--db URL``, else ``HUIQI_DATABASE_URL``, else ``./huiqi.db`` (SQLite, made on first use).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from huiqi.service.settings import Settings

DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLAlchemy URL (default: HUIQI_DATABASE_URL or ./huiqi.db)")
]


def _settings(db: str | None, **overrides: object) -> Settings:
    from huiqi.service.settings import Settings

    values = {k: v for k, v in {"database_url": db, **overrides}.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    db: DbOption = None,
    no_worker: Annotated[bool, typer.Option("--no-worker", help="leave screening jobs to `huiqi worker`")] = False,
) -> None:
    """Serve the JSON API under /api/v1 (docs at /api/docs); migrations are applied first.

    Example: huiqi serve --port 8000 --db sqlite:///huiqi.db
    """
    import uvicorn

    from huiqi.service.app import create_app

    settings = _settings(db, inprocess_worker=False if no_worker else None)
    app = create_app(settings)
    typer.echo(f"huiqi: {settings.resolved_database_url().split('@')[-1]} → http://{host}:{port}/api/docs", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


def worker(
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="run what is queued, then exit")] = False,
) -> None:
    """Run queued screening jobs (several workers may share one PostgreSQL database).

    Example: huiqi worker --db postgresql+psycopg://huiqi@127.0.0.1/huiqi
    """
    import signal
    import threading

    from huiqi.service import jobs, migrate
    from huiqi.service.state import ServiceState

    state = ServiceState.open(_settings(db))
    migrate.upgrade(state.engine)
    if once:
        me = jobs.worker_name()
        jobs.reap(state.sessions, state.settings.job_stale_seconds, me)
        typer.echo(f"{jobs.run_pending(state, me)} job(s) run", err=True)
        return
    runner = jobs.Runner(state)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    runner.start()
    typer.echo(f"huiqi worker {runner.me} waiting for jobs (Ctrl-C stops)", err=True)
    done.wait()
    runner.stop()


def db_upgrade(db: DbOption = None) -> None:
    """Apply the database migrations.

    Example: huiqi db upgrade --db sqlite:///huiqi.db
    """
    from huiqi.service import migrate
    from huiqi.service.db import make_engine

    settings = _settings(db)
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url())
    migrate.upgrade(engine)
    typer.echo(f"database at revision {migrate.current_revision(engine)}")
    engine.dispose()


def users_create(
    name: Annotated[str, typer.Argument(help="username")],
    role: Annotated[str, typer.Option("--role", help="enterprise | bureau | admin")],
    jurisdiction: Annotated[str | None, typer.Option(help="bureau only: 广东省, 东莞市 or 东莞市/虎门镇")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
    db: DbOption = None,
) -> None:
    """Create a user (the password is read from stdin, or asked for).

    Example: echo 's3cret-pass' | huiqi users create dg-bureau --role bureau --jurisdiction 东莞市 --password-stdin
    """
    from huiqi.service import migrate
    from huiqi.service.accounts import AccountError, create_user
    from huiqi.service.state import ServiceState

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else typer.prompt(
        "password", hide_input=True, confirmation_prompt=True
    )
    settings = _settings(db)
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    state = ServiceState.open(settings)
    migrate.upgrade(state.engine)
    try:
        with state.sessions() as session:
            user = create_user(session, name, role, password, jurisdiction)
    except AccountError as exc:
        typer.echo(f"错误 error: {exc}", err=True)
        raise SystemExit(2) from None
    where = f" ({user.jurisdiction})" if user.jurisdiction else ""
    typer.echo(f"created {user.role} user {user.username}{where}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)
    db_app = typer.Typer(help="数据库 the service database", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    app.add_typer(db_app, name="db")
    users_app = typer.Typer(help="用户 service accounts", no_args_is_help=True)
    users_app.command("create")(users_create)
    app.add_typer(users_app, name="users")

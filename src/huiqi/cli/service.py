"""``huiqi serve``, ``huiqi worker``, ``huiqi db upgrade`` and ``huiqi users create`` (contract §7).

The database is ``--db URL``, else ``HUIQI_DATABASE_URL``, else ``./huiqi.db`` (SQLite, made on first use).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from huiqi.service.settings import Settings

DbOption = Annotated[
    str | None, typer.Option("--db", help="数据库（SQLAlchemy URL；默认取 HUIQI_DATABASE_URL，否则为 ./huiqi.db）")
]


def _settings(db: str | None, **overrides: object) -> Settings:
    from huiqi.service.settings import Settings

    values = {k: v for k, v in {"database_url": db, **overrides}.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    db: DbOption = None,
    no_worker: Annotated[bool, typer.Option("--no-worker", help="本进程不执行筛查任务，交给 huiqi worker")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="服务进程数（默认为 CPU 核数）")
    ] = None,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="记录每个请求")] = True,
) -> None:
    """启动网页与 JSON API（/api/v1，文档在 /api/docs）；启动前先升级数据库。

    --workers N（N > 1）时 N 个进程共用一个端口（服务不在内存中保存状态）；筛查任务由主进程执行一次，
    --no-worker 时交给 huiqi worker。

    示例：huiqi serve --port 8000 --db sqlite:///huiqi.db --workers 2
    """
    import uvicorn

    from huiqi.service.logs import configure, log_config

    count = workers if workers is not None else _default_workers()
    settings = _settings(db, inprocess_worker=False if no_worker else None, warm_up=True)
    configure(settings.log_format, settings.log_level)  # before the app logs its migration and warm-up
    where = settings.resolved_database_url().split("@")[-1]
    logging.getLogger("huiqi.service").info(
        "huiqi: %s → http://%s:%d/api/docs (%d worker process(es))", where, host, port, count,
        extra={"event": "serve", "database": where, "url": f"http://{host}:{port}/", "processes": count},
    )
    if count == 1:
        from huiqi.service.app import create_app
        from huiqi.service.http import PROTOCOL

        uvicorn.run(create_app(settings), host=host, port=port, access_log=access_log, http=PROTOCOL,
                    log_config=log_config(settings.log_format, settings.log_level), log_level=settings.log_level)
        return
    _serve_workers(settings, host, port, count, access_log)


def _serve_workers(settings: Settings, host: str, port: int, count: int, access_log: bool) -> None:
    """Migrate once, run the job runner here (the supervisor), and let uvicorn fork ``count`` workers."""
    import uvicorn

    from huiqi.service import jobs, migrate
    from huiqi.service.http import PROTOCOL
    from huiqi.service.logs import log_config
    from huiqi.service.state import ServiceState

    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    state = ServiceState.open(settings)
    if settings.auto_migrate:
        migrate.upgrade(state.engine)
    runner = jobs.Runner(state) if settings.inprocess_worker else None
    if runner is not None:
        jobs.reap(state.sessions, settings.job_stale_seconds, runner.me)
    # the workers read their settings from the environment: the resolved URL, no migration, no runner
    os.environ["HUIQI_DATABASE_URL"] = settings.resolved_database_url()
    os.environ["HUIQI_DATA_DIR"] = str(settings.data_dir.resolve())
    os.environ["HUIQI_AUTO_MIGRATE"] = "false"
    os.environ["HUIQI_INPROCESS_WORKER"] = "false"
    os.environ["HUIQI_WARM_UP"] = "true" if settings.warm_up else "false"
    if settings.secret_key is not None:
        os.environ["HUIQI_SECRET_KEY"] = settings.secret_key.get_secret_value()
    state.engine.dispose()  # no pooled connection crosses into the forked workers
    if runner is not None:
        runner.start()
    try:
        uvicorn.run("huiqi.service.app:app_from_env", factory=True, host=host, port=port, workers=count,
                    log_config=log_config(settings.log_format, settings.log_level), log_level=settings.log_level,
                    access_log=access_log, http=PROTOCOL)
    finally:
        if runner is not None:
            runner.stop()
        state.engine.dispose()


def worker(
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="执行完队列中的任务后退出")] = False,
) -> None:
    """执行排队的批量筛查任务（多个 worker 可共用一个 PostgreSQL 数据库）。

    示例：huiqi worker --db postgresql+psycopg://huiqi@127.0.0.1/huiqi
    """
    import signal
    import threading

    from huiqi.service import jobs, migrate
    from huiqi.service.logs import configure
    from huiqi.service.state import ServiceState

    settings = _settings(db)
    configure(settings.log_format, settings.log_level)
    state = ServiceState.open(settings)
    migrate.upgrade(state.engine)
    if once:
        me = jobs.worker_name()
        jobs.reap(state.sessions, state.settings.job_stale_seconds, me)
        typer.echo(f"已执行 {jobs.run_pending(state, me)} 个任务（筛查、匹配）", err=True)
        jobs.Runner(state).post()  # deadline reminders and the mail outbox, once
        return
    runner = jobs.Runner(state)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    runner.start()
    log = logging.getLogger("huiqi.service.jobs")
    log.info("huiqi worker %s waiting for jobs (Ctrl-C stops)", runner.me,
             extra={"event": "worker_ready", "worker": runner.me})
    done.wait()
    runner.stop()
    log.info("huiqi worker %s stopped", runner.me, extra={"event": "worker_stopped", "worker": runner.me})


def db_upgrade(db: DbOption = None) -> None:
    """升级数据库结构（执行迁移）。

    示例：huiqi db upgrade --db sqlite:///huiqi.db
    """
    from huiqi.service import migrate
    from huiqi.service.db import make_engine

    settings = _settings(db)
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url())
    migrate.upgrade(engine)
    typer.echo(f"数据库已升级到版本 {migrate.current_revision(engine)}")
    engine.dispose()


def users_create(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help="角色：enterprise 企业 | bureau 主管部门 | admin 管理员")],
    jurisdiction: Annotated[str | None, typer.Option(help="仅主管部门：广东省、东莞市 或 东莞市/虎门镇")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")] = False,
    email: Annotated[str | None, typer.Option(help="接收通知邮件的地址（需设置 HUIQI_SMTP_URL）")] = None,
    db: DbOption = None,
) -> None:
    """新建用户（密码从标准输入读取，或交互输入）。

    示例：echo 's3cret-pass' | huiqi users create dg-bureau --role bureau --jurisdiction 东莞市 --password-stdin
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
            user = create_user(session, name, role, password, jurisdiction, email=email)
    except AccountError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise SystemExit(2) from None
    from huiqi.batch.labels import ROLE_LABELS

    where = f"（辖区：{user.jurisdiction}）" if user.jurisdiction else ""
    typer.echo(f"已新建{ROLE_LABELS.get(user.role, user.role)}账号 {user.username}{where}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)
    db_app = typer.Typer(help="服务数据库", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    app.add_typer(db_app, name="db")
    users_app = typer.Typer(help="用户账号", no_args_is_help=True)
    users_app.command("create")(users_create)
    app.add_typer(users_app, name="users")

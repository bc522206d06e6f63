"""The FastAPI application: ``create_app(settings)`` wires the routers, errors, database and runner.

The database is migrated when the app is made (``auto_migrate``), jobs left ``running`` by a dead
process are failed, and — with ``inprocess_worker`` — a background thread runs screening jobs while the
app is up (the lifespan starts and stops it).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Response
from fastapi_offline import FastAPIOffline
from sqlalchemy import text

from huiqi import __version__
from huiqi.service import core, errors, jobs, migrate, openapi
from huiqi.service.routes import (
    audit,
    auth,
    bans,
    compute,
    enterprises,
    interview,
    matches,
    notices,
    public,
    round_results,
    rounds,
    screenings,
)
from huiqi.service.schemas import Health, Readiness
from huiqi.service.settings import Settings
from huiqi.service.state import Screener, ServiceState

log = logging.getLogger("huiqi.service")


def warm_up() -> None:
    """Compile today's rules and open the search index (each once per process)."""
    started = time.perf_counter()
    core.engine().assess({"enterprise": {"city": "东莞"}, "projects": [{"id": "p", "kind": "tech_upgrade"}]})
    try:
        core.search("设备", 1)
    except Exception:  # no search index in this installation: the endpoint answers 503 itself
        log.warning("search index not warmed up", exc_info=True)
    # the rule trees, compiled programs and index live as long as the process: keep them out of the
    # collector's full passes, which would otherwise rescan them every few thousand requests
    gc.collect()
    gc.freeze()
    log.info("warmed up in %.1f s", time.perf_counter() - started)


def create_app(settings: Settings | None = None, *, screener: Screener | None = None) -> FastAPI:
    """The service. ``screener`` replaces :func:`huiqi.batch.screen_file` (tests, other backends)."""
    settings = settings or Settings()
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    state = ServiceState.open(settings, screener)
    if settings.auto_migrate:
        migrate.upgrade(state.engine)
    runner = jobs.Runner(state)
    jobs.reap(state.sessions, settings.job_stale_seconds, runner.me)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:  # before the first request: else concurrent first requests all compile
            await anyio.to_thread.run_sync(warm_up)
        if settings.inprocess_worker:
            app.state.runner = runner
            runner.start()
        try:
            yield
        finally:
            runner.stop()
            app.state.runner = None

    app = FastAPIOffline(  # Swagger UI served from the package: no CDN, the docs work offline
        title="惠企 huiqi API",
        version=__version__,
        docs_url=settings.docs_url,
        redoc_url=None,
        static_url="/api/docs-static",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.huiqi = state
    app.state.runner = None
    errors.install(app)
    openapi.install(app, __version__)

    @app.get("/healthz", response_model=Health, tags=["open"], summary="存活检查 liveness")
    def healthz() -> Health:
        return Health()

    @app.get("/readyz", response_model=Readiness, tags=["open"], summary="就绪检查 readiness: the database answers",
             responses={503: {"model": Readiness, "description": "数据库不可用 the database does not answer"}})
    def readyz(response: Response) -> Readiness:
        """For a load balancer: 200 while this process reaches its database, else 503 (and the reason logged)."""
        try:
            with state.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            log.warning("readiness: the database does not answer", exc_info=True)
            response.status_code = 503
            return Readiness(status="unavailable", database="unavailable")
        return Readiness(status="ok", database="ok")

    for module in (public, compute, interview, auth, enterprises, screenings, audit, rounds, round_results, bans,
                   matches, notices):
        app.include_router(module.router)
    from huiqi.web import mount

    mount(app)
    return app


def app_from_env() -> FastAPI:
    """The app of one ``huiqi serve --workers N`` worker process: its settings come from ``HUIQI_*``.

    uvicorn starts each worker with this factory (``huiqi.service.app:app_from_env``); the parent has
    already migrated the database and runs the screening runner, so workers do neither.
    """
    return create_app(Settings())

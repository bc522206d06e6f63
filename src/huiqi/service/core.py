"""Thin adapters to the core: the engine, timelines, search, corpus and batch screening.

The service only parses and renders; every answer comes from these. Parts that other packages build
(search, corpus, batch) are imported lazily; when one is missing the endpoint answers 503 naming it.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio

from huiqi.service.errors import CoreUnavailable

T = TypeVar("T")


def _module(name: str, part: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise CoreUnavailable(part, str(exc)) from None


def engine() -> Any:
    from huiqi.engine import default_engine

    return default_engine()


def assess(profile: dict[str, Any], as_of: dt.date | None) -> dict[str, Any]:
    from huiqi.service.serialize import plain

    result: dict[str, Any] = plain(engine().assess(profile, as_of=as_of))
    return result


_COMPUTE: Any = None


async def compute(fn: Callable[..., T], *args: Any) -> T:
    """Run a CPU-bound computation (an assessment, advice) off the event loop, one at a time per
    process. Fifty concurrent requests in fifty threads of one process only fight over the GIL and
    make garbage faster; queued on the loop they cost nothing and are answered in turn."""
    global _COMPUTE
    if _COMPUTE is None:  # created inside the running loop, once per process
        _COMPUTE = anyio.CapacityLimiter(1)
    return await anyio.to_thread.run_sync(fn, *args, limiter=_COMPUTE)


def assess_json(profile: dict[str, Any], as_of: dt.date | None) -> bytes:
    """The JSON body of :func:`assess`, encoded straight from the engine's answer (no deep copy)."""
    from huiqi.service.fastjson import dumps

    return dumps(engine().assess(profile, as_of=as_of))


def timeline(project: dict[str, Any], as_of: dt.date | None) -> dict[str, Any]:
    procedures = _module("huiqi.procedures", "timeline")
    build = getattr(procedures, "build_timeline", None)
    if build is None:
        raise CoreUnavailable("timeline", "huiqi.procedures.build_timeline is missing")
    result: dict[str, Any] = build(project, as_of or dt.date.today()).to_json()
    return result


def search(query: str, limit: int) -> dict[str, Any]:
    return _search(_search_index(), query, limit)


#: distinct (query, limit) answers kept per process; the shipped index never changes while it runs
SEARCH_CACHE_SIZE = 1024


def search_json(query: str, limit: int) -> bytes:
    """The JSON body of :func:`search`; repeated questions are answered from a per-process LRU cache."""
    return _search_json_cached(_search_index(), query, limit)


@functools.lru_cache(maxsize=SEARCH_CACHE_SIZE)
def _search_json_cached(index: Any, query: str, limit: int) -> bytes:
    from huiqi.service.fastjson import dumps

    return dumps(_search(index, query, limit))


def _search_index() -> Any:
    module = _module("huiqi.search", "search")
    index_cls = getattr(module, "SearchIndex", None)
    if index_cls is None:
        raise CoreUnavailable("search", "huiqi.search.SearchIndex is missing")
    return index_cls.default()


def _search(index: Any, query: str, limit: int) -> dict[str, Any]:
    found = index.search(query, limit)
    if isinstance(found, dict):
        return found
    return {"hits": [_jsonable(hit) for hit in found]}


def corpus() -> Any:
    store = _module("huiqi.corpus.store", "corpus")
    load = getattr(store, "load_corpus", None)
    if load is None:
        raise CoreUnavailable("corpus", "huiqi.corpus.store.load_corpus is missing")
    return load()


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    return value


Progress = Callable[[float], None]


def default_screener() -> Callable[..., Any]:
    """:func:`huiqi.batch.screen_file` as ``screen(input, output, as_of, progress) -> summary dict``.

    The service's job interface is this small function; ``progress`` takes a fraction 0..1.
    """
    batch = _module("huiqi.batch", "screening (huiqi.batch)")
    function = getattr(batch, "screen_file", None)
    if function is None:
        raise CoreUnavailable("screening (huiqi.batch)", "huiqi.batch.screen_file is missing")

    def screen(source: Path, target: Path, as_of: dt.date | None, progress: Progress | None = None) -> Any:
        def rows_done(done: int, total: int | None) -> None:
            if progress is not None and total:
                progress(done / total)

        summary = function(source, target, as_of=as_of, progress=rows_done)
        return _jsonable(summary) if summary is not None else None

    return screen

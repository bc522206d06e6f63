"""JSON bodies straight from core results, without the Python deep copy of :func:`serialize.plain`.

``dumps(value)`` gives the same JSON document as ``json.dumps(plain(value))`` — Decimals as numbers,
dates as ISO strings, tuples and sets as lists, objects with ``to_json`` by that — but lets orjson walk
the value in C and calls back into Python only for the few values JSON has no type for. Without orjson
installed it falls back to :func:`slow_dumps`, the encoding FastAPI did before.

Routes return :class:`FastJSONResponse` (``JSONResponse`` is unchanged for everything else); FastAPI
passes a returned ``Response`` through, so the answer is not validated or encoded a second time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fastapi.responses import JSONResponse

_orjson: Any
try:  # optional: pinned as orjson==3.13.0 for the service
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised where orjson is absent
    _orjson = None

#: dataclasses and datetimes go through ``_default`` (``to_json`` / ``isoformat``) exactly as in ``plain``
_OPTIONS = (_orjson.OPT_PASSTHROUGH_DATACLASS | _orjson.OPT_PASSTHROUGH_DATETIME) if _orjson else 0


def _default(value: Any) -> Any:
    """What ``plain`` makes of a value JSON has no type for (returned values are encoded in turn)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "__dataclass_fields__"):  # no to_json: as FastAPI would, field by field
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> bytes:
    """UTF-8 JSON, compact, non-ASCII kept (as FastAPI's own encoding)."""
    if _orjson is not None:
        try:
            return _orjson.dumps(value, default=_default, option=_OPTIONS)
        except TypeError:  # a non-string key, an integer past 64 bits: the way FastAPI encoded it before
            pass
    return slow_dumps(value)


def slow_dumps(value: Any) -> bytes:
    """The previous encoding: ``plain`` (a Python deep copy), then pydantic's JSON (as FastAPI does)."""
    from pydantic_core import to_json

    from huiqi.service.serialize import plain

    return to_json(plain(value))


class FastJSONResponse(JSONResponse):
    """``application/json`` from :func:`dumps`; ``content`` may also be bytes already encoded.

    A ``JSONResponse`` so that the OpenAPI document shows the route's ``response_model`` as before.
    """

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):
            return content
        return dumps(content)

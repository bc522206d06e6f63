"""The logs of ``huiqi serve`` and ``huiqi worker``: one JSON object a line by default, or plain text.

A log collector reads fields, not prose. Every JSON line has ``time`` (UTC, ISO 8601), ``level``,
``logger``, ``process`` (the process id) and ``message``; a request line adds ``event: "request"``,
``client``, ``method``, ``path`` and ``status``; a screening-job line adds ``event``, ``job_id``,
``worker`` and, when the job ends, ``seconds``. The job events: ``job_claimed``, ``job_done``,
``job_failed``, ``job_interrupted`` (its runner died; the job is failed) and ``job_discarded`` (a runner
finished a job failed meanwhile); ``serve``, ``worker_ready`` and ``worker_stopped`` mark starts and
stops. ``HUIQI_LOG_FORMAT=text`` gives uvicorn's usual lines instead. The same dictionary configures the
server's processes (uvicorn applies it in each of them) and the worker.
"""

from __future__ import annotations

import copy
import logging
import logging.config
from typing import Any, Literal

from pythonjsonlogger.core import RESERVED_ATTRS

LogFormat = Literal["json", "text"]
#: uvicorn's access record: (client address, method, path with query, HTTP version, status)
_ACCESS_ARGS = 5


class AccessFields(logging.Filter):
    """Names the arguments of uvicorn's access-log record, so each becomes a JSON field."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == _ACCESS_ARGS:
            record.event = "request"
            record.client, record.method, record.path, _, record.status = args
        return True


def _json_formatter() -> dict[str, Any]:
    return {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
        "reserved_attrs": [*RESERVED_ATTRS, "color_message"],  # uvicorn's copy with terminal colours
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",
        "json_ensure_ascii": False,
    }


def log_config(log_format: LogFormat, level: str = "INFO") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` dictionary for uvicorn's loggers and huiqi's."""
    level = level.upper()
    if log_format == "text":
        from uvicorn.config import LOGGING_CONFIG

        config = copy.deepcopy(LOGGING_CONFIG)
        config["loggers"]["huiqi"] = {"handlers": ["default"], "level": level, "propagate": False}
        for name in ("uvicorn", "uvicorn.access"):
            config["loggers"][name]["level"] = level
        return config
    stream = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access_fields": {"()": AccessFields}},
        "formatters": {"json": _json_formatter()},
        "handlers": {"default": stream, "access": {**stream, "filters": ["access_fields"]}},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["access"], "level": level, "propagate": False},
            "huiqi": {"handlers": ["default"], "level": level, "propagate": False},
        },
    }


def configure(log_format: LogFormat, level: str = "INFO") -> None:
    """Apply :func:`log_config` to this process (``huiqi worker``; uvicorn does it for ``serve``)."""
    logging.config.dictConfig(log_config(log_format, level))

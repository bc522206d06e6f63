"""Structured logs: one JSON object a line with named fields, or uvicorn's text lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from huiqi.service.logs import configure

LOGGERS = ("huiqi", "uvicorn", "uvicorn.error", "uvicorn.access")


@pytest.fixture(autouse=True)
def _restore_loggers() -> Iterator[None]:
    """The configuration is process-wide: put every touched logger back as it was."""
    saved = {name: (logging.getLogger(name), logging.getLogger(name).__dict__.copy()) for name in LOGGERS}
    saved_handlers = {name: list(logger.handlers) for name, (logger, _) in saved.items()}
    yield
    for name, (logger, state) in saved.items():
        logger.__dict__.update(state)
        logger.handlers = saved_handlers[name]


def _lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def test_访问日志的字段各自成列(capsys: pytest.CaptureFixture[str]) -> None:
    configure("json")
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "POST", "/api/v1/assess?as_of=2023-06-01", "1.1", 200,
        extra={"color_message": "\x1b[1mcolour\x1b[0m"},
    )
    (line,) = _lines(capsys.readouterr().err)
    assert line["event"] == "request" and line["method"] == "POST" and line["status"] == 200
    assert line["path"] == "/api/v1/assess?as_of=2023-06-01" and line["client"] == "127.0.0.1:5000"
    assert line["level"] == "INFO" and line["logger"] == "uvicorn.access" and isinstance(line["process"], int)
    assert str(line["time"]).endswith("+00:00") and "color_message" not in line


def test_任务事件带任务号与工作进程_中文不转义(capsys: pytest.CaptureFixture[str]) -> None:
    configure("json", "info")
    logging.getLogger("huiqi.service.jobs").info(
        "筛查任务 %s 完成", 7, extra={"event": "job_done", "job_id": 7, "worker": "host:1:ab", "seconds": 0.25}
    )
    logging.getLogger("huiqi.service.jobs").debug("below the level")
    err = capsys.readouterr().err
    assert "筛查任务 7 完成" in err  # not \\u escapes
    (line,) = _lines(err)
    assert {k: line[k] for k in ("event", "job_id", "worker", "seconds")} == {
        "event": "job_done", "job_id": 7, "worker": "host:1:ab", "seconds": 0.25}


def test_文本格式是_uvicorn_的行(capsys: pytest.CaptureFixture[str]) -> None:
    configure("text")
    logging.getLogger("huiqi.service").warning("search index not warmed up")
    err = capsys.readouterr().err
    assert "search index not warmed up" in err and not err.lstrip().startswith("{")

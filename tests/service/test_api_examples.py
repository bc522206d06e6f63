"""The OpenAPI document's examples are real exchanges (:mod:`huiqi.service.tour`), one for every
operation, and still what the service answers: same status, same field names."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from huiqi.service import tour
from huiqi.service.app import create_app
from huiqi.service.settings import Settings

REGENERATE = "regenerate with: python -m huiqi.service.tour"
SRC = Path(__file__).resolve().parents[2] / "src"


def _document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{tmp}/doc.db", inprocess_worker=False))
        document: dict[str, Any] = app.openapi()
        app.state.huiqi.engine.dispose()
    return document


def _operations() -> dict[str, dict[str, Any]]:
    return {f"{method.upper()} {path}": operation for path, item in _document()["paths"].items()
            if path.startswith("/api/") for method, operation in item.items()}


def _shape(value: Any, at: str = "") -> set[str]:
    """The field paths of a JSON value (list items merged): what a client relies on, not the values."""
    if isinstance(value, dict):
        return {at or "."} | {p for k, v in value.items() for p in _shape(v, f"{at}.{k}")}
    if isinstance(value, list):
        return {f"{at}[]"} | {p for v in value for p in _shape(v, f"{at}[]")}
    return {at or "."}


def test_每个接口都有实录示例() -> None:
    operations, stored = _operations(), tour.stored()
    assert set(operations) == set(stored), REGENERATE
    for key, operation in operations.items():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert "example" in parameter, (key, parameter["name"])
        for media, body in operation.get("requestBody", {}).get("content", {}).items():
            assert ("example" in body) != ("examples" in body), (key, media)  # one, never both (OpenAPI)
        answers = {code: a for code, a in operation["responses"].items() if code.startswith("2")}
        assert answers, key
        for code, answer in answers.items():
            if "application/json" in answer.get("content", {}):
                assert "example" in answer["content"]["application/json"], (key, code)


@pytest.fixture(scope="module")
def walked() -> dict[str, dict[str, Any]]:
    return tour.walk()


def test_实录示例仍是接口的回答(walked: dict[str, dict[str, Any]]) -> None:
    stored = tour.stored()
    assert set(walked) == set(stored), REGENERATE
    for key, now in walked.items():
        before = stored[key]
        assert now["status"] == before["status"], (key, REGENERATE)
        for part in ("path", "query", "body", "form", "response"):
            changed = _shape(now.get(part)) ^ _shape(before.get(part))
            assert not changed, (key, part, sorted(changed), REGENERATE)


def test_示例里没有真实令牌(walked: dict[str, dict[str, Any]]) -> None:
    assert walked["POST /api/v1/auth/token"]["response"]["access_token"] == "TOKEN"
    assess = walked["POST /api/v1/assess"]
    assert assess["status"] == 200 and len(assess["response"]["results"]) == tour.KEEP_ITEMS  # trimmed


def test_服务本身不加载测试客户端(tmp_path: Path) -> None:
    """The examples are read from a file: serving them loads no test client (nor its warnings)."""
    code = (
        "import sys\n"
        "from huiqi.service.app import create_app\n"
        "from huiqi.service.settings import Settings\n"
        f"app = create_app(Settings(database_url='sqlite:///{tmp_path / 'x.db'}', inprocess_worker=False))\n"
        "assert app.openapi()['paths']\n"
        "print(sorted(m for m in sys.modules if m.endswith('testclient')))\n"
    )
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": path})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]" and "Deprecat" not in done.stderr


def test_文档是有效的_OpenAPI_3_1() -> None:
    from openapi_spec_validator import validate

    document = _document()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on the first violation

"""The OpenAPI document: the §1 profile schema (from the core's pydantic model) on the bodies that
take a profile, so the docs and generated clients show every field; and on every operation the
parameters, body and answer of a real call, recorded by :mod:`huiqi.service.tour`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from huiqi.service import tour

DESCRIPTION = """惠企 huiqi 的 JSON API（contract §7）。

* 开放接口：`/api/v1/assess`、`/timeline`、`/search`、`/programs`、`/docs`。
* 登录：`POST /api/v1/auth/token` 取得令牌，之后以 `Authorization: Bearer TOKEN` 调用企业、评估、筛查、审计接口。
* 输入错误答 422，形如 `{"detail": [{"loc": ["body", "enterprise", "city"], "msg": "..."}]}`。
"""


def _profile_schemas() -> dict[str, Any]:
    try:
        from huiqi.profile.model import Profile
    except ImportError:  # pragma: no cover - the core always has it
        return {}
    schema = Profile.model_json_schema(ref_template="#/components/schemas/{model}", mode="validation")
    defs = schema.pop("$defs", {})
    return {**defs, "Profile": schema}


def add_examples(document: dict[str, Any], examples: dict[str, dict[str, Any]]) -> None:
    """Put each recorded exchange on its operation: parameter values, the request body, the answer."""
    for key, example in examples.items():
        method, _, path = key.partition(" ")
        operation = document["paths"].get(path, {}).get(method.lower())
        if operation is None:
            continue
        values = {**example.get("path", {}), **example.get("query", {})}
        for parameter in operation.get("parameters", []):
            if parameter["name"] in values:
                parameter["example"] = values[parameter["name"]]
        content = operation.get("requestBody", {}).get("content", {})
        for kind, sent in (("application/json", example.get("body")), ("multipart/form-data", example.get("form"))):
            if kind in content and sent is not None and "examples" not in content[kind]:  # one or the other
                content[kind]["example"] = sent
        answer = operation.setdefault("responses", {}).setdefault(str(example["status"]), {"description": "OK"})
        if "response" in example:
            answer.setdefault("content", {}).setdefault("application/json", {})["example"] = example["response"]
        elif media := example.get("content_type"):  # a file: name its type, unless the route does
            content = answer.setdefault("content", {})
            if not any(declared.split(";")[0] == media for declared in content):
                content[media] = {"schema": {"type": "string", "format": "binary"}}


def install(app: FastAPI, version: str) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(title="惠企 huiqi API", version=version, description=DESCRIPTION, routes=app.routes)
        extra = _profile_schemas()
        if extra:
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in extra.items():
                schemas.setdefault(name, schema)
            body = document["paths"]["/api/v1/assess"]["post"]["requestBody"]["content"]["application/json"]
            body["schema"] = {"$ref": "#/components/schemas/Profile"}
        add_examples(document, tour.stored())
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]

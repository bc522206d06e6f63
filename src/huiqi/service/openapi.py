"""The OpenAPI document: the §1 profile schema (from the core's pydantic model) on the bodies that
take a profile, so the docs and generated clients show every field."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

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
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]

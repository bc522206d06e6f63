"""The §5 column layout: a profile flattened to dotted paths, and the frame the rules run on.

The column kinds are read off the profile model itself, so the batch layout and the JSON profile
cannot drift apart. Money columns hold integer 分 (万元 × 1,000,000); other decimals (scores,
years) are Decimal(38, 6); missing values are null.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

import polars as pl
from pydantic import BaseModel

from huiqi.profile.model import Enterprise, Profile, Project, Wan, YearFinancials
from huiqi.rules.units import FEN_PER_WAN

YEAR_SEGMENT = re.compile(r"\.(\d{4})\.")
FINANCIAL_KEYS = tuple(YearFinancials.model_fields)

POLARS_TYPES: dict[str, pl.DataType] = {
    "money": pl.Int64(),
    "int": pl.Int64(),
    "bool": pl.Boolean(),
    "str": pl.String(),
    "date": pl.Date(),
    "decimal": pl.Decimal(38, 6),
}


def _leaf_kind(annotation: Any) -> str | None:
    """The column kind of a model field's annotation, None for nested objects and lists."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if annotation is Wan or (typing.get_args(annotation)[:1] == (Decimal,) and _is_wan(annotation)):
        return "money"
    base = typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation
    if typing.get_origin(base) is typing.Literal:
        return "str"
    return {bool: "bool", int: "int", str: "str", dt.date: "date", Decimal: "decimal"}.get(base)


def _is_wan(annotation: Any) -> bool:
    return bool(annotation == Wan or "_fen_exact" in repr(annotation))


def _walk(model: type[BaseModel], prefix: str) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        kind = _leaf_kind(annotation)
        path = f"{prefix}{name}"
        if kind is not None:
            kinds[path] = kind
            continue
        if typing.get_origin(annotation) is dict:
            continue  # financials by year: listed with a ``*`` year by column_kinds()
        inner: list[Any] = [a for a in typing.get_args(annotation) if isinstance(a, type)] or [annotation]
        for candidate in inner:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                kinds.update(_walk(candidate, f"{path}."))
    return kinds


@cache
def column_kinds() -> dict[str, str]:
    """Every §5 column (financial years as ``*``) → its kind."""
    kinds = _walk(Enterprise, "enterprise.")
    for key, kind in _walk(YearFinancials, "").items():
        kinds[f"enterprise.financials.*.{key}"] = kind
    kinds.update(_walk(Project, "project."))
    kinds.pop("project.events", None)
    return kinds


def kind_of_column(path: str) -> str | None:
    return column_kinds().get(YEAR_SEGMENT.sub(".*.", path))


def to_cell(value: Any, kind: str) -> Any:
    """A validated profile value as the frame stores it (money: integer 分)."""
    if value is None:
        return None
    if kind == "money":
        return int(Decimal(value) * FEN_PER_WAN)
    return value


def _flatten(model: BaseModel, prefix: str, out: dict[str, Any]) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            _flatten(value, f"{path}.", out)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    _flatten(item, f"{path}.{key}.", out)
        elif not isinstance(value, list):
            kind = kind_of_column(path)
            if kind is not None:
                out[path] = to_cell(value, kind)


def profile_rows(profile: Profile) -> list[dict[str, Any]]:
    """One row per project (enterprise columns repeated); one row without project columns if none."""
    base: dict[str, Any] = {}
    _flatten(profile.enterprise, "enterprise.", base)
    if not profile.projects:
        return [base]
    rows = []
    for project in profile.projects:
        row = dict(base)
        _flatten(project, "project.", row)
        rows.append(row)
    return rows


def frame_from_rows(rows: list[dict[str, Any]], columns: list[str]) -> pl.DataFrame:
    """A frame holding exactly ``columns`` (missing ones null) with the kinds of §5."""
    schema: dict[str, pl.DataType] = {}
    for path in columns:
        kind = kind_of_column(path)
        if kind is None:
            raise KeyError(f"no such input column: {path}")
        schema[path] = POLARS_TYPES[kind]
    return pl.from_dicts(rows, schema=schema)


def profile_paths(profile: Profile) -> dict[str, Any]:
    """Flattened enterprise values by dotted path (used by the advice and the text report)."""
    out: dict[str, Any] = {}
    _flatten(profile.enterprise, "enterprise.", out)
    return out


__all__ = ["FINANCIAL_KEYS", "Profile", "Project", "column_kinds", "frame_from_rows", "profile_rows"]

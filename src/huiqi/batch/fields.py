"""What the profile model (:mod:`huiqi.profile.model`) allows in each §5 column, read off the model.

The batch reader checks cells against these specs, so a bound or a list of options changed in the
model changes the batch validation with it.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel

from huiqi.profile.columns import YEAR_SEGMENT, column_kinds, kind_of_column
from huiqi.profile.model import Enterprise, Project, YearFinancials


@dataclass(frozen=True)
class FieldSpec:
    """One column: its kind (``money``, ``int``, ``decimal``, ``bool``, ``date``, ``str``) and limits."""

    path: str
    kind: str
    choices: tuple[str, ...] = ()
    ge: Decimal | None = None
    le: Decimal | None = None
    non_negative: bool = False  # money that may not be negative (``Wan``; profits are signed)


def _unwrap(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _limits(metadata: list[Any]) -> tuple[Decimal | None, Decimal | None, bool]:
    ge = le = None
    non_negative = False
    for item in metadata:
        inner = getattr(item, "metadata", None)
        if isinstance(inner, list):  # a pydantic FieldInfo inside Annotated
            g, lo, n = _limits(inner)
            ge, le, non_negative = g if g is not None else ge, lo if lo is not None else le, n or non_negative
        if hasattr(item, "ge"):
            ge = Decimal(str(item.ge))
        if hasattr(item, "le"):
            le = Decimal(str(item.le))
        if getattr(getattr(item, "func", None), "__name__", "") == "_non_negative":
            non_negative = True
    return ge, le, non_negative


def _model_field(path: str) -> Any:
    parts = path.split(".")
    model: type[BaseModel] = Enterprise if parts[0] == "enterprise" else Project
    rest = parts[1:]
    if rest[:1] == ["financials"]:
        model, rest = YearFinancials, rest[2:]
    for name in rest[:-1]:
        annotation = _unwrap(model.model_fields[name].annotation)
        model = annotation
    return model.model_fields[rest[-1]]


@cache
def field_spec(path: str) -> FieldSpec:
    """The spec of a §5 column (``enterprise.financials.2020.revenue`` works for any year)."""
    kind = kind_of_column(path)
    if kind is None:
        raise KeyError(f"no such column: {path}")
    info = _model_field(path)
    annotation = _unwrap(info.annotation)
    metadata = list(info.metadata)
    choices: tuple[str, ...] = ()
    if typing.get_origin(annotation) is typing.Annotated:
        metadata += list(annotation.__metadata__)
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        choices = tuple(str(a) for a in typing.get_args(annotation))
    ge, le, non_negative = _limits(metadata)
    return FieldSpec(path, kind, choices, ge, le, non_negative)


def _is_pattern(pattern: str) -> bool:
    if pattern.startswith("project.events"):  # event lists have no column form
        return False
    # ``column_kinds`` also lists the year-less ``enterprise.financials.revenue``: not a column
    return not (pattern.startswith("enterprise.financials.") and "*" not in pattern)


def known_patterns() -> list[str]:
    """Every column pattern a batch file may hold (financial years as ``*``)."""
    return [p for p in column_kinds() if _is_pattern(p)]


def is_column(path: str) -> bool:
    """Whether ``path`` is a §5 column (``enterprise.financials.2020.revenue``, ``project.id`` …)."""
    pattern = YEAR_SEGMENT.sub(".*.", path)
    return pattern in column_kinds() and _is_pattern(pattern)

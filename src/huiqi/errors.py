"""Errors that reach a user: bad input names the field (its Chinese label beside its path), never a
traceback (contract §6)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``path`` is the dotted path (``enterprise.city``)."""

    path: str
    message: str

    @property
    def label(self) -> str:
        """The field's Chinese label (``所在市``); empty where the path names no labelled field."""
        if not self.path:
            return ""
        from huiqi.batch.labels import field_label

        label = field_label(self.path)
        return "" if label == self.path or label == _PROJECT.sub("project.", self.path) else label

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def described(self) -> str:
        """What a person reads: the label beside the path (``从业人员（enterprise.employees）：不能为负数``)."""
        if not self.path:
            return self.message
        return f"{self.label}（{self.path}）：{self.message}" if self.label else f"{self.path}：{self.message}"


_PROJECT = re.compile(r"^projects?(?:\[\d*\])?\.")


class InputError(Exception):
    """Input that cannot be processed. Carries every field error found, not only the first."""

    def __init__(self, errors: list[FieldError] | FieldError | str, path: str = "") -> None:
        if isinstance(errors, str):
            errors = [FieldError(path, errors)]
        elif isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = errors
        super().__init__("; ".join(str(e) for e in errors))


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "……"


def _choices(expected: str, path: str) -> str:
    from huiqi.batch.labels import choice_label

    codes = re.findall(r"'([^']*)'", expected)
    return "、".join(f"{choice_label(path, c)}（{c}）" if choice_label(path, c) != c else c for c in codes)


def pydantic_message(error: Mapping[str, Any], path: str = "") -> str:
    """One pydantic error in Chinese, with what was typed: ``不能为负数，填写的是 -3``. Pydantic's own
    English (and its ``Value error,`` prefix) never reaches a person."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    typed = f"，填写的是 {_shown(error['input'])}" if "input" in error and kind != "missing" else ""
    bound = {"greater_than_equal": "不能小于 {ge}", "greater_than": "应大于 {gt}",
             "less_than_equal": "不能大于 {le}", "less_than": "应小于 {lt}"}
    if kind in bound:
        text = bound[kind].format(**{k: ctx.get(k) for k in ("ge", "gt", "le", "lt")})
        return ("不能为负数" if text == "不能小于 0" else text) + typed
    if kind == "missing":
        return "必须填写"
    if kind == "literal_error":
        return f"应为以下之一：{_choices(str(ctx.get('expected', '')), path)}{typed}"
    if kind.startswith(("decimal", "float", "int", "finite")):
        return f"应为数字{typed}"
    if kind.startswith(("date", "datetime")):
        return f"日期应写作 YYYY-MM-DD{typed}"
    if kind.startswith("bool"):
        return f"应为 是/否（true/false）{typed}"
    if kind.startswith(("string_too_long", "too_long")):
        return f"过长（最多 {ctx.get('max_length', '')}）{typed}"
    if kind.startswith(("string", "str")):
        return f"应为文字{typed}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"应为一组字段（JSON 对象）{typed}"
    if kind.startswith("list"):
        return f"应为列表{typed}"
    message = re.sub(r"^(?:Value|Assertion) error,\s*", "", str(error.get("msg", "")))
    return message + (typed if kind == "value_error" and "填写的是" not in message else "")

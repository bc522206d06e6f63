"""Answering an interview from a known profile, as a person holding that profile would."""

from __future__ import annotations

from typing import Any

from huiqi.interview import step
from huiqi.interview.catalogue import NO_PROJECT, row_path

UNKNOWN = object()


def answer_from(profile: dict[str, Any], path: str) -> Any:
    """The profile's value for ``path``; ``UNKNOWN`` where the profile has none ("不知道")."""
    index, row = row_path(path)
    keys = row.split(".")[1:]
    if index is None:
        node: Any = profile.get("enterprise") or {}
    else:
        projects = profile.get("projects") or []
        if index >= len(projects):
            return NO_PROJECT if keys == ["kind"] else UNKNOWN
        node = projects[index]
    for key in keys:
        if not isinstance(node, dict) or key not in node or node[key] is None:
            return UNKNOWN
        node = node[key]
    return node


def answer_all(profile: dict[str, Any], question: dict[str, Any], body: dict[str, Any]) -> list[str]:
    """Answer every input of ``question`` (the lead field and, for a grouped question, the others) from
    ``profile`` into ``body``; the fields asked."""
    fields = [f["field"] for f in question.get("fields") or [question]]
    for field in fields:
        value = answer_from(profile, field)
        if value is UNKNOWN:
            body["unknown"].append(field)
        else:
            body["answers"][field] = value
    return fields


def run(
    profile: dict[str, Any], as_of: str, programs: list[str] | None, assume: dict[str, str] | None = None
) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """The interview answered from ``profile`` to its end: the last answer and each (question, body)."""
    body: dict[str, Any] = {"as_of": as_of, "answers": {}, "unknown": [], "programs": programs}
    if assume:
        body["assume"] = assume
    asked: list[tuple[str, dict[str, Any]]] = []
    for _ in range(200):
        answer = step(body)
        if answer["done"]:
            return answer, asked
        before = {**body, "answers": dict(body["answers"]), "unknown": list(body["unknown"])}
        for field in answer_all(profile, answer["question"], body):
            asked.append((field, before))
    raise AssertionError("the interview did not end")

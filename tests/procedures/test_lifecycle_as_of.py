"""A timeline asked for a date before the project's first event: nothing has happened yet."""

from __future__ import annotations

import datetime as dt

from huiqi.procedures import build_timeline


def test_as_of_before_every_event_is_an_empty_timeline_not_an_error() -> None:
    project = {"id": "p", "management": "filing", "events": [{"type": "filed", "date": "2021-09-30"}]}
    timeline = build_timeline(project, dt.date(2012, 3, 1)).to_json()
    assert timeline["state"] == "none"
    assert timeline["deadlines"] == []
    assert any("晚于 as_of" in w["message"] for w in timeline["warnings"])

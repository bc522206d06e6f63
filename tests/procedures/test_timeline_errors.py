"""Impossible or malformed histories are input errors naming the event (contract §6)."""

from datetime import date

import pytest
from procedures_helpers import run, warning_ids

from huiqi.errors import InputError
from huiqi.procedures import build_timeline


@pytest.mark.parametrize(
    ("management", "events", "path"),
    [
        ("filing", [("filed", "2021-09-30"), ("started", "2021-09-01")], r"events\[1\]\.date"),
        ("approval", [("received", "2021-09-28"), ("started", "2021-10-01")], r"events\[1\]\.date"),
        (
            "filing",
            [("filed", "2021-09-30"), ("extended", "2023-09-01"), ("extended", "2023-09-02")],
            r"events\[2\]: a second extended",
        ),
        (
            "filing",
            [
                ("filed", "2021-09-30"),
                ("extension_requested", "2023-09-01"),
                ("extension_requested", "2023-09-05"),
            ],
            r"events\[2\]: a second extension",
        ),
        ("filing", [("filed", "2021-09-30"), ("teleported", "2021-10-01")], r"events\[1\]\.type"),
        ("filing", [("approved", "2021-09-30")], r"events\[0\]\.type: not an event of filing"),
        ("filing", [("filed", "2021-13-01")], r"events\[0\]\.date"),
        (
            "filing",
            [("filed", "2021-09-30"), ("started", "2021-10-08"), ("withdrawn", "2021-11-01")],
            r"events\[2\]: withdrawn after started",
        ),
        (
            "filing",
            [("filed", "2021-09-30"), ("withdrawn", "2021-10-08"), ("started", "2021-11-01")],
            r"events\[2\]: started .* after withdrawn",
        ),
        (
            "approval",
            [("accepted", "2021-09-29"), ("received", "2021-09-30"), ("approved", "2021-09-29")],
            r"approved \(2021-09-29\) before received",
        ),
        ("filing", [("filed", "2021-09-30"), ("completed", "2021-10-08")], r"events\[1\]\.date"),
    ],
)
def test_不可能的事件顺序(management: str, events: list[tuple[str, str]], path: str) -> None:
    with pytest.raises(InputError, match=path):
        run(management, *events, as_of="2024-01-01")


def test_画像中的项目路径() -> None:
    project = {
        "management": "filing",
        "events": [
            {"type": "filed", "date": "2021-09-30"},
            {"type": "started", "date": "2021-10-08"},
            {"type": "started", "date": "nope"},
        ],
    }
    with pytest.raises(InputError) as info:
        build_timeline(project, date(2022, 1, 1), prefix="projects[0].")
    assert str(info.value).startswith("projects[0].events[2].date:")


@pytest.mark.parametrize(
    ("project", "path"),
    [
        ({"management": "examination", "events": []}, "management"),
        ({"management": "other", "events": []}, "management"),
        ({"management": "filing", "events": []}, "events"),
        ({"management": "filing", "events": "filed"}, "events"),
        ({"management": "filing", "events": [{"type": "filed"}]}, r"events\[0\]\.date"),
        ({"management": "filing", "complex": "yes", "events": []}, "complex"),
        (
            {
                "management": "filing",
                "code": "2021-1234",
                "events": [{"type": "filed", "date": "2021-09-30"}],
            },
            "code",
        ),
    ],
)
def test_项目字段错误(project: dict, path: str) -> None:
    with pytest.raises(InputError, match=path):
        build_timeline(project, date(2022, 1, 1))


def test_未识别的事件字段只提示() -> None:
    tl = build_timeline(
        {"management": "备案", "events": [{"type": "filed", "date": "2021-09-30", "by": "x"}]},
        date(2021, 10, 1),
    )
    assert "unknown-field" in warning_ids(tl)


@pytest.mark.parametrize("day", ["9999-12-31", "9998-12-31"])
def test_期限落在日历之外的日期是输入错误(day: str) -> None:
    """备案 on 9998-12-31: its 2-year validity would end in 10000 — an input error naming the event, not a crash."""
    with pytest.raises(InputError, match=r"events\[0\]: 99\d\d-12-31 is too late"):
        run("filing", ("filed", day), as_of="9999-12-31")
    assert run("filing", ("filed", "9990-01-02"), as_of="9999-12-31")  # far, but every deadline fits

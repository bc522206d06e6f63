"""核准 (approval): 第十三条～第十八条, dates hand-counted on the 2021–2024 holiday notices."""

import pytest
from procedures_helpers import open_due, run, warning_ids

from huiqi.errors import InputError

RECEIVED = ("received", "2021-09-28")
ACCEPTED = ("accepted", "2021-09-29")
APPROVED = ("approved", "2021-10-13")


def test_收到材料后两个工作日内一次告知() -> None:
    tl = run("approval", RECEIVED, as_of="2021-09-29")
    assert tl.state == "received"
    assert open_due(tl) == {"acceptance-notice": "2021-09-30"}


def test_逾期不告知视为自收到之日受理() -> None:
    tl = run("approval", RECEIVED, as_of="2021-10-08")
    assert tl.state == "accepted" and "deemed-acceptance" in warning_ids(tl)
    # the decision period runs from the receipt day: 9-29, 9-30, 10-08, 10-09 (调休) ... 10-18
    assert open_due(tl)["decision"] == "2021-10-18"


def test_已告知补正则等待补齐材料() -> None:
    tl = run("approval", RECEIVED, ("supplement_requested", "2021-09-29"), as_of="2021-10-08")
    assert tl.state == "received" and "decision" not in open_due(tl)


def test_受理后十个工作日作出决定_四个工作日内委托评估() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, as_of="2021-09-30")
    due = open_due(tl)
    assert due["decision"] == "2021-10-19"
    assert due["evaluation-commission"] == "2021-10-11"
    assert tl.state == "accepted"


def test_情况复杂二十个工作日() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, as_of="2021-09-30", complex=True)
    assert open_due(tl)["decision"] == "2021-11-02"


def test_延长核准时限不超过四十个工作日() -> None:
    tl = run(
        "approval", RECEIVED, ACCEPTED, ("decision_extended", "2021-10-20"), as_of="2021-10-21", complex=True
    )
    decision = next(d for d in tl.deadlines if d.spec.id == "decision")
    assert decision.spec.variant == "extended" and decision.spec.clause.ref == "第十五条第一款"
    assert decision.due.basis.startswith("60 个工作日")


def test_评估时间不计入核准时限() -> None:
    tl = run(
        "approval",
        RECEIVED,
        ACCEPTED,
        ("evaluation_commissioned", "2021-10-11"),
        ("evaluation_completed", "2021-10-22"),
        as_of="2021-10-25",
    )
    decision = next(d for d in tl.deadlines if d.spec.id == "decision")
    assert decision.due.date.isoformat() == "2021-11-01"
    assert "2021-10-12 至 2021-10-22 不计入" in decision.basis


def test_评估进行中按评估时限估算() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, ("evaluation_commissioned", "2021-10-11"), as_of="2021-10-20")
    due = open_due(tl)
    assert "evaluation-report" in due and due["decision"] > due["evaluation-report"]


def test_下级核准机关三个工作日反馈_逾期视为同意() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, ("consultation_sent", "2021-09-30"), as_of="2021-10-08")
    assert open_due(tl)["lower-level-opinion"] == "2021-10-11"
    later = run("approval", RECEIVED, ACCEPTED, ("consultation_sent", "2021-09-30"), as_of="2021-10-12")
    assert "lower-level-opinion-missed" in warning_ids(later)


def test_核准后两年开工期限及延期申请() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, APPROVED, as_of="2021-10-14")
    assert tl.state == "approved"
    due = open_due(tl)
    assert due["start-or-expire"] == "2023-10-13"
    assert due["extension-apply"] == "2023-08-28"
    assert "decision" not in due


def test_申请延期_二十个工作日内决定_同意后延至三年() -> None:
    tl = run(
        "approval", RECEIVED, ACCEPTED, APPROVED, ("extension_requested", "2023-08-25"), as_of="2023-08-28"
    )
    assert open_due(tl)["extension-decision"] == "2023-09-22"
    ext = run(
        "approval",
        RECEIVED,
        ACCEPTED,
        APPROVED,
        ("extension_requested", "2023-08-25"),
        ("extended", "2023-09-15"),
        as_of="2023-10-16",
    )
    assert ext.state == "extended"
    assert open_due(ext) == {"start-or-expire": "2024-10-14"}  # 2024-10-13 is a Sunday


def test_延期申请晚于届满三十个工作日前有提示() -> None:
    tl = run(
        "approval", RECEIVED, ACCEPTED, APPROVED, ("extension_requested", "2023-09-01"), as_of="2023-09-02"
    )
    assert "extension-apply-late" in warning_ids(tl)


def test_延期决定未作出时不视为失效() -> None:
    tl = run(
        "approval", RECEIVED, ACCEPTED, APPROVED, ("extension_requested", "2023-08-25"), as_of="2023-10-16"
    )
    assert tl.state == "approved" and "extension-decision-missed" in warning_ids(tl)


def test_未开工也未申请延期自动失效() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, APPROVED, as_of="2023-10-16")
    assert tl.state == "expired"
    assert {"expired", "extension-apply-missed"} <= warning_ids(tl)


def test_开工后长期有效() -> None:
    tl = run("approval", APPROVED, ("started", "2022-05-01"), as_of="2024-01-01")
    assert tl.state == "started" and tl.deadlines == []


def test_变更决定十个或二十个工作日_同意变更重新起算两年() -> None:
    tl = run("approval", APPROVED, ("change_requested", "2022-03-01"), as_of="2022-03-02")
    assert open_due(tl)["change-decision"] == "2022-03-15"
    hard = run("approval", APPROVED, ("change_requested", "2022-03-01"), as_of="2022-03-02", complex=True)
    assert open_due(hard)["change-decision"] == "2022-03-29"
    changed = run(
        "approval",
        APPROVED,
        ("change_requested", "2022-03-01"),
        ("change_approved", "2022-03-10"),
        as_of="2022-03-11",
    )
    assert open_due(changed)["start-or-expire"] == "2024-03-11"  # 2024-03-10 is a Sunday


def test_不予核准() -> None:
    tl = run("approval", RECEIVED, ACCEPTED, ("rejected", "2021-10-12"), as_of="2021-10-13")
    assert tl.state == "rejected" and tl.deadlines == []


def test_延期上限一年() -> None:
    project = {
        "management": "approval",
        "events": [
            {"type": "approved", "date": "2021-10-13"},
            {"type": "extended", "date": "2023-09-15", "until": "2024-12-31"},
        ],
    }
    from datetime import date

    from huiqi.procedures import build_timeline

    with pytest.raises(InputError, match=r"events\[1\]\.until"):
        build_timeline(project, date(2023, 9, 16))

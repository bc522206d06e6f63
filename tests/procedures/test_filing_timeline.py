"""备案 (filing): 第二十条～第二十二条, dates hand-counted on the 2021–2024 holiday notices."""

from procedures_helpers import open_due, run, warning_ids

FILED = ("filed", "2021-09-30")


def test_备案机关三个工作日内核查_合同示例() -> None:
    tl = run("filing", FILED, as_of="2021-10-08")
    assert tl.state == "filed"
    check = next(d for d in tl.deadlines if d.spec.id == "filing-check")
    out = check.to_json()
    assert out["due"] == "2021-10-11" and out["opens"] is None and out["provisional"] is False
    assert out["basis"] == "3 个工作日, 自 2021-09-30 次日起算"
    assert out["clause"]["doc"] == "tech-upgrade-filing" and out["clause"]["ref"] == "第二十条"


def test_两年开工期限与延期办理窗口() -> None:
    tl = run("filing", FILED, as_of="2021-10-12")
    due = open_due(tl)
    assert "filing-check" not in due  # 10-11 has passed
    assert due["start-or-expire"] == "2023-10-07"  # 2023-09-30 is a holiday; 10-07 a 调休 Saturday
    window = next(d for d in tl.deadlines if d.spec.id == "extension-apply")
    assert window.opens is not None and window.opens.date.isoformat() == "2023-08-18"
    assert window.due.date.isoformat() == "2023-10-07"
    assert window.spec.clause.ref == "第二十二条第二款"
    assert (
        next(d for d in tl.deadlines if d.spec.id == "start-or-expire").spec.clause.ref == "第二十二条第四款"
    )


def test_届满日当日仍有效_次日失效() -> None:
    assert run("filing", FILED, as_of="2023-10-07").state == "filed"
    tl = run("filing", FILED, as_of="2023-10-08")
    assert tl.state == "expired" and "expired" in warning_ids(tl)
    assert tl.deadlines == []


def test_窗口内办理延期_期限延至三年() -> None:
    tl = run("filing", FILED, ("extension_requested", "2023-09-01"), as_of="2023-10-08")
    assert tl.state == "extended"
    assert open_due(tl) == {"start-or-expire": "2024-09-30"}
    assert not warning_ids(tl) - {"not-in-force"}


def test_早于窗口办理延期有提示() -> None:
    tl = run("filing", FILED, ("extension_requested", "2023-08-01"), as_of="2023-08-02")
    assert "extension-apply-early" in warning_ids(tl)


def test_开工后三十个工作日内告知() -> None:
    tl = run("filing", FILED, ("started", "2021-12-01"), as_of="2021-12-02")
    assert tl.state == "started"
    assert open_due(tl)["start-report"] == "2022-01-13"  # 元旦 2022-01-01..03 skipped
    assert "start-or-expire" not in open_due(tl)  # 第二十二条第五款: 长期有效


def test_未按时告知开工有提示_按时告知则关闭() -> None:
    late = run("filing", FILED, ("started", "2021-12-01"), as_of="2022-01-14")
    assert "start-report-missed" in warning_ids(late)
    done = run(
        "filing", FILED, ("started", "2021-12-01"), ("start_reported", "2021-12-10"), as_of="2022-01-14"
    )
    assert "start-report" not in open_due(done) and "start-report-missed" not in warning_ids(done)


def test_备案变更在完工时间三十个工作日前() -> None:
    tl = run("filing", FILED, as_of="2021-10-12", planned_completion="2022-12-31")
    assert open_due(tl)["change-report"] == "2022-11-21"
    late = run(
        "filing",
        FILED,
        ("change_requested", "2022-12-01"),
        as_of="2022-12-02",
        planned_completion="2022-12-31",
    )
    assert "change-report-late" in warning_ids(late)


def test_失效后开工有提示() -> None:
    tl = run("filing", FILED, ("started", "2023-10-09"), as_of="2023-10-10")
    assert tl.state == "started" and "started-after-expiry" in warning_ids(tl)


def test_撤回与撤销() -> None:
    withdrawn = run("filing", FILED, ("withdrawn", "2022-03-01"), as_of="2024-01-01")
    assert withdrawn.state == "withdrawn" and withdrawn.deadlines == []
    assert "expired" not in warning_ids(withdrawn)
    revoked = run("filing", FILED, ("revoked", "2021-10-08"), as_of="2021-10-09")
    assert revoked.state == "revoked" and revoked.deadlines == []


def test_完工() -> None:
    tl = run(
        "filing",
        FILED,
        ("started", "2021-12-01"),
        ("start_reported", "2021-12-03"),
        ("completed", "2022-06-30"),
        as_of="2022-07-01",
        planned_completion="2022-12-31",
    )
    assert tl.state == "completed" and tl.deadlines == []


def test_字段代替事件_晚于as_of的事件不计入() -> None:
    tl = run(
        "filing",
        as_of="2020-06-20",
        filed_on="2020-05-10",
        started_on="2020-06-15",
        completed_on="2021-11-30",
    )
    assert tl.state == "started"
    assert {"future-events", "not-in-force"} <= warning_ids(tl)

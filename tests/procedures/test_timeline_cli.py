"""``huiqi timeline`` through typer's CliRunner: JSON (contract §3), text, ICS, profiles, errors."""

import json
from pathlib import Path

from typer.testing import CliRunner

from huiqi.cli import app

EXAMPLES = Path(__file__).parents[2] / "examples/timeline"
runner = CliRunner()


def invoke(*args: str):
    # with a single registered command typer runs it without its name
    prefix = ["timeline"] if len(app.registered_commands) > 1 else []
    return runner.invoke(app, [*prefix, *args])


def test_合同第三节JSON() -> None:
    result = invoke(str(EXAMPLES / "filing.json"), "--as-of", "2021-10-08", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["state"] == "filed" and isinstance(doc["warnings"], list)
    first = doc["deadlines"][0]
    assert first == {
        **first,
        "id": "filing-check",
        "due": "2021-10-11",
        "opens": None,
        "basis": "3 个工作日, 自 2021-09-30 次日起算",
        "provisional": False,
    }
    assert set(first["clause"]) >= {"doc", "doc_title", "ref"}


def test_中文文本输出() -> None:
    result = invoke(str(EXAMPLES / "approval.json"), "--as-of", "2023-08-01", "--format", "text")
    assert result.exit_code == 0, result.output
    assert "已核准" in result.stdout and "第十八条第一款" in result.stdout and "2023-08-28" in result.stdout


def test_ICS文件可解析(tmp_path: Path) -> None:
    from icalendar import Calendar

    ics = tmp_path / "t.ics"
    result = invoke(str(EXAMPLES / "filing.json"), "--as-of", "2021-10-08", "--ics", str(ics))
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(ics.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    doc = json.loads(result.stdout)
    assert len(events) == len(doc["deadlines"])
    starts = {e.decoded("dtstart").isoformat() for e in events}
    assert {d["due"] for d in doc["deadlines"]} == starts


def test_画像文件与项目选择(tmp_path: Path) -> None:
    filing = json.loads((EXAMPLES / "filing.json").read_text(encoding="utf-8"))
    approval = json.loads((EXAMPLES / "approval.json").read_text(encoding="utf-8"))
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"as_of": "2021-10-08", "projects": [filing, approval]}), encoding="utf-8")
    every = json.loads(invoke(str(profile)).stdout)
    assert [t["project"] for t in every["timelines"]] == ["dg-filing-1", "fs-approval-1"]
    one = json.loads(invoke(str(profile), "--project", "fs-approval-1").stdout)
    assert one["state"] == "accepted"  # approved only on 2021-10-13
    assert {d["id"]: d["due"] for d in one["deadlines"]}["decision"] == "2021-10-19"


def test_错误输入退出码2且无堆栈(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "projects": [
                    {
                        "id": "x",
                        "management": "filing",
                        "events": [
                            {"type": "filed", "date": "2021-09-30"},
                            {"type": "started", "date": "2021-09-01"},
                        ],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    result = invoke(str(bad), "--as-of", "2022-01-01")
    assert result.exit_code == 2
    assert "projects[0].events[1].date" in result.output and "Traceback" not in result.output
    missing = invoke(str(tmp_path / "none.json"))
    assert missing.exit_code == 2
    assert invoke(str(bad), "--as-of", "2022-02-30").exit_code == 2
    assert invoke(str(bad), "--project", "nope").exit_code == 2

"""Renderers for timelines: Chinese text and iCalendar (one all-day event per open deadline)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from huiqi.procedures.model import STATE_NAMES, Timeline
from huiqi.procedures.specs import table

MANAGEMENT_NAMES = {"filing": "备案", "approval": "核准"}


def to_text(tl: Timeline) -> str:
    head = f"项目 {tl.project}" if tl.project else "项目"
    lines = [
        f"{head}（{MANAGEMENT_NAMES.get(tl.management, tl.management)}管理）",
        f"截至 {tl.as_of}: {STATE_NAMES.get(tl.state, tl.state)}",
    ]
    if tl.authority:
        lines.append(f"办理机关: {tl.authority['name']}")
    if tl.deadlines:
        lines.append("未届满的期限:")
        for d in sorted(tl.deadlines, key=lambda d: d.due.date):
            window = f"{d.opens.date} 至 " if d.opens else ""
            mark = "（暂定: 所涉年份节假日未公布）" if d.provisional else ""
            lines.append(f"  - {window}{d.due.date}  {d.spec.label}  [{d.spec.actor}]{mark}")
            lines.append(f"      依据: {d.spec.clause.ref}; 计算: {d.basis}")
            if d.note:
                lines.append(f"      说明: {d.note}")
    else:
        lines.append("没有未届满的期限。")
    if tl.warnings:
        lines.append("提示:")
        lines.extend(f"  ! {w.message}" + (f" ({w.clause.ref})" if w.clause else "") for w in tl.warnings)
    return "\n".join(lines)


def to_ics(timelines: list[Timeline], now: datetime | None = None) -> bytes:
    """An iCalendar file: one all-day VEVENT per open deadline of every timeline."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//huiqi//timeline//ZH")
    cal.add("version", "2.0")
    stamp = now or datetime.now(UTC)
    for tl in timelines:
        for d in tl.deadlines:
            event = Event()
            event.add("uid", f"{tl.project or 'project'}-{d.spec.id}-{d.due.date}@huiqi")
            event.add("dtstamp", stamp)
            event.add("summary", f"{d.spec.label}（{tl.project or ''}）".replace("（）", ""))
            event.add("dtstart", d.due.date)
            event.add("dtend", d.due.date + timedelta(days=1))
            event.add(
                "description",
                _description(d.spec.clause.ref, d.basis, d.opens.date if d.opens else None, d.provisional),
            )
            cal.add_component(event)
    return cal.to_ical()


def _description(ref: str, basis: str, opens: date | None, provisional: bool) -> str:
    parts = [f"依据: {table().number} {ref}", f"计算: {basis}"]
    if opens is not None:
        parts.append(f"自 {opens} 起可办理")
    if provisional:
        parts.append("暂定: 所涉年份节假日安排尚未公布")
    return "\n".join(parts)

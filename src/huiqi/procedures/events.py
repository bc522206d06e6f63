"""Project events for the timeline: parsing, the types each management kind knows, and the checks
that reject impossible histories (contract §6: the error names the event, ``events[2].date: ...``).

The contract's event types (§1) are extended with the procedural steps the 细则 names, so that every
deadline can be closed by the event that meets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from huiqi.errors import FieldError, InputError

#: event types and their Chinese names, per management kind
COMMON_TYPES = {
    "started": "开工建设",
    "completed": "完工",
    "withdrawn": "撤回",
    "change_requested": "申请/办理变更",
    "extension_requested": "申请延期开工建设",
    "extended": "同意/办理延期",
}
APPROVAL_TYPES = {
    "received": "核准机关收到申报材料",
    "supplement_requested": "一次告知补正材料",
    "accepted": "受理",
    "evaluation_commissioned": "委托评估",
    "evaluation_extended": "延长评估时限",
    "evaluation_completed": "评估报告提交",
    "consultation_sent": "征求下级核准机关意见",
    "consultation_replied": "下级核准机关反馈",
    "decision_extended": "延长核准时限",
    "approved": "核准",
    "rejected": "不予核准",
    "change_approved": "同意变更",
    "change_refused": "不同意变更",
    "extension_refused": "不同意延期",
}
FILING_TYPES = {
    "filed": "备案",
    "start_reported": "告知开工建设情况",
    "revoked": "备案机关撤销备案",
}
EVENT_NAMES = {**COMMON_TYPES, **APPROVAL_TYPES, **FILING_TYPES}
TYPES_FOR = {
    "approval": {**COMMON_TYPES, **APPROVAL_TYPES},
    "filing": {**COMMON_TYPES, **FILING_TYPES},
}
#: project fields that stand for an event when the event list lacks it
FIELD_EVENTS = {
    "filed_on": "filed",
    "approved_on": "approved",
    "started_on": "started",
    "completed_on": "completed",
}
KNOWN_EVENT_KEYS = {"type", "date", "complex", "until", "note"}
#: at most once in a history
ONCE = {
    "accepted",
    "approved",
    "rejected",
    "filed",
    "started",
    "completed",
    "withdrawn",
    "revoked",
    "extended",
    "decision_extended",
    "evaluation_commissioned",
    "evaluation_extended",
    "evaluation_completed",
}
#: nothing may follow these
FINAL = {"completed", "withdrawn", "revoked", "rejected"}
#: type -> the events one of which must have happened on or before it
REQUIRES: dict[str, tuple[str, ...]] = {
    "supplement_requested": ("received",),
    "evaluation_commissioned": ("accepted", "received"),
    "evaluation_extended": ("evaluation_commissioned",),
    "evaluation_completed": ("evaluation_commissioned",),
    "consultation_sent": ("accepted", "received"),
    "consultation_replied": ("consultation_sent",),
    "decision_extended": ("accepted", "received"),
    "change_requested": ("approved", "filed"),
    "change_approved": ("change_requested",),
    "change_refused": ("change_requested",),
    "extension_requested": ("approved", "filed"),
    "extended": ("approved", "filed"),
    "extension_refused": ("extension_requested",),
    "started": ("approved", "filed"),
    "start_reported": ("started",),
    "completed": ("started",),
    "withdrawn": ("received", "accepted", "approved", "filed"),
    "revoked": ("filed",),
}
#: type -> events that may not come after it is already there (beyond FINAL)
NOT_AFTER = {"started": ("extension_requested", "extended", "withdrawn")}
#: the decision steps may not precede the steps that lead to them
NOT_BEFORE = {
    "approved": ("received", "accepted"),
    "rejected": ("received", "accepted"),
    "accepted": ("received",),
}


@dataclass(frozen=True)
class Event:
    type: str
    date: date
    path: str  # ``events[2]`` or the project field it came from (``filed_on``)
    complex: bool = False
    until: dt.date | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return EVENT_NAMES.get(self.type, self.type)


@dataclass
class EventLog:
    """The events of one project, in date order (list order within a day)."""

    events: list[Event] = field(default_factory=list)

    def of(self, *types: str) -> list[Event]:
        return [e for e in self.events if e.type in types]

    def first(self, *types: str, after: date | None = None) -> Event | None:
        for e in self.events:
            if e.type in types and (after is None or e.date >= after):
                return e
        return None

    def last(self, *types: str) -> Event | None:
        found = self.of(*types)
        return found[-1] if found else None


def parse_date(value: Any, path: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(f"{value!r} is not an ISO date YYYY-MM-DD", path)


def parse_events(project: Mapping[str, Any], management: str, prefix: str = "") -> tuple[EventLog, list[str]]:
    """The project's events (list and ``*_on`` fields), checked; and notes on unknown keys."""
    raw = project.get("events") or []
    if not isinstance(raw, list):
        raise InputError("must be a list of {type, date} objects", f"{prefix}events")
    allowed = TYPES_FOR[management]
    errors: list[FieldError] = []
    notes: list[str] = []
    events: list[Event] = []
    for i, item in enumerate(raw):
        path = f"{prefix}events[{i}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(path, "must be an object with 'type' and 'date'"))
            continue
        kind = item.get("type")
        if kind == "received" and management == "filing":
            kind = "filed"  # 备案: the agency receives the information when the project is filed
        if kind not in allowed:
            where = "unknown event type" if kind not in EVENT_NAMES else f"not an event of {management}"
            errors.append(FieldError(f"{path}.type", f"{where}: {kind!r}; expected one of {sorted(allowed)}"))
            continue
        try:
            day = parse_date(item.get("date"), f"{path}.date")
            until = parse_date(item["until"], f"{path}.until") if item.get("until") else None
        except InputError as exc:
            errors.extend(exc.errors)
            continue
        extra = set(item) - KNOWN_EVENT_KEYS
        if extra:
            notes.append(f"{path}: 未识别的字段 {sorted(extra)} 已忽略")
        events.append(
            Event(str(kind), day, path, bool(item.get("complex", False)), until, str(item.get("note", "")))
        )
    for fld, kind in FIELD_EVENTS.items():
        if kind not in allowed or not project.get(fld):
            continue
        try:
            day = parse_date(project[fld], f"{prefix}{fld}")
        except InputError as exc:
            errors.extend(exc.errors)
            continue
        same = [e for e in events if e.type == kind]
        if not same:
            events.append(Event(kind, day, f"{prefix}{fld}"))
        elif same[0].date != day:
            notes.append(f"{prefix}{fld} ({day}) 与事件 {same[0].path} ({same[0].date}) 不一致, 以事件为准")
    if errors:
        raise InputError(errors)
    order = {e.path: n for n, e in enumerate(events)}
    events.sort(key=lambda e: (e.date, order[e.path]))
    check_history(events)
    return EventLog(events), notes


def check_history(events: Iterable[Event]) -> None:
    """Reject what cannot have happened: steps out of order, repeats, anything after the end."""
    seen: list[Event] = []
    errors: list[FieldError] = []
    for e in events:
        before = [s for s in seen if s.date <= e.date]
        done = {s.type for s in seen}
        final = next((s for s in seen if s.type in FINAL), None)
        if final is not None:
            errors.append(FieldError(e.path, f"{e.type} ({e.date}) after {final.type} ({final.date})"))
        elif e.type in ONCE and e.type in done:
            why = "开工建设只能延期 1 次" if e.type == "extended" else "may happen only once"
            errors.append(FieldError(e.path, f"a second {e.type}: {why}"))
        elif e.type == "extension_requested" and _extension_blocked(seen):
            errors.append(FieldError(e.path, "a second extension request: 开工建设只能延期 1 次"))
        elif e.type in REQUIRES and not any(s.type in REQUIRES[e.type] for s in before):
            need = " or ".join(t for t in REQUIRES[e.type] if t in EVENT_NAMES)
            errors.append(FieldError(f"{e.path}.date", f"{e.type} ({e.date}) before any {need}"))
        else:
            blocker = next((s for s in seen if e.type in NOT_AFTER.get(s.type, ())), None)
            if blocker is not None:
                errors.append(FieldError(e.path, f"{e.type} after {blocker.type} ({blocker.date})"))
        seen.append(e)
    errors.extend(_decision_order(list(seen)))
    if errors:
        raise InputError(errors)


def _extension_blocked(seen: list[Event]) -> bool:
    """Already extended, or an earlier request is still undecided (a refused one may be renewed)."""
    if any(s.type == "extended" for s in seen):
        return True
    requests = [s for s in seen if s.type == "extension_requested"]
    if not requests:
        return False
    return not any(s.type == "extension_refused" and s.date >= requests[-1].date for s in seen)


def _decision_order(events: list[Event]) -> list[FieldError]:
    """A decision dated before the receipt or acceptance it answers."""
    errors = []
    for e in events:
        for earlier in NOT_BEFORE.get(e.type, ()):
            prior = next((p for p in events if p.type == earlier), None)
            if prior is not None and prior.date > e.date:
                errors.append(
                    FieldError(f"{e.path}.date", f"{e.type} ({e.date}) before {earlier} ({prior.date})")
                )
    return errors

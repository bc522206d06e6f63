"""The timeline's output objects (contract §3): state, open deadlines, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from huiqi.calendar import PeriodResult
from huiqi.procedures.events import Event
from huiqi.procedures.specs import DeadlineSpec
from huiqi.rules.clause import ClauseRef

#: Chinese names of the states
STATE_NAMES = {
    "none": "尚无事件（评估日早于首个事件）",
    "received": "已收到申报材料",
    "accepted": "已受理",
    "approved": "已核准",
    "rejected": "不予核准",
    "filed": "已备案",
    "revoked": "备案已撤销",
    "started": "已开工",
    "extended": "已延期开工",
    "expired": "已失效",
    "withdrawn": "已撤回",
    "completed": "已完工",
}


@dataclass(frozen=True)
class Deadline:
    spec: DeadlineSpec
    due: PeriodResult
    opens: PeriodResult | None = None
    note: str = ""

    @property
    def provisional(self) -> bool:
        return self.due.provisional or (self.opens is not None and self.opens.provisional)

    @property
    def basis(self) -> str:
        if self.opens is None:
            return self.due.basis
        return f"{self.opens.basis} 起至 {self.due.date.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.spec.id,
            "label": self.spec.label,
            "due": self.due.date.isoformat(),
            "opens": self.opens.date.isoformat() if self.opens else None,
            "clause": self.spec.clause.to_json(),
            "basis": self.basis,
            "provisional": self.provisional,
            "actor": self.spec.actor,
            "note": self.note,
        }


@dataclass(frozen=True)
class Warning:
    id: str
    message: str
    clause: ClauseRef | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "message": self.message,
            "clause": self.clause.to_json() if self.clause else None,
        }


@dataclass
class Timeline:
    project: str | None
    management: str
    as_of: date
    state: str = "received"
    deadlines: list[Deadline] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    authority: dict[str, Any] | None = None
    code: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state}
        if self.project is not None:
            out = {"project": self.project, **out}
        out.update(
            {
                "state_label": STATE_NAMES.get(self.state, self.state),
                "management": self.management,
                "as_of": self.as_of.isoformat(),
                "deadlines": [d.to_json() for d in sorted(self.deadlines, key=lambda d: d.due.date)],
                "warnings": [w.to_json() for w in self.warnings],
                "events": [
                    {"type": e.type, "date": e.date.isoformat(), "source": e.path} for e in self.events
                ],
                "authority": self.authority,
            }
        )
        if self.code is not None:
            out["code"] = self.code
        return out

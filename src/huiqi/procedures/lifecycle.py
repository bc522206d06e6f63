"""The lifecycle engine: a project's events → its state on ``as_of``, the deadlines still open and
warnings for those missed (contract §3).

The numbers and clauses come from ``deadlines.yaml``; this module only decides which event each
deadline runs from and which event meets it. Readings the text leaves open are stated where they
are made (see also the module docstrings of :mod:`huiqi.calendar.periods`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from huiqi.calendar import PeriodResult, WorkCalendar, default_calendar
from huiqi.errors import InputError
from huiqi.procedures.authority import filing_authority
from huiqi.procedures.events import Event, EventLog, parse_date, parse_events
from huiqi.procedures.model import Deadline, Timeline, Warning
from huiqi.procedures.project_code import check_project_code
from huiqi.procedures.specs import DeadlineSpec, table
from huiqi.rules.clause import ClauseRef

MANAGEMENT_ALIASES = {
    "filing": "filing",
    "备案": "filing",
    "approval": "approval",
    "核准": "approval",
    "examination": "examination",
    "审批": "examination",
}
DOC_WORD = {"approval": "核准文件（或同意变更决定）", "filing": "备案证"}
END_EVENTS = ("withdrawn", "revoked", "rejected")


def build_timeline(
    project: Mapping[str, Any],
    as_of: date,
    *,
    calendar: WorkCalendar | None = None,
    prefix: str = "",
) -> Timeline:
    """The timeline of one project (contract §1 object with ``management`` and ``events``).

    ``prefix`` is the project's path in the input (``projects[0].``) for error messages.
    """
    if not isinstance(project, Mapping):
        raise InputError("must be a project object", prefix.rstrip(".") or "project")
    management = MANAGEMENT_ALIASES.get(str(project.get("management", "")))
    if management is None:
        raise InputError(
            f"{project.get('management')!r}: expected filing (备案) or approval (核准)", f"{prefix}management"
        )
    if management == "examination":
        raise InputError(
            "审批 (examination) projects are government investment, outside the "
            "技改核准备案细则: no timeline",
            f"{prefix}management",
        )
    is_complex = project.get("complex", False)
    if not isinstance(is_complex, bool):
        raise InputError("must be true or false", f"{prefix}complex")
    log, notes = parse_events(project, management, prefix)
    if not log.events:
        raise InputError("needs at least one event (or filed_on / approved_on)", f"{prefix}events")
    tl = Timeline(str(project["id"]) if project.get("id") is not None else None, management, as_of)
    future = [e for e in log.events if e.date > as_of]
    log = EventLog([e for e in log.events if e.date <= as_of])
    tl.events = log.events
    engine = _Engine(tl, log, calendar or default_calendar(), project, prefix, is_complex)
    engine.warn_many("unknown-field", notes)
    if future:
        engine.warn(
            "future-events",
            f"{len(future)} 个事件晚于 as_of {as_of}, 未计入: "
            + ", ".join(f"{e.type} {e.date}" for e in future),
        )
    if not log.events:  # as_of precedes every event: nothing has happened yet
        tl.state = "none"
        return tl
    try:
        engine.run()
    except OverflowError:  # a deadline past 9999-12-31: the dates cannot be meant
        last = max(log.events, key=lambda e: e.date)
        raise InputError(f"{last.date} is too late: its deadlines fall beyond the calendar (9999-12-31)",
                         last.path) from None
    return tl


class _Engine:
    def __init__(
        self,
        tl: Timeline,
        log: EventLog,
        cal: WorkCalendar,
        project: Mapping[str, Any],
        prefix: str,
        is_complex: bool,
    ) -> None:
        self.tl, self.log, self.cal, self.project, self.prefix = tl, log, cal, project, prefix
        self.complex = is_complex
        self.ended = log.first(*END_EVENTS)
        self.expired = False
        self.accepted_on: date | None = None

    # -- helpers -------------------------------------------------------------------------------
    def spec(self, deadline_id: str, variant: str = "") -> DeadlineSpec:
        return table().get(self.tl.management, deadline_id, variant)

    def warn(self, wid: str, message: str, clause: ClauseRef | None = None) -> None:
        self.tl.warnings.append(Warning(wid, message, clause))

    def warn_many(self, wid: str, messages: list[str]) -> None:
        for message in messages:
            self.warn(wid, message)

    def track(
        self,
        deadline_id: str,
        anchor: date,
        variant: str = "",
        *,
        closed_by: Event | None = None,
        missed: str = "",
        late: str = "",
        skip: Callable[[date], bool] | None = None,
        skip_note: str = "",
        note: str = "",
    ) -> Deadline:
        """Compute a deadline; keep it if still open, warn if it was missed or met late.

        ``missed``/``late`` are message templates with ``{due}`` (and ``{on}``, the closing date).
        A deadline nothing has met is dropped silently once the project has ended before it.
        """
        spec = self.spec(deadline_id, variant)
        kwargs: dict[str, Any] = {"skip": skip, "skip_note": skip_note} if skip else {}
        due, opens = spec.compute(anchor, self.cal, **kwargs)
        deadline = Deadline(spec, due, opens, note)
        if closed_by is not None:
            if late and closed_by.date > due.date:
                self.warn(f"{spec.id}-late", late.format(due=due.date, on=closed_by.date), spec.clause)
        elif self.ended is not None and self.ended.date <= due.date:
            pass
        elif self.tl.as_of <= due.date:
            self.tl.deadlines.append(deadline)
        elif missed:
            self.warn(f"{spec.id}-missed", missed.format(due=due.date, on=None), spec.clause)
        return deadline

    # -- the procedure -------------------------------------------------------------------------
    def run(self) -> None:
        self._context()
        if self.tl.management == "approval":
            self._approval()
        else:
            self._filing()
        self.tl.state = self._state()

    def _context(self) -> None:
        first = self.log.events[0]
        tab = table()
        if not tab.in_force_from <= first.date <= tab.in_force_to:
            self.warn(
                "not-in-force",
                f"首个事件 {first.date} 不在{tab.number}有效期 ({tab.in_force_from} 至 "
                f"{tab.in_force_to}) 内: 时限按该细则推算, 请核对当时有效的规定",
                tab.in_force_clause,
            )
        authority = filing_authority(self.project)
        if authority is not None:
            self.tl.authority = authority.to_json()
            if not authority.applicable:
                self.warn("not-applicable", authority.note, authority.clause)
        code = self.project.get("code")
        if code:
            base = self.log.first("approved", "filed")
            checked = check_project_code(
                str(code),
                path=f"{self.prefix}code",
                management=self.tl.management,
                on_or_before=base.date if base else None,
            )
            self.tl.code = {
                "generation": checked.generation,
                "issued": checked.issued,
                "region": checked.region,
                "city": checked.city,
            }
            self.warn_many("code-unverified", checked.warnings)

    def _approval(self) -> None:
        log = self.log
        self._acceptance()
        decided = log.first("approved", "rejected")
        if self.accepted_on is not None and (decided is None or decided.date >= self.accepted_on):
            self._decision(self.accepted_on, decided)
        if decided is None or decided.type != "approved":
            return
        for req in log.of("change_requested"):
            answer = log.first("change_approved", "change_refused", after=req.date)
            self.track(
                "change-decision",
                req.date,
                "complex" if req.complex or self.complex else "",
                closed_by=answer,
                missed="核准机关未在 {due} 前作出是否同意变更的决定",
                late="变更决定 ({on}) 晚于时限 {due}",
            )
        started = log.first("started")
        # 第十八条: the two years run from the approval or from the later change decision
        bases = [decided] + [
            e for e in log.of("change_approved") if started is None or e.date <= started.date
        ]
        self._validity(bases[-1].date)
        for req in log.of("extension_requested"):
            answer = log.first("extended", "extension_refused", after=req.date)
            self.track(
                "extension-decision",
                req.date,
                closed_by=answer,
                missed="核准机关未在 {due} 前作出是否同意延期开工建设的决定",
                late="延期决定 ({on}) 晚于时限 {due}",
            )

    def _acceptance(self) -> None:
        """第十三条第二款: notify missing materials once within 2 working days, else deemed accepted
        from the day of receipt — which then also starts the decision period."""
        log = self.log
        received, accepted = log.last("received"), log.first("accepted")
        self.accepted_on = accepted.date if accepted else None
        if received is None or (accepted is not None and accepted.date < received.date):
            return
        notice = log.first("supplement_requested", after=received.date)
        clause = self.spec("acceptance-notice").clause
        deadline = self.track(
            "acceptance-notice",
            received.date,
            closed_by=notice or accepted,
            late="一次告知补正 ({on}) 晚于 {due}: 依第十三条第二款已视为受理",
        )
        due = deadline.due.date
        if notice is not None and notice.date <= due:
            if accepted is None or accepted.date < notice.date:
                self.accepted_on = None  # waiting for the completed materials
            return
        if (accepted is not None and accepted.date > due) or (accepted is None and self.tl.as_of > due):
            self.accepted_on = received.date
            self.warn(
                "deemed-acceptance",
                f"核准机关未在 {due} 前一次告知补正: 自收到申报材料之日 {received.date} 起即为受理",
                clause,
            )

    def _decision(self, accepted_on: date, decided: Event | None) -> None:
        log = self.log
        commissioned = log.first("evaluation_commissioned")
        if decided is None or commissioned is not None:
            self.track(
                "evaluation-commission",
                accepted_on,
                closed_by=commissioned or decided,
                late="委托评估 ({on}) 晚于受理后 4 个工作日 ({due})",
                note="仅在需要评估时适用",
            )
        skip: Callable[[date], bool] | None = None
        skip_note = ""
        if commissioned is not None:
            done = log.first("evaluation_completed")
            evaluation = self.track(
                "evaluation-report",
                commissioned.date,
                "extended" if log.first("evaluation_extended") else "",
                closed_by=done,
                missed="评估报告未在评估时限 {due} 内提交",
                late="评估报告 ({on}) 晚于评估时限 {due}",
            )
            start, end = commissioned.date, done.date if done else evaluation.due.date
            skip = lambda day: start < day <= end  # noqa: E731
            skip_note = f"委托评估期间 {start + timedelta(days=1)} 至 {end} 不计入 (第十五条第二款)" + (
                "" if done else ", 评估尚未完成, 按评估时限估算"
            )
        for sent in log.of("consultation_sent"):
            self.track(
                "lower-level-opinion",
                sent.date,
                closed_by=log.first("consultation_replied", after=sent.date),
                missed="下级核准机关未在 {due} 前反馈: 依第十四条第三款视为同意",
            )
        variant = "extended" if log.first("decision_extended") else "complex" if self.complex else ""
        self.track(
            "decision",
            accepted_on,
            variant,
            closed_by=decided,
            skip=skip,
            skip_note=skip_note,
            missed="核准机关未在 {due} 前作出是否核准的决定 (参见第三十二条第（五）项)",
            late="核准决定 ({on}) 晚于时限 {due}",
        )

    def _filing(self) -> None:
        log = self.log
        filed = log.first("filed")
        if filed is None:
            return
        self.track("filing-check", filed.date)
        if log.first("revoked"):
            return
        self._validity(filed.date)
        started = log.first("started")
        if started is not None:
            self.track(
                "start-report",
                started.date,
                closed_by=log.first("start_reported"),
                missed="开工后 30 个工作日内 ({due} 前) 未告知开工建设情况; 2 年内仍未告知的, "
                "备案证可能自动失效 (第二十二条第四款)",
                late="开工告知 ({on}) 晚于 {due}",
            )
        planned = self.project.get("planned_completion")
        if planned and not log.first("completed"):
            when = parse_date(planned, f"{self.prefix}planned_completion")
            deadline = self.track("change-report", when, note="仅在发生第二十一条所列变更时办理")
            for req in log.of("change_requested"):
                if req.date > deadline.due.date:
                    self.warn(
                        "change-report-late",
                        f"备案变更 ({req.date}) 晚于完工时间 30 个工作日前 ({deadline.due.date})",
                        deadline.spec.clause,
                    )

    def _validity(self, base: date) -> None:
        """第十八条 / 第二十二条: two years to start, one extension of at most a year, else void."""
        log, filing = self.log, self.tl.management == "filing"
        started = log.first("started")
        extended = log.first("extended", "extension_requested") if filing else log.first("extended")
        plain = self.spec("start-or-expire").compute(base, self.cal)[0]
        deadline = Deadline(self.spec("start-or-expire"), plain)
        if extended is not None:
            deadline = self._extended_deadline(base, extended)
        end = deadline.due.date
        if started is not None:
            if started.date > end:
                self.warn(
                    "started-after-expiry",
                    f"开工 ({started.date}) 晚于开工期限 {end}: {DOC_WORD[self.tl.management]}已自动失效",
                    deadline.spec.clause,
                )
            return
        if self.ended is not None and self.ended.date <= end:
            return
        request = log.first("extension_requested")
        pending = (
            not filing
            and extended is None
            and request is not None
            and request.date <= end
            and log.first("extension_refused", after=request.date) is None
        )
        if self.tl.as_of <= end:
            self.tl.deadlines.append(deadline)
        elif not pending:
            self.expired = True
            self.warn(
                "expired", f"{end} 前未开工建设: {DOC_WORD[self.tl.management]}自动失效", deadline.spec.clause
            )
        self._extension_apply(plain.date, log.first("extension_requested", "extended"))

    def _extended_deadline(self, base: date, extended: Event) -> Deadline:
        spec = self.spec("start-or-expire", "extended")
        limit = spec.compute(base, self.cal)[0]
        if extended.until is None:
            return Deadline(spec, limit)
        if extended.until > limit.date:
            raise InputError(
                f"{extended.until} 超过延期上限 {limit.date} (开工建设只能延期 1 次, 最长 1 年)",
                f"{extended.path}.until",
            )
        return Deadline(
            spec,
            PeriodResult(
                extended.until, self.cal.is_provisional(extended.until), f"延期至 {extended.until} (延期决定)"
            ),
        )

    def _extension_apply(self, expiry: date, request: Event | None) -> None:
        if self.tl.management == "approval":
            self.track(
                "extension-apply",
                expiry,
                closed_by=request,
                missed="未在 2 年期限届满的 30 个工作日前 ({due}) 申请延期开工建设",
                late="延期申请 ({on}) 晚于 2 年期限届满的 30 个工作日前 ({due})",
            )
            return
        deadline = self.track(
            "extension-apply", expiry, closed_by=request, late="延期手续 ({on}) 晚于 2 年期限届满日 {due}"
        )
        if request is not None and deadline.opens is not None and request.date < deadline.opens.date:
            self.warn(
                "extension-apply-early",
                f"延期手续 ({request.date}) 早于 2 年期限届满前 30 个工作日 ({deadline.opens.date})",
                deadline.spec.clause,
            )

    def _state(self) -> str:
        log = self.log
        for kind in ("completed", "withdrawn", "revoked", "rejected", "started"):
            if log.first(kind):
                return kind
        if self.expired:
            return "expired"
        if log.first("extended") or (self.tl.management == "filing" and log.first("extension_requested")):
            return "extended"
        for kind in ("approved", "filed"):
            if log.first(kind):
                return kind
        if self.accepted_on is not None:
            return "accepted"
        return "received"

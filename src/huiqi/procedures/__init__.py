"""Filing and approval procedures of 技改项目 (粤工信规字〔2021〕2号): the deadline table as data
(``deadlines.yaml``), the lifecycle engine, the filing authority, 项目代码 checks and program calendars.

>>> from datetime import date
>>> tl = build_timeline({"management": "filing", "events": [{"type": "filed", "date": "2021-09-30"}]},
...                     date(2021, 10, 1))
>>> [(d.spec.id, d.due.date.isoformat()) for d in tl.deadlines][:1]
[('filing-check', '2021-10-11')]
"""

from huiqi.procedures.authority import Authority, filing_authority
from huiqi.procedures.lifecycle import build_timeline
from huiqi.procedures.model import Deadline, Timeline, Warning
from huiqi.procedures.project_code import ProjectCode, check_project_code

__all__ = [
    "Authority",
    "Deadline",
    "ProjectCode",
    "Timeline",
    "Warning",
    "build_timeline",
    "check_project_code",
    "filing_authority",
]

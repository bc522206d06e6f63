"""How many questions the interview asks, and how long a step takes, on the hand-written cases.

python benchmarks/interview_bench.py [--every 1]

Each hand case is interviewed twice, answering from its profile ("不知道" where the profile has no
value, "没有其他项目" past its last project): once for its own program, once for every program together.
A question is one screen: a grouped question asks several fields at once, all answered in that step.
Printed: questions and fields asked (median / max), per program and for every program together, for
two halves of the hand cases split by a stable hash of the case id (the ordering and grouping rules
were tuned looking at half A only; half B is the held-out check) and for all cases, beside the anchors
measured in the same run: the number of fields the full form asks, and an in-process ``assess`` of the
same profile. Every interview is checked to end on the statuses ``assess`` gives on the full profile.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.interview.helpers import answer_all

from huiqi.engine import default_engine
from huiqi.interview import step
from huiqi.programs.cases import Case, all_cases
from huiqi.web.forms import form_fields


def half(case: Case) -> str:
    """``A`` (tuned on) or ``B`` (held out), by a stable hash of the case id ``program:name``."""
    digest = hashlib.sha256(f"{case.program}:{case.name}".encode()).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def interview(
    profile: dict[str, Any],
    as_of: str,
    programs: list[str] | None,
    assume: dict[str, str],
    times: list[float],
    first: list[float],
) -> tuple[int, int, list[str]]:
    """Answer from ``profile`` to the end: (questions asked, fields asked, final statuses); step times
    in ms go to ``first`` (the first step of an interview: it may compile the rules for a new date) or
    ``times``."""
    body: dict[str, Any] = {"as_of": as_of, "answers": {}, "unknown": [], "programs": programs, "assume": assume}
    questions = 0
    while True:
        start = time.perf_counter()
        answer = step(body)
        (times if body["answers"] or body["unknown"] else first).append((time.perf_counter() - start) * 1000)
        if answer["done"]:
            return questions, len(body["answers"]) + len(body["unknown"]), [r["status"] for r in answer["results"]]
        questions += 1
        answer_all(profile, answer["question"], body)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


Counts = list[tuple[int, int]]  # (questions, fields) per interview


def line(name: str, counts: Counts) -> str:
    if not counts:
        return f"  {name:38s} -"
    qs, fs = [q for q, _ in counts], [f for _, f in counts]
    return (
        f"  {name:38s} n {len(counts):3d}  questions median {statistics.median(qs):5g} max {max(qs):3d}"
        f"  fields median {statistics.median(fs):5g} max {max(fs):3d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every", type=int, default=1, help="use every n-th hand case")
    args = parser.parse_args()
    engine = default_engine()
    cases = all_cases()[:: args.every]
    form = len(form_fields())
    one: dict[tuple[str, str], Counts] = defaultdict(list)
    whole: dict[str, Counts] = defaultdict(list)
    times: list[float] = []
    cold: list[float] = []
    first: list[float] = []
    assess_ms: list[float] = []
    unsound = 0
    step({"answers": {}})  # warm-up: compile the programs once
    for case in cases:
        day = case.as_of.isoformat()
        for programs in ([case.program], None):
            questions, fields, got = interview(case.profile, day, programs, case.assume, cold, first)
            interview(case.profile, day, programs, case.assume, times, [])  # again, the rules compiled
            start = time.perf_counter()
            full = engine.assess(case.profile, as_of=case.as_of, choices=case.assume, programs=programs)
            assess_ms.append((time.perf_counter() - start) * 1000)
            unsound += got != [r["status"] for r in full["results"]]
            (one[(case.program, half(case))] if programs else whole[half(case)]).append((questions, fields))
    print(
        f"hand cases: {len(cases)}  full form fields: {form}  (targets: one program median <= 8 questions; "
        f"every program together <= {form // 3} fields)"
    )
    print(f"interviews ending on a status other than assess on the full profile: {unsound}")
    programs = sorted({p for p, _ in one})
    for name, halves in (("half A (tuned on)", ("A",)), ("half B (held out)", ("B",)), ("all", ("A", "B"))):
        print(f"{name}:")
        singles = [c for (_, h), counts in one.items() if h in halves for c in counts]
        print(line("one program, every case", singles))
        print(line("every program together", [c for h in halves for c in whole[h]]))
        if name == "all":
            for program in programs:
                print(line(program, [c for h in halves for c in one[(program, h)]]))
    print(
        f"server time per question (in process, rules compiled for the date, {len(times)} steps): "
        f"p50 {pct(times, 0.5):.2f} ms  p99 {pct(times, 0.99):.2f} ms  max {max(times):.2f} ms  (target p99 <= 20 ms)"
    )
    print(
        f"  the same steps the first time a case's date is seen ({len(cold)}): p50 {pct(cold, 0.5):.2f} ms  "
        f"p99 {pct(cold, 0.99):.2f} ms; first steps ({len(first)}, compiling the rules for the date): "
        f"p50 {pct(first, 0.5):.2f} ms  p99 {pct(first, 0.99):.2f} ms"
    )
    print(f"anchor, assess of the same profiles: p50 {pct(assess_ms, 0.5):.2f} ms  p99 {pct(assess_ms, 0.99):.2f} ms")


if __name__ == "__main__":
    main()

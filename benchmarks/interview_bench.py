"""How many questions the interview asks, and how long a step takes, on the hand-written cases.

python benchmarks/interview_bench.py [--every 1]

Each hand case is interviewed twice, answering from its profile ("不知道" where the profile has no
value, "没有其他项目" past its last project): once for its own program, once for every program together.
Printed beside the anchors measured in the same run: the number of fields the full form asks, and an
in-process ``assess`` of the same profile. Every interview is checked to end on the statuses ``assess``
gives on the full profile.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.interview.helpers import UNKNOWN, answer_from

from huiqi.engine import default_engine
from huiqi.interview import step
from huiqi.programs.cases import all_cases
from huiqi.web.forms import form_fields


def interview(
    profile: dict[str, Any],
    as_of: str,
    programs: list[str] | None,
    assume: dict[str, str],
    times: list[float],
    first: list[float],
) -> tuple[int, list[str]]:
    """Answer from ``profile`` to the end: (questions asked, final statuses); step times in ms go to
    ``first`` (the first step of an interview: it may compile the rules for a new date) or ``times``."""
    body: dict[str, Any] = {"as_of": as_of, "answers": {}, "unknown": [], "programs": programs, "assume": assume}
    while True:
        start = time.perf_counter()
        answer = step(body)
        (times if body["answers"] or body["unknown"] else first).append((time.perf_counter() - start) * 1000)
        if answer["done"]:
            return len(body["answers"]) + len(body["unknown"]), [r["status"] for r in answer["results"]]
        field = answer["question"]["field"]
        value = answer_from(profile, field)
        if value is UNKNOWN:
            body["unknown"].append(field)
        else:
            body["answers"][field] = value


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every", type=int, default=1, help="use every n-th hand case")
    args = parser.parse_args()
    engine = default_engine()
    cases = all_cases()[:: args.every]
    form = len(form_fields())
    one: dict[str, list[int]] = defaultdict(list)
    whole: list[int] = []
    times: list[float] = []
    cold: list[float] = []
    first: list[float] = []
    assess_ms: list[float] = []
    unsound = 0
    step({"answers": {}})  # warm-up: compile the programs once
    for case in cases:
        day = case.as_of.isoformat()
        for programs in ([case.program], None):
            count, got = interview(case.profile, day, programs, case.assume, cold, first)
            interview(case.profile, day, programs, case.assume, times, [])  # again, the rules compiled
            start = time.perf_counter()
            full = engine.assess(case.profile, as_of=case.as_of, choices=case.assume, programs=programs)
            assess_ms.append((time.perf_counter() - start) * 1000)
            unsound += got != [r["status"] for r in full["results"]]
            (one[case.program] if programs else whole).append(count)
    singles = [n for counts in one.values() for n in counts]
    print(f"hand cases: {len(cases)}  programs: {len(one)}  full form fields: {form}")
    print(f"interviews ending on a status other than assess on the full profile: {unsound}")
    print(f"one program: questions median {statistics.median(singles):g}  max {max(singles)}  (target: median <= 8)")
    for program, counts in sorted(one.items()):
        print(f"  {program:38s} cases {len(counts):3d}  median {statistics.median(counts):5g}  max {max(counts):3d}")
    print(
        f"every program together: questions median {statistics.median(whole):g}  max {max(whole)}  "
        f"= {statistics.median(whole) / form:.0%} / {max(whole) / form:.0%} of the full form's {form} fields "
        f"(target: <= {form // 3})"
    )
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

"""Time one in-process ``assess`` of the bundled example (all programs), after a warm-up; and the time
to compile every program for a new date (lowering), and to also generate their Python functions (what
the first ``assess`` of a date adds).

python benchmarks/assess_bench.py [--rounds 500] [--profile examples/dongguan-equipment.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

from huiqi.engine import Choices, default_engine
from huiqi.rules.to_source import row_function


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument(
        "--profile", type=Path, default=Path(__file__).parents[1] / "examples" / "dongguan-equipment.json"
    )
    args = parser.parse_args()
    profile = json.loads(args.profile.read_text(encoding="utf-8"))
    engine = default_engine()
    engine.assess(profile)
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        engine.assess(profile)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"programs: {len(engine.families)}  rounds: {args.rounds}")
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
    print(f"assess ms: mean {statistics.fmean(times):.2f}  p50 {p50:.2f}  p99 {p99:.2f}")
    lowered, generated = [], []
    for day in range(1, 22):  # a new date each time: nothing cached
        start = time.perf_counter()
        compiled = engine.compile(dt.date(2024, 6, 1) + dt.timedelta(days=day), Choices())
        lowered.append((time.perf_counter() - start) * 1000)
        for cp in compiled:
            row_function(cp)
        generated.append((time.perf_counter() - start) * 1000)
    print(f"compile every program for a new date ms: median {statistics.median(lowered):.1f}  "
          f"with their Python functions {statistics.median(generated):.1f}")


if __name__ == "__main__":
    main()

"""Time one in-process ``assess`` of the bundled example (all programs), after a warm-up.

python benchmarks/assess_bench.py [--rounds 500] [--profile examples/dongguan-equipment.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from huiqi.engine import default_engine


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


if __name__ == "__main__":
    main()

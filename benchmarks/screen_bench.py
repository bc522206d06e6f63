"""Batch screening speed: rows/s, wall time and peak memory of fresh processes.

    PYTHONPATH=src python benchmarks/screen_bench.py [--rows 1000000] [--xlsx-rows 100000] [--sample 200]

Each measured run is a fresh ``python -c`` subprocess (so ``ru_maxrss`` is its own peak); the input is
written once beforehand by the seeded generator :mod:`huiqi.batch.synthetic`. The per-profile path
(``engine.assess``) runs on a sample and is compared per row. CPU seconds (all threads) are printed
beside wall time: on a shared machine they tell what the code costs when the wall clock cannot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2023, 6, 1)

RUN = """
import datetime as dt, json, resource, sys, time
from huiqi.batch import screen_file
from huiqi.engine import default_engine
default_engine().compile(dt.date.fromisoformat(sys.argv[3]))
started, cpu = time.perf_counter(), time.process_time()
summary = screen_file(sys.argv[1], sys.argv[2], as_of=dt.date.fromisoformat(sys.argv[3]))
print(json.dumps({"rows": summary.rows, "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ASSESS = """
import datetime as dt, json, resource, sys, time
import polars as pl
from huiqi.engine import default_engine
engine = default_engine()
frame = pl.read_parquet(sys.argv[1]).head(int(sys.argv[2]))
profiles = []
for row in frame.to_dicts():
    profile = {"enterprise": {}, "projects": []}
    project = {}
    for path, value in row.items():
        if value is None:
            continue
        value = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False}.get(value, value) \
            if path.split(".")[-1] not in ("id", "name") and not any(c.isdigit() for c in value[:1]) else value
        target, parts = (profile["enterprise"], path.split(".")[1:]) if path.startswith("enterprise.") \
            else (project, path.split(".")[1:])
        for key in parts[:-1]:
            target = target.setdefault(key, {})
        target[parts[-1]] = value
    if project:
        profile["projects"].append(project)
    profiles.append(profile)
engine.assess({"enterprise": {"city": "广州"}}, dt.date.fromisoformat(sys.argv[3]))
started, cpu = time.perf_counter(), time.process_time()
done = errors = 0
for profile in profiles:
    try:
        engine.assess(profile, dt.date.fromisoformat(sys.argv[3]))
    except Exception:
        errors += 1
    done += 1
print(json.dumps({"rows": done, "invalid": errors, "seconds": time.perf_counter() - started,
                  "cpu": time.process_time() - cpu,
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(name: str, result: dict[str, float]) -> float:
    rate = result["rows"] / result["seconds"]
    print(f"{name:34} {int(result['rows']):>9} rows {result['seconds']:8.2f} s (cpu {result['cpu']:7.2f} s) "
          f"{rate:>11,.0f} rows/s peak {result['maxrss_mib']:7.0f} MiB", flush=True)
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from huiqi.batch.synthetic import synthetic_frame
    from huiqi.engine import default_engine

    print(f"programs: {', '.join(default_engine().program_ids())}; as_of {AS_OF}")
    work = Path(tempfile.mkdtemp(prefix="huiqi-bench-"))
    frame = synthetic_frame(args.rows, AS_OF, seed=args.seed)
    print(f"input: {frame.height} rows × {frame.width} columns (seed {args.seed})")
    frame.write_parquet(work / "in.parquet")
    frame.head(args.xlsx_rows).write_csv(work / "in.csv")
    small = frame.head(args.xlsx_rows)
    del frame
    day = AS_OF.isoformat()
    vector = report("parquet -> parquet", fresh(RUN, str(work / "in.parquet"), str(work / "out.parquet"), day))
    report(f"csv -> csv ({args.xlsx_rows} rows)", fresh(RUN, str(work / "in.csv"), str(work / "out.csv"), day))

    started = time.perf_counter()
    import rustpy_xlsxwriter

    rustpy_xlsxwriter.write_worksheet(small, str(work / "in.xlsx"))  # the Excel input: the same table
    print(f"(writing the xlsx input took {time.perf_counter() - started:.1f} s)")
    report(f"xlsx -> xlsx ({small.height} rows)", fresh(RUN, str(work / "in.xlsx"), str(work / "out.xlsx"), day))
    per_profile = report(f"assess per profile ({args.sample})", fresh(ASSESS, str(work / "in.parquet"),
                                                                       str(args.sample), day))
    print(f"vectorised / per-profile, per row: {vector / per_profile:,.0f}×")


if __name__ == "__main__":
    main()

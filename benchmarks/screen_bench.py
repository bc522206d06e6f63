"""Batch screening speed: rows/s, wall time and peak memory of fresh processes, each beside its anchor.

    PYTHONPATH=src python benchmarks/screen_bench.py [--rows 1000000] [--xlsx-rows 100000] [--sample 200] [--repeat 3]

Each measured run is a fresh ``python -c`` subprocess (so ``ru_maxrss`` is its own peak); the input is
written once beforehand by the seeded generator :mod:`huiqi.batch.synthetic`. The anchor of Parquet →
Parquet is a bare Polars round trip of the same input file (``pl.read_parquet(in).write_parquet(out)``,
Polars' defaults); the two alternate ``--repeat`` times and the ratio is of their medians (each pair
is printed: on a shared machine the wall clock moves with the neighbours' load). The per-profile path
(``engine.assess``) runs on a sample of the same rows, which is also compared with the screened output
row by row. CPU seconds (all threads) are printed beside wall time: they tell what the code costs
when the wall clock cannot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
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

MAKE = """
import datetime as dt, sys, time
from pathlib import Path
import rustpy_xlsxwriter
from huiqi.batch.synthetic import synthetic_frame
from huiqi.engine import default_engine
rows, small, seed, work = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
print(f"programs: {', '.join(default_engine().program_ids())}; as_of {sys.argv[5]}")
frame = synthetic_frame(rows, dt.date.fromisoformat(sys.argv[5]), seed=seed)
print(f"input: {frame.height} rows × {frame.width} columns (seed {seed})")
frame.write_parquet(work / "in.parquet")
frame.head(small).write_csv(work / "in.csv")
started = time.perf_counter()
rustpy_xlsxwriter.write_worksheet(frame.head(small), str(work / "in.xlsx"))  # the Excel input: the same table
print(f"(writing the xlsx input took {time.perf_counter() - started:.1f} s)")
"""

STAGES = """
import datetime as dt, json, sys, time
from pathlib import Path
import polars as pl
import huiqi.batch.screen as screen
from huiqi.batch.backends import program_columns
from huiqi.batch.io import open_reader, open_writer
from huiqi.batch.summary import ScreenSummary
from huiqi.engine import default_engine
from huiqi.rules.to_polars import evaluate
day = dt.date.fromisoformat(sys.argv[3])
screener = screen.Screener(default_engine(), day)
reader = open_reader(Path(sys.argv[1]))
layout = screener.layout(reader.columns)
summary = ScreenSummary(sys.argv[1], sys.argv[2], day, screener.ids)
writer = open_writer(Path(sys.argv[2]), screener, reader, layout)
cpu = dict.fromkeys(["read", "validate", "rules (evaluate)", "screening columns", "summary", "write"], 0.0)
validate, typed = screen.validate_chunk, []
def timed_validate(*args):
    started = time.process_time()
    out = validate(*args)
    cpu["validate"] += time.process_time() - started
    typed.append(out)
    return out
head = pl.scan_parquet(sys.argv[1]).head(20_000).collect()
screener.results(head, layout)  # plans built once (the rules' shared subexpressions) are not a stage
kept = tuple(program_columns(screener.compiled))  # the program columns the screener reads (others pruned)
evaluate(screen.validate_chunk(head, layout.paths).with_columns(pl.lit(True).alias("__has_project")),
         screener.compiled, keep=kept).select(kept).collect()
screen.validate_chunk = timed_validate
rows, chunks, clock = 0, reader.chunks(), time.process_time()
while (chunk := next(chunks, None)) is not None:
    now = time.process_time(); cpu["read"] += now - clock; clock = now
    out = screener.results(chunk, layout, reader.first_row + rows)
    now = time.process_time(); cpu["screening columns"] += now - clock; clock = now
    frame = typed.pop().with_columns(pl.lit(True).alias("__has_project"))
    missing = [pl.lit(None).alias(p) for p in screener.reads if p not in frame.columns]
    evaluate(frame.with_columns(missing), screener.compiled, keep=kept).select(kept).collect()
    now = time.process_time(); cpu["rules (evaluate)"] += now - clock; clock = now
    summary.add(out)
    now = time.process_time(); cpu["summary"] += now - clock; clock = now
    writer.write(out)
    rows += out.height
    now = time.process_time(); cpu["write"] += now - clock; clock = now
writer.close(summary.finish())
cpu["write"] += time.process_time() - clock
cpu["screening columns"] -= cpu["validate"] + cpu["rules (evaluate)"]  # results() ran the rules once too
print(json.dumps(cpu))
"""

BARE = """
import json, resource, sys, time
import polars as pl
started, cpu = time.perf_counter(), time.process_time()
frame = pl.read_parquet(sys.argv[1])
frame.write_parquet(sys.argv[2])
print(json.dumps({"rows": frame.height, "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ASSESS = """
import datetime as dt, json, resource, sys, time
import polars as pl
from huiqi.batch.labels import CHOICE_LABELS
from huiqi.engine import default_engine
engine = default_engine()
frame = pl.scan_parquet(sys.argv[1]).head(int(sys.argv[2])).collect()
codes = {path: {label: code for code, label in labels.items()} for path, labels in CHOICE_LABELS.items()}
profiles = []
for number, row in enumerate(frame.to_dicts()):
    profile = {"enterprise": {}, "projects": []}
    project = {}
    for path, value in row.items():
        if value is None:
            continue
        value = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False}.get(value, value) \
            if path.split(".")[-1] not in ("id", "name") and not any(c.isdigit() for c in value[:1]) else value
        value = codes.get(path, {}).get(value, value)  # a choice as the profile names it
        target, parts = (profile["enterprise"], path.split(".")[1:]) if path.startswith("enterprise.") \
            else (project, path.split(".")[1:])
        for key in parts[:-1]:
            target = target.setdefault(key, {})
        target[parts[-1]] = value
    if project:
        profile["projects"].append({"id": f"row{number + 1}", **project})
    profiles.append(profile)
engine.assess({"enterprise": {"city": "广州"}}, dt.date.fromisoformat(sys.argv[3]))
started, cpu = time.perf_counter(), time.process_time()
answers = []
for profile in profiles:
    try:
        answers.append(engine.assess(profile, dt.date.fromisoformat(sys.argv[3]))["results"])
    except Exception:
        answers.append(None)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
# the screened output of the same rows, row by row: status, failed criteria, reward bound
from decimal import Decimal
screened = pl.scan_parquet(sys.argv[4]).head(len(profiles)).collect().to_dicts()
differ = 0
for results, row in zip(answers, screened, strict=True):
    if results is None:
        differ += not (row["error"] and all(v == "error" for k, v in row.items() if k.endswith(".status")))
        continue
    for r in results:
        pid, bound = r["program"], (r.get("reward") or {}).get("max_wan")
        want = Decimal(str(bound)).quantize(Decimal("0.01")) if bound is not None else None
        same = (row[f"{pid}.status"] == r["status"] and [f for f in row[f"{pid}.failed"].split(";") if f] == r["failed"]
                and row[f"{pid}.reward_max_wan"] == want)
        differ += not same
print(json.dumps({"rows": len(answers), "invalid": answers.count(None), "differ": differ, "seconds": seconds,
                  "cpu": cpu, "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(name: str, result: dict[str, float], anchor: dict[str, float] | None = None) -> float:
    rate = result["rows"] / result["seconds"]
    ratio = f"  {result['seconds'] / anchor['seconds']:5.2f}× wall {result['cpu'] / anchor['cpu']:5.2f}× cpu" \
        if anchor else ""
    print(f"{name:34} {int(result['rows']):>9} rows {result['seconds']:8.2f} s (cpu {result['cpu']:7.2f} s) "
          f"{rate:>11,.0f} rows/s peak {result['maxrss_mib']:7.0f} MiB{ratio}", flush=True)
    return rate


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over the runs (peak memory: the highest)."""
    out = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    out["maxrss_mib"] = max(run["maxrss_mib"] for run in runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="huiqi-bench-"))
    day = AS_OF.isoformat()
    # the input is made in its own process: a child inherits its parent's peak memory (ru_maxrss)
    made = subprocess.run([sys.executable, "-c", MAKE, str(args.rows), str(args.xlsx_rows), str(args.seed),
                           str(work), day], capture_output=True, text=True, check=True)
    print(made.stdout.strip(), flush=True)
    day = AS_OF.isoformat()
    bare: list[dict[str, float]] = []
    screened: list[dict[str, float]] = []
    for _ in range(args.repeat):
        bare.append(fresh(BARE, str(work / "in.parquet"), str(work / "bare.parquet")))
        report("anchor: polars read + write", bare[-1])
        screened.append(fresh(RUN, str(work / "in.parquet"), str(work / "out.parquet"), day))
        report("parquet -> parquet", screened[-1], bare[-1])
    anchor = median_run(bare)
    report(f"anchor (median of {args.repeat})", anchor)
    vector = report(f"parquet -> parquet (median of {args.repeat})", median_run(screened), anchor)
    print(f"output {(work / 'out.parquet').stat().st_size / 2**20:,.0f} MiB, "
          f"anchor's {(work / 'bare.parquet').stat().st_size / 2**20:,.0f} MiB")
    stages = fresh(STAGES, str(work / "in.parquet"), str(work / "stages.parquet"), day)
    print("parquet -> parquet, CPU s by stage, one thread after another: "
          + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items()), flush=True)
    if args.xlsx_rows:
        report(f"csv -> csv ({args.xlsx_rows} rows)", fresh(RUN, str(work / "in.csv"), str(work / "out.csv"), day))
        report(f"xlsx -> xlsx ({args.xlsx_rows} rows)", fresh(RUN, str(work / "in.xlsx"), str(work / "out.xlsx"), day))
    if not args.sample:
        return
    sample = fresh(ASSESS, str(work / "in.parquet"), str(args.sample), day, str(work / "out.parquet"))
    per_profile = report(f"assess per profile ({args.sample})", sample)
    print(f"vectorised / per-profile, per row: {vector / per_profile:,.0f}×; "
          f"sample rows screened ≠ assess: {int(sample['differ'])} program results "
          f"({int(sample['invalid'])} rows invalid, by assess)")


if __name__ == "__main__":
    main()

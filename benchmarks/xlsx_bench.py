"""Excel in, Excel out: ``huiqi screen`` XLSX → XLSX beside a bare read + write of the same file, and
the xlsx writers compared on the workbook's own sheets.

    PYTHONPATH=src python benchmarks/xlsx_bench.py [--rows 100000] [--seed 7] [--before OLD/src]

The input is the seeded synthetic table (:mod:`huiqi.batch.synthetic`, every column the programs read)
written as a clerk's .xlsx. Measured, each in a fresh process: ``screen_file`` XLSX → XLSX, and the
anchor: calamine reading the same file plus rust_xlsxwriter writing it back (no rules, no formatting).
Then the two big sheets of the result (筛查结果 and 机读数据, read back) are written again by
xlsxwriter (constant memory, row by row, as the writer did before) and by rust_xlsxwriter
(``rustpy-xlsxwriter``, whole frames), the choice the output makes. ``--before`` also runs the
screen with another checkout's ``src`` (e.g. ``git archive main src | tar -x -C /tmp/old``) on the
same input, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2023, 6, 1)

SCREEN = """
import datetime as dt, json, resource, sys, time
from huiqi.batch import screen_file
from huiqi.engine import default_engine
default_engine().compile(dt.date.fromisoformat(sys.argv[3]))
started, cpu = time.perf_counter(), time.process_time()
summary = screen_file(sys.argv[1], sys.argv[2], as_of=dt.date.fromisoformat(sys.argv[3]))
print(json.dumps({"rows": summary.rows, "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BARE = """
import json, logging, resource, sys, time
logging.getLogger("fastexcel").setLevel(logging.ERROR)
import fastexcel, rustpy_xlsxwriter
started, cpu = time.perf_counter(), time.process_time()
frame = fastexcel.read_excel(sys.argv[1]).load_sheet(0, header_row=0).to_polars()
rustpy_xlsxwriter.write_worksheet(frame, sys.argv[2], sheet_name="data")
print(json.dumps({"rows": frame.height, "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh(code: str, *args: str, src: str | None = None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": src} if src else None
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(name: str, result: dict[str, float]) -> float:
    print(f"{name:44} {int(result['rows']):>8} rows {result['seconds']:7.2f} s (cpu {result['cpu']:7.2f} s) "
          f"peak {result['maxrss_mib']:6.0f} MiB", flush=True)
    return result["seconds"]


def writers(result: Path, work: Path) -> None:
    """The result's two big sheets written again by each writer (same cells, no formatting)."""
    import fastexcel
    import rustpy_xlsxwriter
    import xlsxwriter

    book = fastexcel.read_excel(result)
    sheets = {name: book.load_sheet(name, header_row=0).to_polars() for name in ("筛查结果", "机读数据")}
    cells = sum(f.height * f.width for f in sheets.values())
    print(f"writers, on the result's 筛查结果 + 机读数据 ({cells:,} cells):")

    started = time.perf_counter()
    out = xlsxwriter.Workbook(str(work / "xw.xlsx"), {"constant_memory": True, "strings_to_numbers": False,
                                                      "strings_to_formulas": False, "strings_to_urls": False})
    for name, frame in sheets.items():
        sheet = out.add_worksheet(name)
        sheet.write_row(0, 0, frame.columns)
        for index, row in enumerate(frame.iter_rows(), start=1):
            sheet.write_row(index, 0, row)
    out.close()
    print(f"  {'xlsxwriter 3.3 constant_memory, row loop':42} {time.perf_counter() - started:7.2f} s")

    started = time.perf_counter()
    rustpy_xlsxwriter.write_worksheets(list(sheets.items()), str(work / "rx.xlsx"))
    print(f"  {'rust_xlsxwriter (rustpy-xlsxwriter 0.8)':42} {time.perf_counter() - started:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--before", help="another checkout's src directory, screened on the same input")
    args = parser.parse_args()
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    import rustpy_xlsxwriter

    from huiqi.batch.synthetic import synthetic_frame

    work = Path(tempfile.mkdtemp(prefix="huiqi-xlsx-bench-"))
    frame = synthetic_frame(args.rows, AS_OF, seed=args.seed)
    rustpy_xlsxwriter.write_worksheet(frame, str(work / "in.xlsx"), sheet_name="数据")
    print(f"input: {frame.height} rows × {frame.width} columns (seed {args.seed}), as_of {AS_OF}; in {work}")
    day = AS_OF.isoformat()
    bare = report("anchor: read + write the same file (bare)", fresh(BARE, str(work / "in.xlsx"),
                                                                      str(work / "bare.xlsx")))
    screen = report("huiqi screen xlsx -> xlsx", fresh(SCREEN, str(work / "in.xlsx"), str(work / "out.xlsx"), day))
    print(f"screen / bare round trip: {screen / bare:.2f}×")
    if args.before:
        before = report(f"before ({args.before})", fresh(SCREEN, str(work / "in.xlsx"), str(work / "before.xlsx"),
                                                         day, src=args.before))
        print(f"before / now: {before / screen:.1f}×")
    writers(work / "out.xlsx", work)


if __name__ == "__main__":
    main()

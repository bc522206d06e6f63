"""Clause search latency: index build time, index size, and p50/p99 per query over the eval set.

    PYTHONPATH=src python benchmarks/search_bench.py [--rounds 20]

Builds the index twice from the shipped corpus — in memory, and into a fresh cache directory — then
opens the cached one as a new process would, and times every evaluation question (both halves) ``--rounds`` times
(with snippets, as the CLI and the API return them). The first query of a process also loads
jieba's dictionary; that one-off cost is reported apart from the per-query figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from huiqi.search.analysis import Analyzer
from huiqi.search.evaluate import load_questions
from huiqi.search.index import SearchIndex
from huiqi.search.units import corpus_units


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    units = corpus_units()
    load_s = time.perf_counter() - started

    analyzer = Analyzer()
    started = time.perf_counter()
    analyzer.warm_up()
    jieba_s = time.perf_counter() - started

    memory = SearchIndex.build(units, analyzer=analyzer)
    with tempfile.TemporaryDirectory() as tmp:
        built = SearchIndex.open_or_build(units, Path(tmp))
        started = time.perf_counter()
        reopened = SearchIndex.open_or_build(units, Path(tmp))
        open_s = time.perf_counter() - started

        questions = [q.q for name in ("tuning", "held-out") for q in load_questions(name)]
        started = time.perf_counter()
        reopened.search(questions[0])  # loads jieba in this index's analyzer
        first_s = time.perf_counter() - started
        times = []
        for _ in range(args.rounds):
            for question in questions:
                t0 = time.perf_counter()
                reopened.search(question, limit=10)
                times.append((time.perf_counter() - t0) * 1000)

        print(f"corpus units            {len(units)} ({memory.info.extra['passages']} passages)")
        print(f"load corpus units       {load_s * 1000:.0f} ms")
        print(f"jieba dictionary load   {jieba_s * 1000:.0f} ms")
        print(f"index build (memory)    {memory.info.seconds * 1000:.0f} ms")
        print(f"index build (disk, +jieba) {built.info.seconds * 1000:.0f} ms")
        print(f"index size (disk)       {built.info.size_bytes / 1024:.0f} KiB")
        print(f"open cached index       {open_s * 1000:.1f} ms")
        print(f"first query (+jieba)    {first_s * 1000:.0f} ms")
        print(f"queries                 {len(times)} ({len(questions)} questions x {args.rounds})")
        print(f"p50                     {statistics.median(times):.2f} ms")
        print(f"p99                     {percentile(times, 0.99):.2f} ms")
        print(f"max                     {max(times):.2f} ms")


if __name__ == "__main__":
    main()

"""Load benchmark of ``huiqi serve`` on loopback with PostgreSQL: req/s, p50 and p99 for assess and search.

    PYTHONPATH=src python benchmarks/service_bench.py [--workers N] [--seconds 10] [--clients 1,10,50]
        [--driver auto|wrk|python] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

What it does, in order:

1. creates a scratch database ``huiqi_bench_<random>`` on the PostgreSQL server ``--pg`` (default: the
   ``HUIQI_BENCH_PG`` environment variable, else the local ``postgres`` superuser on 127.0.0.1:5432);
2. starts ``python -m huiqi.cli serve --host 127.0.0.1 --port <free> --db <scratch> --no-worker
   [--workers N]`` as a child process, waits (bounded) for ``/healthz`` and warms every worker up;
3. drives ``POST /api/v1/assess`` (the body of ``examples/dongguan-equipment.json``) and
   ``GET /api/v1/search?q=设备购置 奖励比例&limit=10`` at each client count for ``--seconds`` each, from a
   SEPARATE process: ``wrk`` (Debian package ``wrk``) with a small Lua script, or — without wrk or with
   ``--driver python`` — a bounded asyncio/httpx load generator run as a child process;
4. prints one table row per endpoint and level, with the server's CPU time per answered request (which
   load from other programs on the machine does not inflate as it does latency), then stops the server
   and drops the scratch database, also when interrupted.

It is a script, not a test: the figures depend on the machine. On a 2-core machine the load generator
shares the cores with the server; wrk takes the least of them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = os.environ.get("HUIQI_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SEARCH_QUERY: dict[str, str | int] = {"q": "设备购置 奖励比例", "limit": 10}
#: hard bounds: the server must answer within this, every level ends within seconds + this
START_TIMEOUT = 120.0
LEVEL_GRACE = 60.0

WRK_SCRIPT = r"""
local body_file = os.getenv("BENCH_BODY")
if body_file then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _profile() -> dict[str, Any]:
    example = ROOT / "examples" / "dongguan-equipment.json"
    if example.exists():
        data: dict[str, Any] = json.loads(example.read_text())
        return data
    return {"enterprise": {"city": "东莞市"}, "projects": [{"id": "p1", "kind": "tech_upgrade"}]}


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A new PostgreSQL database ``huiqi_bench_<random>``; dropped on leaving, whatever happened."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"huiqi_bench_{secrets.token_hex(5)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def running_server(db_url: str, workers: int | None, log_path: Path, src: Path) -> Iterator[tuple[str, int]]:
    """``huiqi serve`` in a child process (its own process group) on 127.0.0.1; stopped on leaving."""
    port = _free_port()
    command = [sys.executable, "-m", "huiqi.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--db", db_url, "--no-worker"]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer /healthz within {START_TIMEOUT:.0f} s")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # uvicorn's supervisor stops its workers on SIGTERM
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def server_cpu_seconds(group: int) -> float:
    """User + system CPU time of every live process of the server's process group (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


# --- the load generators -----------------------------------------------------------------------


def drive_wrk(url: str, clients: int, seconds: float, body: Path | None, script: Path) -> dict[str, Any]:
    threads = max(1, min(clients, 2))
    command = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "10s",
               "-s", str(script), url]
    env = {**os.environ}
    env.pop("BENCH_BODY", None)
    if body is not None:
        env["BENCH_BODY"] = str(body)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + LEVEL_GRACE,
                          check=True)
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("{"))
    raw = json.loads(line)
    duration = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / duration if duration else 0.0,
        "p50": raw["p50_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": raw["errors"] + raw["non2xx"],
    }


async def _python_load(url: str, clients: int, seconds: float, body: bytes | None) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    headers = {"content-type": "application/json"} if body is not None else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:
        started = time.monotonic()
        stop = started + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    if body is None:
                        response = await client.get(url)
                    else:
                        response = await client.post(url, content=body, headers=headers)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        await asyncio.wait_for(asyncio.gather(*(one_client() for _ in range(clients))), seconds + LEVEL_GRACE)
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else 0.0,
        "errors": errors,
    }


def drive_python(url: str, clients: int, seconds: float, body: Path | None) -> dict[str, Any]:
    """This script again, as a child process, in its ``--load`` mode."""
    command = [sys.executable, __file__, "--load", url, "--clients", str(clients), "--seconds", str(seconds)]
    if body is not None:
        command += ["--body", str(body)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + LEVEL_GRACE + 30, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the run -----------------------------------------------------------------------------------


def _check_answers(base: str, profile: dict[str, Any]) -> None:
    """One correct answer from each endpoint before timing anything."""
    with httpx.Client(base_url=base, timeout=60) as client:
        assessed = client.post("/api/v1/assess", json=profile)
        assert assessed.status_code == 200, assessed.text[:500]
        assert "programs" in assessed.json() or assessed.json(), "empty assessment"
        found = client.get("/api/v1/search", params=SEARCH_QUERY)
        assert found.status_code == 200, found.text[:500]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint and level (default 10)")
    parser.add_argument("--clients", default="1,10,50", help="concurrent clients per level (default 1,10,50)")
    parser.add_argument("--workers", type=int, default=None, help="`huiqi serve --workers N` (default: serve's own)")
    parser.add_argument("--driver", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL URL of a role that may create databases")
    parser.add_argument("--endpoints", default="assess,search")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the huiqi source tree to serve")
    parser.add_argument("--load", help=argparse.SUPPRESS)  # internal: run the Python load generator only
    parser.add_argument("--body", help=argparse.SUPPRESS)
    args = parser.parse_args()
    levels = [int(c) for c in str(args.clients).split(",")]
    if args.load:
        payload = Path(args.body).read_bytes() if args.body else None
        print(json.dumps(asyncio.run(_python_load(args.load, levels[0], args.seconds, payload))))
        return
    driver = args.driver
    if driver == "auto":
        driver = "wrk" if shutil.which("wrk") else "python"
    if driver == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk, or use --driver python")
    profile = _profile()
    wanted = [e.strip() for e in str(args.endpoints).split(",") if e.strip()]
    with tempfile.TemporaryDirectory(prefix="huiqi-bench-") as tmp_name:
        tmp = Path(tmp_name)
        body_path = tmp / "assess.json"
        body_path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
        script = tmp / "bench.lua"
        script.write_text(WRK_SCRIPT)
        with scratch_database(args.pg) as db_url, running_server(
            db_url, args.workers, tmp / "server.log", args.src
        ) as (base, group):
            _check_answers(base, profile)
            targets: dict[str, tuple[str, Path | None]] = {
                "assess": (f"{base}/api/v1/assess", body_path),
                "search": (f"{base}/api/v1/search?{urlencode(SEARCH_QUERY)}", None),
            }

            def drive(url: str, clients: int, seconds: float, body: Path | None) -> dict[str, Any]:
                if driver == "wrk":
                    return drive_wrk(url, clients, seconds, body, script)
                return drive_python(url, clients, seconds, body)

            for name in wanted:  # every worker process loads its rules and index before the clock runs
                drive(targets[name][0], 4, min(3.0, args.seconds), targets[name][1])
            time.sleep(1.0)  # the warm-up's last answers drain
            print(f"# huiqi serve --workers {args.workers if args.workers is not None else '(default)'}, "
                  f"PostgreSQL, {os.cpu_count()} CPUs, load: {driver}, {args.seconds:g} s per level")
            heads = ("clients", "requests", "req/s", "p50 ms", "p99 ms", "errors", "CPU ms/req")
            print(f"| {'endpoint':8} | " + " | ".join(f"{h:>8}" for h in heads) + " |")
            print("|" + "---|" * (len(heads) + 1))
            for name in wanted:
                url, body = targets[name]
                for clients in levels:
                    cpu = server_cpu_seconds(group)
                    r = drive(url, clients, args.seconds, body)
                    per = (server_cpu_seconds(group) - cpu) * 1000 / max(1, r["requests"])
                    print(f"| {name:8} | {clients:>8} | {r['requests']:>8} | {r['rps']:>8.1f} | {r['p50']:>8.1f} | "
                          f"{r['p99']:>8.1f} | {r['errors']:>8} | {per:>8.2f} |", flush=True)


if __name__ == "__main__":
    main()

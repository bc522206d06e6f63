"""Load benchmark of the HTTP service on loopback: req/s, p50 and p99 for assess and search.

    PYTHONPATH=src python benchmarks/service_bench.py [--seconds 3] [--clients 1,10,50]

Starts uvicorn on 127.0.0.1 (an ephemeral port, a temporary SQLite database), drives it with httpx
clients in threads for a bounded time per level, prints a table, and stops the server.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from huiqi.service.app import create_app
from huiqi.service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


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


def _drive(base: str, clients: int, seconds: float, request: dict[str, Any]) -> tuple[list[float], int]:
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients

    def loop(index: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = client.request(**request)
                latencies[index].append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors[index] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    return [x for part in latencies for x in part], sum(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", default="1,10,50")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}", inprocess_worker=False))
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                               limit_concurrency=1000))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            requests: dict[str, dict[str, Any]] = {
                "assess": {"method": "POST", "url": "/api/v1/assess", "json": _profile()},
                "search": {"method": "GET", "url": "/api/v1/search", "params": {"q": "设备购置 奖励比例", "limit": 10}},
            }
            with httpx.Client(base_url=base, timeout=120) as warm:  # compiled rules, search index
                for request in requests.values():
                    warm.request(**request)
            heads = ("clients", "requests", "req/s", "p50 ms", "p99 ms", "errors")
            print(f"{'endpoint':8} " + " ".join(f"{h:>8}" for h in heads))
            for name, request in requests.items():
                for clients in levels:
                    latencies, errors = _drive(base, clients, args.seconds, request)
                    latencies.sort()
                    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
                    p50 = statistics.median(latencies) if latencies else 0.0
                    print(f"{name:8} {clients:>8} {len(latencies):>8} {len(latencies) / args.seconds:>8.1f} "
                          f"{p50 * 1000:>8.1f} {p99 * 1000:>8.1f} {errors:>6}")
        finally:
            server.should_exit = True
            thread.join(30)
            app.state.huiqi.engine.dispose()


if __name__ == "__main__":
    main()

"""Real ``huiqi serve`` / ``huiqi worker`` processes for the tests that need more than one of them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**settings: str) -> dict[str, str]:
    """This interpreter's environment with huiqi's sources importable, no stray ``HUIQI_*`` and ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUIQI_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return {**env, **settings}


@contextmanager
def huiqi(args: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m huiqi.cli ARGS`` in its own process group, output to ``log``; stopped (TERM, then KILL) after."""
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "huiqi.cli", *args], cwd=log.parent, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> httpx.Response:
    """The first answer of ``/healthz`` (bounded by START_TIMEOUT); fails with the log's tail."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"no answer on port {port} within {START_TIMEOUT:.0f} s:\n{log.read_text()[-3000:]}")

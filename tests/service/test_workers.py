"""``huiqi serve --workers 2`` starts several processes on loopback and answers /healthz (bounded)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_workers_2_答复_healthz(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    for name in [k for k in env if k.startswith("HUIQI_")]:
        env.pop(name)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "huiqi.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--db", f"sqlite:///{tmp_path / 'workers.db'}", "--workers", "2", "--no-access-log"],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        answer: httpx.Response | None = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, f"no answer within {START_TIMEOUT:.0f} s:\n{log.read_text()[-3000:]}"
        assert answer.status_code == 200 and answer.json() == {"status": "ok"}
        while time.monotonic() < deadline and log.read_text().count("Started server process") < 2:
            time.sleep(0.2)  # both workers, not only the first to be up
        text = log.read_text()
        assert "2 worker process(es)" in text
        assert text.count("Started server process") == 2, text[-3000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
    assert process.returncode is not None
    assert (tmp_path / "workers.db").exists()  # migrated once, by the supervising process

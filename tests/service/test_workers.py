"""``huiqi serve --workers 2`` starts several processes on loopback and answers /healthz (bounded)."""

from __future__ import annotations

import time
from pathlib import Path

from .processes import START_TIMEOUT, clean_env, free_port, huiqi, wait_healthy


def test_serve_workers_2_答复_healthz(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'workers.db'}",
            "--workers", "2", "--no-access-log"]
    with huiqi(args, log, clean_env(HUIQI_LOG_FORMAT="text")) as process:
        answer = wait_healthy(port, process, log)
        assert answer.status_code == 200 and answer.json() == {"status": "ok"}
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and log.read_text().count("Started server process") < 2:
            time.sleep(0.2)  # both workers, not only the first to be up
        text = log.read_text()
        assert "2 worker process(es)" in text
        assert text.count("Started server process") == 2, text[-3000:]
    assert process.returncode is not None
    assert (tmp_path / "workers.db").exists()  # migrated once, by the supervising process

"""``huiqi demo`` leaves nothing behind: its temporary data directory is removed when it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.web.conftest import free_port


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl+C", "SIGTERM"])
def test_demo_removes_its_temporary_folder_at_exit(tmp_path: Path, stop: signal.Signals) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "huiqi.cli", "demo", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "请在浏览器打开" in line or not line:
                break
        output = "".join(lines)
        assert "临时目录，退出时删除" in output, output
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("huiqi-demo-")], output
    finally:
        process.send_signal(stop)
        process.wait(timeout=60)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("huiqi-demo-")]

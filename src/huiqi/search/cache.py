"""Where the built index lives: ``$HUIQI_CACHE_DIR``, else ``$XDG_CACHE_HOME/huiqi``, else
``~/.cache/huiqi``; one directory ``search-<digest>`` per corpus and analysis version.

The index is rebuilt from the shipped corpus whenever the digest changes, so a stale cache is never
read. Building goes to a private directory renamed into place, so two processes building at once
both end up with a complete index.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = "huiqi-search.json"


def cache_root() -> Path:
    """The huiqi cache directory (not created here)."""
    env = os.environ.get("HUIQI_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "huiqi"


def index_dir(root: Path, digest: str) -> Path:
    return root / f"search-{digest[:16]}"


def is_complete(path: Path) -> bool:
    """True when ``path`` holds a finished index (its marker is written last)."""
    return (path / MARKER).is_file()


def scratch_dir(root: Path, digest: str) -> Path:
    """A fresh private directory to build into."""
    path = root / f".building-{digest[:16]}-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def publish(scratch: Path, final: Path) -> Path:
    """Move a finished build into place; if another process won the race, keep theirs."""
    try:
        scratch.rename(final)
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)
        if not is_complete(final):
            raise
    return final


def size_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())

"""Helpers shared by the command modules: reading input files, dates, assumptions, output."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import typer

from huiqi.errors import InputError


def read_json(path: Path) -> Any:
    """A JSON file (``-`` for standard input); a clear error where it cannot be read."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"文件不存在 file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取 cannot read {path}: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的 JSON invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD, got {value!r}", option) from None


def parse_assumptions(values: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values or []:
        key, sep, option = item.partition("=")
        if not sep or not key or not option:
            raise InputError(f"应写作 ID=OPTION, got {item!r}", "--assume")
        out[key.strip()] = option.strip()
    return out


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


FORMAT_HELP = "输出格式 output format: text | json"


def check_format(value: str, allowed: tuple[str, ...] = ("text", "json")) -> str:
    if value not in allowed:
        raise InputError(f"应为 {' | '.join(allowed)}, got {value!r}", "--format")
    return value

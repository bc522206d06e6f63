"""The ``huiqi`` command: a thin shell that parses, calls the core and renders.

Each sub-command lives in its own module of this package and is registered in :data:`COMMANDS`.
Bad input exits with status 2 and a message naming the field (contract §6), never a traceback.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

import typer
import typer.core

from huiqi.errors import InputError


class _Group(typer.core.TyperGroup):
    """The root command group: every InputError raised by any command ends as exit status 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            for error in exc.errors:
                typer.echo(f"错误：{error.described()}", err=True)
            ctx.exit(2)


app = typer.Typer(
    name="huiqi",
    cls=_Group,
    help="惠企 huiqi — 广东工业和信息化政策的可执行、可解释规则。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: modules of this package that each define ``register(app)``
COMMANDS = [
    "assess",
    "docs",
    "programs",
    "timeline",
    "search",
    "screen",
    "corpus",
    "service",
    "funds",
    "advise",
    "interview",
    "demo",
]


def _register_all() -> None:
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"huiqi.cli.{name}")
        except ModuleNotFoundError as exc:  # a command whose module is not there yet
            if exc.name == f"huiqi.cli.{name}":
                continue
            raise
        module.register(app)


#: each command's line in ``huiqi --help``: short enough never to be cut at 80 columns (the full
#: description is in ``huiqi COMMAND --help``)
SHORT_HELP = {
    "assess": "政策体检：逐条款评估可申报的奖补与认定",
    "timeline": "技改项目核准/备案的法定期限",
    "search": "按条款搜索政策原文",
    "screen": "批量筛查：一张表里的全部企业",
    "serve": "启动网页与 JSON API",
    "worker": "执行排队的批量筛查任务",
    "advise": "如何达到条件：最少的调整与依据",
    "demo": "演示：示例数据库、演示账号，在本机启动网页",
    "docs": "政策文件与条款",
    "programs": "奖补与认定项目的规则说明",
    "corpus": "政策原文语料（条款数据）",
    "db": "服务数据库",
    "users": "用户账号",
    "funds": "专项资金：分配、测算、抽查、报表",
}


def _first_words(text: str, width: int = 30) -> str:
    """The first sentence of a command's description, cut at a comma where longer than ``width``."""
    first = re.split(r"[。.\n]", text.strip(), maxsplit=1)[0]
    if len(first) <= width:
        return first
    cut = max(first.rfind(mark, 0, width) for mark in "，、；：（(")
    return first[:cut] if cut > 0 else first[:width]


def _short_help(typer_app: typer.Typer = app) -> None:
    """Give every command a line that fits (rich cuts a long one with "…")."""
    for command in typer_app.registered_commands:
        name = command.name or (command.callback.__name__.replace("_", "-") if command.callback else "")
        text = command.help or (command.callback.__doc__ if command.callback else "") or ""
        command.short_help = SHORT_HELP.get(name) or command.short_help or _first_words(text)
    for group in typer_app.registered_groups:
        if group.name in SHORT_HELP:
            group.short_help = SHORT_HELP[group.name]
        if group.typer_instance is not None:
            _short_help(group.typer_instance)


_register_all()
_short_help()


def fail_input(exc: InputError) -> None:
    """Print every field error to stderr and exit with status 2."""
    for error in exc.errors:
        typer.echo(f"错误：{error.described()}", err=True)
    raise SystemExit(2)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except InputError as exc:
        fail_input(exc)
    except KeyboardInterrupt:
        sys.exit(130)

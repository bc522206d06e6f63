"""The ``huiqi`` command: a thin shell that parses, calls the core and renders.

Each sub-command lives in its own module of this package and is registered in :data:`COMMANDS`.
Bad input exits with status 2 and a message naming the field (contract §6), never a traceback.
"""

from __future__ import annotations

import importlib
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
                typer.echo(f"错误 error: {error}", err=True)
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


_register_all()


def fail_input(exc: InputError) -> None:
    """Print every field error to stderr and exit with status 2."""
    for error in exc.errors:
        typer.echo(f"错误 error: {error}", err=True)
    raise SystemExit(2)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except InputError as exc:
        fail_input(exc)
    except KeyboardInterrupt:
        sys.exit(130)

"""``huiqi demo``: a fresh example database with demo accounts, served on 127.0.0.1 (see :mod:`huiqi.web.demo`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    port: Annotated[int, typer.Option("--port", help="端口 port on 127.0.0.1")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="演示数据库目录（须为新目录，退出后保留；默认用临时目录，退出时删除）"),
    ] = None,
) -> None:
    """演示：新建示例数据库（示例企业、企业账号和东莞市主管部门账号，密码随机生成并打印），在本机启动网页。

    Example: huiqi demo --port 8000
    """
    from huiqi.web.demo import run

    try:
        run(port, data_dir)
    except FileExistsError as exc:
        typer.echo(f"错误 error: {exc}", err=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

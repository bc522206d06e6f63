"""``huiqi assess``: one profile against every program, explained clause by clause."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from huiqi.cli.common import FORMAT_HELP, check_format, echo_json, parse_assumptions, parse_date, read_json


def register(app: typer.Typer) -> None:
    @app.command()
    def assess(
        profile: Annotated[Path, typer.Argument(help="企业画像 JSON 文件（合同 §1），- 表示标准输入")],
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认画像中的 as_of 或今天）")
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
        program: Annotated[list[str] | None, typer.Option("--program", help="只评估这些项目 program id")] = None,
        assume: Annotated[list[str] | None, typer.Option("--assume", help="切换命名假设 ID=OPTION，可重复")] = None,
    ) -> None:
        """逐条款评估企业可申报的奖补与认定。

        Example: huiqi assess examples/dongguan-equipment.json --as-of 2023-06-01
        """
        from huiqi.engine import default_engine
        from huiqi.render.text import render_assessment

        check_format(fmt)
        data = read_json(profile)
        result = default_engine().assess(
            data, as_of=parse_date(as_of), choices=parse_assumptions(assume), programs=program or None
        )
        if fmt == "json":
            echo_json(result)
        else:
            typer.echo(render_assessment(result))

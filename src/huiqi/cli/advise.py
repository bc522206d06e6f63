"""``huiqi advise``: what to change so that a program becomes eligible (contract §9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from huiqi.cli.common import FORMAT_HELP, check_format, echo_json, parse_assumptions, parse_date, read_json


def register(app: typer.Typer) -> None:
    @app.command()
    def advise(
        profile: Annotated[Path, typer.Argument(help="企业画像 JSON 文件（合同 §1），- 表示标准输入")],
        program: Annotated[list[str] | None, typer.Option("--program", help="只分析这些项目 program id")] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认画像中的 as_of 或今天）")
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
        assume: Annotated[list[str] | None, typer.Option("--assume", help="切换命名假设 ID=OPTION，可重复")] = None,
        include_outcomes: Annotated[
            bool,
            typer.Option("--include-outcomes", help="也调整经营结果（营业收入、资产、利润、从业人员）"),
        ] = False,
    ) -> None:
        """对不符合或待定的项目，给出经复核的最小调整：改什么、改到多少、依据哪一条款。

        Example: huiqi advise examples/dongguan-equipment.json --as-of 2023-06-01 --format json
        """
        from huiqi.advice import advise as run_advice
        from huiqi.advice.text import render_advice

        check_format(fmt)
        data = read_json(profile)
        answer = run_advice(
            data,
            as_of=parse_date(as_of),
            programs=program or None,
            choices=parse_assumptions(assume),
            include_outcomes=include_outcomes,
        )
        if fmt == "json":
            echo_json(answer)
        else:
            typer.echo(render_advice(answer))

"""``huiqi screen``: screen a CSV, Excel or Parquet file of enterprises/projects (contract §5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from huiqi.batch import ScreenSummary


def _parse_date(value: str | None) -> dt.date | None:
    from huiqi.errors import InputError

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f'"{value}" 不是 YYYY-MM-DD 日期 not an ISO date', "as_of") from None


def _parse_assume(values: list[str]) -> dict[str, str]:
    from huiqi.errors import InputError

    out = {}
    for item in values:
        key, sep, option = item.partition("=")
        if not sep or not key.strip() or not option.strip():
            raise InputError(f'"{item}" 应写作 id=option must be id=option', "assume")
        out[key.strip()] = option.strip()
    return out


def screen(
    input: Annotated[Path | None, typer.Argument(help="输入文件 .csv / .xlsx / .parquet")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件 .csv / .xlsx / .parquet")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认今天）")] = None,
    programs: Annotated[str | None, typer.Option("--programs", help="只筛查这些政策，逗号分隔")] = None,
    assume: Annotated[list[str] | None, typer.Option("--assume", help="假设选项 id=option，可重复")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="写出供填报的 Excel 模板到此文件")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="不显示进度条")] = False,
    backend: Annotated[
        str, typer.Option("--backend", help="规则在哪里运行 where the rules run: polars | duckdb | spark")
    ] = "polars",
    spark_master: Annotated[
        str | None,
        typer.Option("--spark-master", help="Spark master: spark://host:7077, yarn …（默认 SPARK_REMOTE 或 local[1]）"),
    ] = None,
) -> None:
    """批量筛查：每行一个企业（或企业的一个项目），为每项政策输出结论、奖励上限和未满足条件。

    Example: huiqi screen enterprises.xlsx -o results.xlsx --as-of 2022-06-01
    """
    import json

    from huiqi.errors import InputError

    day = _parse_date(as_of)
    ids = [p.strip() for p in programs.split(",") if p.strip()] if programs else None
    if template is not None:
        from huiqi.batch.template import write_template

        columns = write_template(template, day, ids)
        typer.echo(f"模板已写出 template written: {template} ({len(columns)} 列)", err=True)
        return
    if input is None or output is None:
        raise InputError("需要 INPUT 和 -o OUTPUT（或 --template FILE.xlsx） need INPUT and -o OUTPUT", "input")
    from huiqi.batch import screen_file
    from huiqi.batch.backends import BACKENDS

    if backend not in BACKENDS:
        raise InputError(f"未知的 backend unknown backend {backend!r}: {', '.join(BACKENDS)}", "backend")
    choices = _parse_assume(assume or [])
    if backend == "spark" and _in_spark(str(input)):
        _screen_in_spark(str(input), str(output), day, ids, choices, spark_master)
        return
    options = {"backend": backend, "spark_master": spark_master}
    if quiet:
        summary = screen_file(input, output, day, ids, choices, **options)  # type: ignore[arg-type]
    else:
        summary = _with_progress(input, output, day, ids, choices, options)
    for warning in summary.warnings:
        typer.echo(f"提示 warning: {warning}", err=True)
    typer.echo(json.dumps(summary.to_json(), ensure_ascii=False), err=True)


def _in_spark(path: str) -> bool:
    """A cluster path (``hdfs://``, ``s3a://``, ``abfss://`` …) or a Parquet dataset directory: Spark
    reads and writes it itself (the file formats of §5 are for files on this machine)."""
    return "://" in path or Path(path).is_dir()


def _screen_in_spark(
    input: str, output: str, day: dt.date | None, ids: list[str] | None, choices: dict[str, str],
    master: str | None,
) -> None:
    """Everything in Spark: read the typed Parquet dataset, screen, write Parquet (see docs/spark.md)."""
    import json

    from huiqi.batch.spark import screen_spark_output, spark_session

    spark = spark_session(master)
    frame = spark.read.parquet(input)
    result = screen_spark_output(frame, day or dt.date.today(), ids, choices)
    result.write.mode("overwrite").parquet(output)
    typer.echo(json.dumps({"input": input, "output": output, "backend": "spark"}, ensure_ascii=False), err=True)


def _with_progress(
    input: Path, output: Path, day: dt.date | None, ids: list[str] | None, choices: dict[str, str],
    options: dict[str, str | None],
) -> ScreenSummary:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from huiqi.batch import screen_file

    console = Console(stderr=True)
    with Progress(
        TextColumn("筛查 screening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("rows", total=None)

        def report(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        summary = screen_file(input, output, day, ids, choices, progress=report, **options)  # type: ignore[arg-type]
    return summary


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)

"""``huiqi timeline``: a project's procedural deadlines under the 技改核准备案细则 (contract §3)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from huiqi.errors import InputError


class Format(StrEnum):
    json = "json"
    text = "text"


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline)


def timeline(
    project_file: Annotated[Path, typer.Argument(help='项目 JSON: 一个项目对象, 或 {"projects": [...]}')],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD (默认: 文件中的 as_of 或今天)")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json 或 text")] = Format.json,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="另存 iCalendar 文件, 每个未届满期限一个全天事件")
    ] = None,
    project_id: Annotated[str | None, typer.Option("--project", help="只输出该 id 的项目")] = None,
    holidays: Annotated[
        Path | None, typer.Option("--holidays", help="补充节假日 YAML (默认 $HUIQI_HOLIDAYS_FILE)")
    ] = None,
) -> None:
    """项目核准/备案的办理时限: 当前状态、未届满的期限和已错过的期限。

    Example: huiqi timeline examples/timeline/filing.json --as-of 2021-10-08 --format text
    """
    try:
        _run(project_file, as_of, fmt, ics, project_id, holidays)
    except InputError as exc:
        from huiqi.cli import fail_input

        fail_input(exc)


def _run(
    project_file: Path,
    as_of: str | None,
    fmt: Format,
    ics: Path | None,
    project_id: str | None,
    holidays: Path | None,
) -> None:
    import json
    from datetime import date

    from huiqi.calendar import default_calendar
    from huiqi.procedures import build_timeline
    from huiqi.procedures.events import parse_date
    from huiqi.procedures.render import to_ics, to_text

    data = _read_json(project_file)
    cal = default_calendar(holidays)
    raw_as_of = as_of if as_of is not None else data.get("as_of")
    day = parse_date(raw_as_of, "--as-of" if as_of is not None else "as_of") if raw_as_of else date.today()
    if "projects" in data:
        projects = data["projects"]
        if not isinstance(projects, list):
            raise InputError("must be a list of projects", "projects")
        chosen = [
            (i, p)
            for i, p in enumerate(projects)
            if project_id is None or (isinstance(p, dict) and str(p.get("id")) == project_id)
        ]
        if project_id is not None and not chosen:
            raise InputError(f"no project with id {project_id!r}", "--project")
        timelines = [build_timeline(p, day, calendar=cal, prefix=f"projects[{i}].") for i, p in chosen]
        single = project_id is not None
    else:
        timelines = [build_timeline(data, day, calendar=cal)]
        single = True
    if ics is not None:
        ics.write_bytes(to_ics(timelines))
    if fmt is Format.text:
        typer.echo("\n\n".join(to_text(t) for t in timelines))
        return
    payload: dict[str, Any] = (
        timelines[0].to_json()
        if single
        else {"as_of": day.isoformat(), "timelines": [t.to_json() for t in timelines]}
    )
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _read_json(path: Path) -> dict[str, Any]:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno})", str(path)) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object", str(path))
    return data

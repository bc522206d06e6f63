"""``huiqi programs``: the programs and, for each criterion, the clause text beside the rule."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from huiqi.cli.common import FORMAT_HELP, check_format, echo_json
from huiqi.errors import InputError

programs_app = typer.Typer(help="奖补与认定项目及其规则（规则说明）", no_args_is_help=True)


@programs_app.command("list")
def list_programs(fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text") -> None:
    """列出全部项目。 Example: huiqi programs list"""
    from huiqi.engine import default_engine

    check_format(fmt)
    items: list[dict[str, Any]] = []
    for family in default_engine().families.values():
        latest = family.versions[-1]
        items.append(
            {
                "id": family.id,
                "title": family.title,
                "level": latest.level,
                "versions": [p.version.to_json() for p in family.versions],
            }
        )
    if fmt == "json":
        echo_json({"programs": items})
        return
    for item in items:
        versions = "；".join(f"{v['number']} {v['from']}～{v['to'] or ''}" for v in item["versions"])
        typer.echo(f"{item['id']:<38} {item['title']}（{versions}）")


@programs_app.command("show")
def show_program(
    program: Annotated[str, typer.Argument(help="program id, e.g. tech-upgrade-equipment-reward")],
    fmt: Annotated[str, typer.Option("--format", help="text | json | markdown")] = "text",
    output: Annotated[Path | None, typer.Option("-o", help="写入文件 write to a file")] = None,
    versions: Annotated[
        bool, typer.Option("--versions", help="只列出各版本：日期、依据（来源质量）与变化 list the versions")
    ] = False,
) -> None:
    """逐条对照条款原文与规则。 Example: huiqi programs show gd-specialized-sme --format markdown;
    huiqi programs show little-giant --versions"""
    from huiqi.engine import default_engine
    from huiqi.render.literate import family_doc, to_markdown

    check_format(fmt, ("text", "json", "markdown"))
    family = default_engine().families.get(program)
    if family is None:
        raise InputError(f"没有这个政策项目：{program}；可选：{'、'.join(default_engine().families)}", "program")
    if versions:
        _show_versions(family, fmt)
        return
    doc = family_doc(family)
    if fmt == "json":
        echo_json(doc)
        return
    text = to_markdown(doc) if fmt == "markdown" else _text(doc)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


def _text(doc: dict[str, Any]) -> str:
    lines = [f"{doc['title']} ({doc['id']})"]
    for version in doc["versions"]:
        v = version["version"]
        lines.append(f"\n== {v['number']} {v['from']} 至 {v['to'] or '—'} ==")
        for c in version["criteria"]:
            lines.append(f"\n[{c['id']}] {c['label']}")
            lines.append(f"  条款 {c['clause']['ref']}：{c['clause_text']}")
            lines.append(f"  规则 {c['rule']}")
        for p in version["parameters"]:
            for value in p["values"]:
                period = f"{value['from']}～{value['to'] or ''}"
                lines.append(f"  参数 {p['id']} = {value['value']} {p['unit']}（{period}，{value['clause']['ref']}）")
    return "\n".join(lines)


def _show_versions(family: Any, fmt: str) -> None:
    from huiqi.programs.external import QUALITY_WORDS, version_view

    view = version_view(family)
    if fmt == "json":
        echo_json({"id": family.id, "title": family.title, "versions": view})
        return
    lines = [f"{family.title} ({family.id})"]
    for v in view:
        until = v["answers_until"] or "—"
        lines.append(
            f"\n{v['number']}  {v['from']} 至 {until}（来源质量 {v['quality']}：{QUALITY_WORDS.get(v['quality'], '')}）"
        )
        if v["gap"]:
            lines.append(f"  {v['to']} 后不再作答；{v['superseded_by']} 自 {v['successor_from']} 起施行")
        elif v["to"] and v["to"] != v["answers_until"]:
            lines.append(f"  原定有效期至 {v['to']}；{v['superseded_by']} 自其施行日起取代")
        if v["date_quality"]:
            lines.append(f"  施行日期来源质量 {v['date_quality']}")
        if v["changes"]:
            lines.append(f"  变化：{v['changes']}")
        for source in v["sources"]:
            lines.append(f"  来源：{source}")
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.add_typer(programs_app, name="programs")

"""``huiqi interview``: the check-up that asks only what decides (contract §10).

With ``--format json`` it answers one step for the answers file (the next question and the statuses
so far), as ``POST /api/v1/interview`` does. Otherwise it asks in the terminal, one question at a
time, each with a "不知道" choice (a grouped question: a prompt line per input, each with its own
"不知道"), and prints the verdicts at the end; ``--answers`` starts from a file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from huiqi.cli.common import FORMAT_HELP, check_format, echo_json, parse_date, read_json
from huiqi.errors import InputError

DONT_KNOW = "不知道"
STATUS_WORDS = {
    "eligible": "符合",
    "ineligible": "不符合",
    "undetermined": "待定",
    "not_applicable": "不适用",
    "not_in_force": "不在有效期",
}


def register(app: typer.Typer) -> None:
    @app.command()
    def interview(
        answers: Annotated[
            Path | None, typer.Option("--answers", help="已有答案 JSON（合同 §10 的请求体），- 表示标准输入")
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认答案文件的 as_of 或今天）")
        ] = None,
        program: Annotated[list[str] | None, typer.Option("--program", help="只看这些项目 program id")] = None,
        fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP + "（text 为逐题问答）")] = "text",
    ) -> None:
        """逐题体检：每次只问能改变结论的一个问题，可答“不知道”，最后给出各项目结论。

        Example: huiqi interview --as-of 2023-06-01 --program tech-upgrade-equipment-reward
        """
        from huiqi.interview import step

        check_format(fmt)
        body: dict[str, Any] = read_json(answers) if answers is not None else {}
        if not isinstance(body, dict):
            raise InputError("答案文件应为 JSON 对象 the answers file must be a JSON object", "--answers")
        day = parse_date(as_of)
        if day is not None:
            body["as_of"] = day.isoformat()
        if program:
            body["programs"] = list(program)
        if fmt == "json":
            echo_json(step(body))
            return
        body.setdefault("as_of", dt.date.today().isoformat())
        body.setdefault("answers", {})
        body.setdefault("unknown", [])
        result = step(body)
        while not result["done"]:
            ask(body, result["question"])
            try:
                result = step(body)
            except InputError as exc:
                for error in exc.errors:
                    typer.echo(f"  ✗ {error.message}", err=True)
                for item in inputs(result["question"]):  # the whole question is asked again
                    body["answers"].pop(item["field"], None)
                    if item["field"] in body["unknown"]:
                        body["unknown"].remove(item["field"])
        typer.echo("")
        typer.echo(f"结论（{result['as_of']}，共回答 {result['asked']} 题）：")
        for item in result["results"]:
            where = f"［项目 {item['project']}］" if item.get("project") else ""
            money = f"，最高 {item['reward_max_wan']} 万元" if item.get("reward_max_wan") is not None else ""
            status = STATUS_WORDS.get(item["status"], item["status"])
            typer.echo(f"  {item['title']}{where}：{status}{money}  ({item['program']})")


def inputs(question: dict[str, Any]) -> list[dict[str, Any]]:
    """Every input of a question: the grouped ones, or the question itself."""
    return list(question.get("fields") or [question])


def ask(body: dict[str, Any], question: dict[str, Any]) -> None:
    """Ask one question in the terminal; the answers (or 不知道) go into ``body``. A grouped question
    (several figures off one document, or a checklist) is one question with a prompt line per input;
    a checklist can be answered "以上都没有" (all 否) or "不知道" at once."""
    group = question.get("group")
    if not group:
        ask_input(body, question, question["text"])
        return
    typer.echo("")
    typer.echo(group["title"])
    if group.get("help"):
        typer.echo(f"  提示：{group['help']}")
    items = inputs(question)
    if group.get("checklist"):
        for item in items:
            typer.echo(f"  · {item['label']}")
        typer.echo(f"  1. 以上都没有\n  2. 逐项回答\n  0. {DONT_KNOW}（全部）")
        raw = typer.prompt("答", default="2", show_default=False).strip()
        if raw in ("1", "以上都没有"):
            body["answers"].update({item["field"]: False for item in items})
            return
        if raw in ("0", DONT_KNOW):
            body["unknown"].extend(item["field"] for item in items)
            return
    for number, item in enumerate(items, 1):
        ask_input(body, item, f"（{number}/{len(items)}）{item['label']}")


def ask_input(body: dict[str, Any], question: dict[str, Any], text: str) -> None:
    """Ask for one input; its answer (or 不知道) goes into ``body``."""
    unit = f"（{question['unit']}）" if question.get("unit") else ""
    typer.echo("")
    typer.echo(f"{text}{unit}")
    if question.get("help"):
        typer.echo(f"  提示：{question['help']}")
    options = question.get("options") or []
    if question["type"] == "bool":
        options = [{"value": True, "label": "是"}, {"value": False, "label": "否"}]
    for number, option in enumerate(options, 1):
        typer.echo(f"  {number}. {option['label']}")
    typer.echo(f"  0. {DONT_KNOW}" if options else f"  （直接回车或输入“{DONT_KNOW}”表示不知道）")
    raw = typer.prompt("答", default="", show_default=False).strip()
    field = question["field"]
    if raw in ("", DONT_KNOW, "?", "？") or (options and raw == "0"):
        body["unknown"].append(field)
        return
    if options:
        if raw.isdigit() and 1 <= int(raw) <= len(options):
            body["answers"][field] = options[int(raw) - 1]["value"]
            return
        chosen = next((o["value"] for o in options if raw in (o["label"], str(o["value"]))), raw)
        body["answers"][field] = chosen
        return
    body["answers"][field] = raw

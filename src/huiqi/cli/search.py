"""``huiqi search``: the clauses that answer a question, best first (contract §4)."""

from __future__ import annotations

import html
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from huiqi.errors import InputError

if TYPE_CHECKING:
    from huiqi.search import Hit


class Format(StrEnum):
    json = "json"
    text = "text"


def register(app: typer.Typer) -> None:
    app.command("search")(search)


def search(
    query: Annotated[str | None, typer.Argument(help="问题或关键词, 如 “小巨人资产负债率要求”")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="只搜该文件 (文件 id, 如 tech-upgrade-filing)")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多返回条数 (1–200)")] = 10,
    fmt: Annotated[Format, typer.Option("--format", help="json 或 text")] = Format.text,
    run_eval: Annotated[
        bool, typer.Option("--eval", help="不搜索, 在调参集和留出集上打印 recall@1、recall@5 和 MRR"
                                          " (口语问题单列, 旁列字二元 BM25)")
    ] = False,
) -> None:
    """按条款搜索政策: 每条结果给出文件、条款编号、原文和高亮摘要。

    Example: huiqi search "技改项目备案两年没开工会怎样" --limit 3
    """
    try:
        if run_eval:
            _evaluate(fmt)
        else:
            _search(query, doc, limit, fmt)
    except InputError as exc:
        from huiqi.cli import fail_input

        fail_input(exc)


def _search(query: str | None, doc: str | None, limit: int, fmt: Format) -> None:
    from huiqi.cli.common import echo_json
    from huiqi.search import SearchIndex

    if query is None or not query.strip():
        raise InputError("搜索内容不能为空", path="query")
    hits = SearchIndex.default().search(query, limit=limit, doc=doc)
    if fmt is Format.json:
        echo_json({"hits": [h.to_json() for h in hits]})
        return
    typer.echo(_text(hits))


def _text(hits: list[Hit]) -> str:
    if not hits:
        return "没有找到相关条款 no matching clause"
    blocks = []
    for rank, hit in enumerate(hits, 1):
        shown = html.unescape(hit.snippet.replace("<mark>", "【").replace("</mark>", "】"))
        blocks.append(f"{rank}. {hit.doc_title} {hit.ref}  (score {hit.score:.2f})\n"
                      f"   {shown}\n   {hit.id}")
    return "\n\n".join(blocks)


def _evaluate(fmt: Format) -> None:
    from huiqi.cli.common import echo_json
    from huiqi.search.evaluate import evaluate_all, format_report, to_json

    results = evaluate_all()
    if fmt is Format.json:
        echo_json(to_json(results))
    else:
        typer.echo(format_report(results))

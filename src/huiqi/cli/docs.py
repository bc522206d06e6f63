"""``huiqi docs``: list the policy documents and show a document or clause as an indented tree.

Example::

    huiqi docs list
    huiqi docs show tech-upgrade-fund
    huiqi docs show 'tech-upgrade-fund#art8-i1-s5' --format json
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

from huiqi.errors import InputError

if TYPE_CHECKING:
    from huiqi.corpus.model import Clause, Document

docs_app = typer.Typer(help="政策文件与条款 documents and clauses.", no_args_is_help=True)

FORMATS = ("text", "json")

KIND_LABELS = {"regulation": "规章制度", "notice": "通知", "plan": "规划方案",
               "interpretation": "解读", "press": "新闻发布会实录"}


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise InputError(f"--format 应为 {'、'.join(FORMATS)} 之一，填写的是 {value!r}", path="format")
    return value


def _summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id, "title": doc.title, "short_title": doc.short_title, "kind": doc.kind,
        "number": doc.number, "issuer": doc.issuer, "issue_date": doc.issue_date,
        "effective_date": doc.effective_date, "expiry_date": doc.expiry_date,
        "interprets": doc.interprets,
    }


@docs_app.command("list")
def list_documents(
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
) -> None:
    """列出全部文件。 Example: huiqi docs list --format json"""
    from huiqi.corpus.store import load_corpus

    _check_format(format)
    corpus = load_corpus()
    if format == "json":
        typer.echo(json.dumps({"documents": [_summary(d) for d in corpus.documents]},
                              ensure_ascii=False, indent=2))
        return
    for doc in corpus.documents:
        dates = "～".join(d for d in (doc.effective_date, doc.expiry_date) if d) or doc.issue_date or ""
        number = f"  {doc.number}" if doc.number else ""
        typer.echo(f"{doc.id:36} {KIND_LABELS.get(doc.kind, doc.kind)}  {doc.short_title}{number}  {dates}")


@docs_app.command("show")
def show(
    target: str = typer.Argument(..., help="document id (tech-upgrade-fund) or clause id (…#art8)"),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
) -> None:
    """显示文件或条款。 Example: huiqi docs show 'tech-upgrade-fund#art8-i1-s5'"""
    from huiqi.corpus.store import load_corpus

    _check_format(format)
    corpus = load_corpus()
    try:
        if "#" in target:
            clause = corpus.clause(target)
            doc = corpus.owner(target)
        else:
            doc = corpus.document(target)
            clause = None
    except KeyError:
        raise InputError(f"没有文件或条款 {target!r}（可用 huiqi docs list 查看）",
                         path="target") from None
    if format == "json":
        data = clause.to_json() if clause else doc.to_json()
        if clause:
            data["doc"], data["doc_title"] = doc.id, doc.title
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(render_text(doc, clause))


def render_text(doc: Document, clause: Clause | None = None) -> str:
    """A readable, indented Chinese rendering of a document or one clause."""
    lines: list[str] = []
    if clause is None:
        lines.append(doc.title)
        meta = [("文号", doc.number), ("发布机关", doc.issuer), ("发布日期", doc.issue_date),
                ("施行日期", doc.effective_date), ("有效期至", doc.expiry_date)]
        lines += [f"{k}：{v}" for k, v in meta if v]
        if doc.validity_note:
            lines.append(f"时效说明：{doc.validity_note}")
        lines.append(f"状态：{_status_line(doc.id)}")
        if doc.external:
            lines.append(f"来源：{doc.source.get('kind', '')}")
            lines += [f"  {n}" for n in doc.notes]
        lines.append("")
        roots = ([doc.cover] if doc.cover else []) + doc.clauses
    else:
        lines.append(f"{doc.title} {clause.ref}  [{clause.id}]")
        roots = [clause]
    for root in roots:
        _render(root, 0, lines)
    return "\n".join(lines)


def _status_line(doc_id: str) -> str:
    """``已被取代：自 2026-04-01 起由 工信部企业〔2026〕2号 取代（…）`` and the like."""
    from huiqi.programs.status import document_status

    status = document_status(doc_id)
    parts = [f"自 {s.since} 起由 {s.number or s.title} 取代（{s.program}）" for s in status.successors]
    if status.until and status.state in ("expired", "in_force", "partly_replaced"):
        parts.append(f"有效期至 {status.until}")
    return status.label + ("：" + "；".join(parts) if parts else "")


def _render(clause: Clause, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    head = clause.ref if clause.kind != "cover" else "印发通知"
    if clause.heading:
        head += f" {clause.heading}"
    lines.append(f"{pad}{head}  [{clause.anchor}]")
    for paragraph in clause.text.splitlines():
        lines.append(f"{pad}  {paragraph}")
    for table in clause.tables:
        for row in table:
            lines.append(f"{pad}  | " + " | ".join(row) + " |")
    for note in clause.notes:
        lines.append(f"{pad}  （{note}）")
    for child in clause.children:
        _render(child, depth + 1, lines)


def register(app: typer.Typer) -> None:
    app.add_typer(docs_app, name="docs")

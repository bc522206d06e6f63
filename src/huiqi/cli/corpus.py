"""``huiqi corpus build [--check]``: rebuild the shipped corpus.json from the source text.

Example::

    huiqi corpus build --check   # exit 1 when the committed corpus.json is stale
"""

from __future__ import annotations

import typer

corpus_app = typer.Typer(help="政策文本语料 the clause corpus.", no_args_is_help=True)


@corpus_app.command("build")
def build(
    check: bool = typer.Option(False, "--check", help="only compare; exit 1 if corpus.json is stale"),
) -> None:
    """由源文本重建 corpus.json。 Example: huiqi corpus build --check"""
    from huiqi.corpus import build as corpus_build

    if check:
        if corpus_build.check():
            typer.echo("corpus.json is up to date")
            return
        typer.echo("corpus.json differs from a fresh build: run `huiqi corpus build`", err=True)
        raise typer.Exit(1)
    path = corpus_build.build()
    typer.echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")

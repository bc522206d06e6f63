"""The literate view: the committed docs/programs/*.md are exactly what the rules generate."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from huiqi.cli import app
from huiqi.engine import default_engine
from huiqi.render.literate import family_doc, to_markdown

DOCS = Path(__file__).parents[2] / "docs" / "programs"


def test_committed_program_docs_match_the_rules() -> None:
    stale = []
    for family in default_engine().families.values():
        path = DOCS / f"{family.id}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != to_markdown(family_doc(family)):
            stale.append(family.id)
    assert stale == [], "regenerate with: python -m huiqi.render.write_docs"


def test_programs_show_puts_clause_text_beside_the_rule() -> None:
    out = CliRunner().invoke(app, ["programs", "show", "tech-upgrade-equipment-reward"])
    assert out.exit_code == 0
    assert "不低于700万元" in out.stdout and "project.equipment_purchase_wan ≥" in out.stdout


def test_unknown_program_is_an_input_error() -> None:
    assert CliRunner().invoke(app, ["programs", "show", "nope"]).exit_code == 2

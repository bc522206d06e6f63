"""Regenerate ``docs/programs/*.md`` from the rules: ``python -m huiqi.render.write_docs``."""

from __future__ import annotations

from pathlib import Path

from huiqi.engine import default_engine
from huiqi.render.literate import family_doc, to_markdown


def main(folder: Path = Path("docs/programs")) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for family in default_engine().families.values():
        (folder / f"{family.id}.md").write_text(to_markdown(family_doc(family)), encoding="utf-8")
        print(folder / f"{family.id}.md")


if __name__ == "__main__":
    main()

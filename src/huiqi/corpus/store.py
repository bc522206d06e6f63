"""Placeholder: replaced by the corpus build's loader (documents, clause tree, resolve)."""

from __future__ import annotations

from typing import Any


def describe_clause(doc: str, ref: str) -> dict[str, Any]:
    return {"doc": doc, "doc_title": doc, "ref": ref}

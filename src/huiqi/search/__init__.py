"""Clause search: ask in plain words, get the clauses that answer, best first.

``SearchIndex.default().search("小巨人资产负债率要求")`` → :class:`Hit` s (contract §4). The index is
built from the shipped corpus at first use (tantivy BM25 over jieba tokens, with synonyms and
number forms normalised: :mod:`huiqi.search.analysis`) and cached on disk by corpus digest.
"""

from __future__ import annotations

from huiqi.search.index import Hit, SearchIndex

__all__ = ["Hit", "SearchIndex"]

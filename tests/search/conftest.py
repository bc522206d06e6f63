"""One index of the shipped corpus for all search tests, cached in a temporary directory."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from huiqi.search import SearchIndex
from huiqi.search import index as index_module
from huiqi.search.units import corpus_units


@pytest.fixture(scope="session")
def search_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    root = tmp_path_factory.mktemp("huiqi-cache")
    saved = os.environ.get("HUIQI_CACHE_DIR")
    os.environ["HUIQI_CACHE_DIR"] = str(root)
    built = SearchIndex.open_or_build(corpus_units(), root)
    index_module._default["index"] = built  # the CLI's SearchIndex.default() uses this one
    yield built
    index_module._default.pop("index", None)
    if saved is None:
        os.environ.pop("HUIQI_CACHE_DIR", None)
    else:
        os.environ["HUIQI_CACHE_DIR"] = saved


@pytest.fixture
def first_stage(search_index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    """The index with its reranker off: for tests of one setting of the hand-set ranking."""
    monkeypatch.setattr(search_index, "reranker", None)
    return search_index

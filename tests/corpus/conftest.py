"""Shared fixtures: the shipped corpus, loaded once."""

from __future__ import annotations

import pytest

from huiqi.corpus.store import Corpus, load_corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()

"""Text → search tokens, the same way for a clause and for a question.

Steps, each keeping the token's span in the original text (the snippets highlight those spans):

1. NFKC and lower case, character by character (full-width ``２０％`` reads as ``20%``);
2. synonym phrases (``synonyms.yaml``) become their canonical token plus their own words;
3. quantities become one normalised token (:mod:`huiqi.search.numbers`);
4. the rest is segmented by jieba in search mode (a long word also yields its known sub-words);
5. word synonyms are mapped, stop words and punctuation dropped.

jieba runs on its bundled dictionary only; nothing is downloaded. Its prefix-dictionary cache goes
to the huiqi cache directory instead of the system temp directory.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from huiqi.search.numbers import find_numbers

#: bump when a change to the analysis changes the tokens (it is part of the index cache key)
ANALYZER_VERSION = "3"

_WORD = re.compile(r"[\w\u3400-\u9fff]")


@dataclass(frozen=True)
class Token:
    """One search token and the span ``[start, end)`` of the original text it came from."""

    term: str
    start: int
    end: int


def synonyms_text() -> str:
    """The synonyms file as shipped (its text is part of the index cache key)."""
    return resources.files("huiqi.search").joinpath("synonyms.yaml").read_text(encoding="utf-8")


def fold(text: str) -> str:
    """NFKC + lower case, one character for one character (so spans stay valid)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


class Analyzer:
    """Segments text into :class:`Token` s. Thread-safe once built; build it once per process."""

    def __init__(self, config: dict[str, Any] | None = None, cache_dir: Path | None = None) -> None:
        config = config if config is not None else yaml.safe_load(synonyms_text())
        self.phrases: dict[str, str] = {}
        for canonical, forms in (config.get("phrases") or {}).items():
            for form in [canonical, *forms]:
                self.phrases[fold(str(form))] = fold(str(canonical))
        self.words: dict[str, str] = {}
        for canonical, forms in (config.get("words") or {}).items():
            for form in forms:
                self.words[fold(str(form))] = fold(str(canonical))
        self.stopwords = frozenset(fold(str(w)) for w in config.get("stopwords") or [])
        #: an everyday word → the documents' own words for it (query expansion only)
        self.colloquial: dict[str, tuple[str, ...]] = {
            fold(str(word)): tuple(fold(str(t)) for t in targets)
            for word, targets in (config.get("colloquial") or {}).items()}
        self._phrase_re = self._compile(self.phrases)
        self._cache_dir = cache_dir
        self._lock = threading.Lock()

    @staticmethod
    def _compile(phrases: dict[str, str]) -> re.Pattern[str] | None:
        if not phrases:
            return None
        parts = []
        for form in sorted(phrases, key=len, reverse=True):  # longest first
            part = re.escape(form)
            if form.isascii():  # "ai" must not match inside "email"
                part = rf"(?<![a-z0-9]){part}(?![a-z0-9])"
            parts.append(part)
        return re.compile("|".join(parts))

    @cached_property
    def _jieba(self) -> Any:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        if self._cache_dir is not None:
            tokenizer.tmp_dir = str(self._cache_dir)
        with self._lock:
            tokenizer.initialize()
        for form, canonical in self.phrases.items():  # keep canonical terms whole
            if not form.isascii():
                tokenizer.add_word(canonical, freq=2000)
        return tokenizer

    def warm_up(self) -> None:
        """Load jieba's dictionary now rather than on the first question."""
        _ = self._jieba

    def tokens(self, text: str) -> list[Token]:
        """All tokens of ``text``, in order of appearance."""
        folded = fold(text)
        out: list[Token] = []
        pos = 0
        for start, end, canonical in self._phrase_spans(folded):
            self._plain(folded, pos, start, out)
            out.append(Token(canonical, start, end))
            if folded[start:end] != canonical:  # the form's own words too: 改造 finds 技术改造
                self._segment(folded, start, end, out, skip=canonical)
            pos = end
        self._plain(folded, pos, len(folded), out)
        return out

    def terms(self, text: str) -> list[str]:
        """The token terms of ``text`` (duplicates kept: term frequency matters to BM25)."""
        return [t.term for t in self.tokens(text)]

    def _phrase_spans(self, folded: str) -> list[tuple[int, int, str]]:
        if self._phrase_re is None:
            return []
        return [(m.start(), m.end(), self.phrases[m.group(0)]) for m in self._phrase_re.finditer(folded)]

    def _plain(self, folded: str, start: int, end: int, out: list[Token]) -> None:
        """Numbers, then jieba words, of ``folded[start:end]``."""
        pos = start
        for n_start, n_end, terms in find_numbers(folded[start:end]):
            self._segment(folded, pos, start + n_start, out)
            out.extend(Token(term, start + n_start, start + n_end) for term in terms)
            pos = start + n_end
        self._segment(folded, pos, end, out)

    def _segment(self, folded: str, start: int, end: int, out: list[Token], skip: str = "") -> None:
        if start >= end:
            return
        chunk = folded[start:end]
        for word, w_start, w_end in self._jieba.tokenize(chunk, mode="search", HMM=False):
            term = self.words.get(word, word)
            if term == skip or term in self.stopwords or not _WORD.search(term) or term.isspace():
                continue
            out.append(Token(term, start + w_start, start + w_end))

"""N-gram counts over a fixed vocabulary, without scikit-learn at run time.

The event model is trained with scikit-learn's ``CountVectorizer`` (``train.py``); coding a
document only needs its ``transform`` over the shipped vocabulary, and importing scikit-learn
for that costs about two seconds of every process's start-up (it pulls in ``scipy.stats`` and
pandas). :class:`NgramCounter` counts the same n-grams the same way – word 1–2-grams of
``\\b\\w\\w+\\b`` tokens, or ``char_wb`` n-grams within space-padded words, lower-cased – and
``tests/extract/events/test_events_vectorize.py`` checks it against ``CountVectorizer``.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Literal, cast

import numpy as np
from scipy import sparse

__all__ = ["NgramCounter"]

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # CountVectorizer's default token_pattern
_WHITE_SPACES = re.compile(r"\s\s+")
_MAX_WORDS = 100_000  # words whose char_wb columns are kept before the memo starts afresh

Analyzer = Literal["word", "char_wb"]


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Word n-grams of ``text`` (lower-cased), as ``CountVectorizer(analyzer="word")``."""
    tokens = _TOKEN.findall(text.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        # the n-grams as n staggered copies zipped, joined without a slice per n-gram
        grams.extend(map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False)))
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams within space-padded words, as ``CountVectorizer(analyzer="char_wb")``:
    a word shorter than ``n`` counts once, whole, and ends the longer n-grams of that word."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                grams.append(padded)
                break
            grams.extend([padded[i : i + n] for i in range(size - n + 1)])
    return grams


class NgramCounter:
    """Counts of a fixed vocabulary's n-grams in each text, as a float32 CSR matrix."""

    def __init__(
        self, vocabulary: dict[str, int], analyzer: Analyzer, ngram_range: tuple[int, int]
    ) -> None:
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        # char_wb n-grams never cross a word: each word's columns are found once, then reused
        self._word_columns: dict[str, tuple[int, ...]] = {}

    def _columns(self, grams: list[str]) -> Iterator[int]:
        known = functools.partial(operator.is_not, None)
        return cast("Iterator[int]", filter(known, map(self.vocabulary.get, grams)))

    def _char_wb_columns(self, text: str) -> list[int]:
        low, high = self.ngram_range
        memo = self._word_columns
        if len(memo) > _MAX_WORDS:
            memo.clear()
        found: list[int] = []
        for word in _WHITE_SPACES.sub(" ", text.lower()).split():
            columns = memo.get(word)
            if columns is None:
                columns = memo[word] = tuple(self._columns(char_wb_ngrams(word, low, high)))
            found.extend(columns)
        return found

    def columns(self, text: str) -> list[int]:
        """The vocabulary columns of ``text``'s n-grams, one per occurrence, in no set order."""
        if self.analyzer == "word":
            low, high = self.ngram_range
            return list(self._columns(word_ngrams(text, low, high)))
        return self._char_wb_columns(text)

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        indptr: list[int] = [0]
        indices: list[int] = []
        values: list[int] = []
        for text in texts:
            counts: Counter[int] = Counter(self.columns(text))
            columns = sorted(counts)
            indices.extend(columns)
            values.extend(map(counts.__getitem__, columns))
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (
                np.asarray(values, dtype=np.float32),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int32),
            ),
            shape=(len(indptr) - 1, len(self.vocabulary)),
        )

"""The run-time n-gram counter gives exactly scikit-learn's CountVectorizer counts."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from tidings.extract.events.learned import classifier
from tidings.extract.events.vectorize import NgramCounter

TEXTS = [
    "Police fired tear gas at protesters in Lagos on Monday, officials said.",
    "  Two   men were   killed;\tthe army's   spokesman  denied it.  ",
    "A",
    "",
    "Ökonomie: Demonstranten in Köln – über 1.000 Menschen, 2 Verletzte!",
    "I o ab abc abcd abcde abcdef x-y e.g. U.S. don't 12 123",
    "Talibanes atacaron un puesto en Kandahār; 00 muertos.",
]


@pytest.mark.parametrize(
    ("analyzer", "ngram_range"), [("word", (1, 2)), ("char_wb", (3, 5)), ("word", (2, 3))]
)
def test_counts_match_countvectorizer(analyzer: str, ngram_range: tuple[int, int]) -> None:
    fitted = CountVectorizer(analyzer=analyzer, ngram_range=ngram_range).fit(TEXTS)
    vocabulary = {str(k): int(v) for k, v in fitted.vocabulary_.items()}
    # a vocabulary missing some n-grams, as the shipped one (max_features) does
    vocabulary = {k: i for i, k in enumerate(sorted(vocabulary)[::2])}
    expected = CountVectorizer(
        vocabulary=vocabulary, analyzer=analyzer, ngram_range=ngram_range, dtype=np.float32
    ).transform(TEXTS)
    counter = NgramCounter(vocabulary, analyzer, ngram_range)  # type: ignore[arg-type]
    got = counter.transform(TEXTS)
    assert got.shape == expected.shape
    assert got.dtype == np.float32
    assert (got != expected).nnz == 0
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.indptr, expected.indptr)


def test_shipped_model_features_match_countvectorizer() -> None:
    features = classifier().features
    for ours, analyzer, ngram_range in (
        (features.word, "word", (1, 2)),
        (features.char, "char_wb", (3, 5)),
    ):
        reference = CountVectorizer(
            vocabulary=ours.vocabulary, analyzer=analyzer, ngram_range=ngram_range
        )
        assert (ours.transform(TEXTS) != reference.transform(TEXTS)).nnz == 0


def test_coding_does_not_import_scikit_learn() -> None:
    code = (
        "import sys; from tidings.extract.events.learned import classifier; "
        "classifier().predict(['Police fired tear gas.']); "
        "sys.exit(1 if 'sklearn' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

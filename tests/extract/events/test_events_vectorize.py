"""The run-time n-gram counter gives exactly scikit-learn's CountVectorizer counts."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import sparse
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
    again = counter.transform(TEXTS[::-1])  # words met before come from the memo
    assert (again != expected[::-1]).nnz == 0


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


def _tfidf_as_trained(texts: list[str]) -> sparse.csr_matrix:
    """The shipped features through scipy's matrix operations, as ``train.py`` fits them."""
    features = classifier().features
    norm = [features.prepare(t) for t in texts]
    counts = sparse.hstack([features.word.transform(norm), features.char.transform(norm)])
    counts = counts.tocsr()
    counts.data = (1.0 + np.log(counts.data)).astype(np.float32)
    x = counts.multiply(features.idf.reshape(1, -1)).tocsr()
    lengths = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    out: sparse.csr_matrix = sparse.diags(1.0 / lengths).dot(x).tocsr()
    return out


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:1], TEXTS[2:4], [""], TEXTS * 3])
def test_featuriser_matches_scipy_operations_bit_for_bit(texts: list[str]) -> None:
    got = classifier().features.transform(texts)
    expected = _tfidf_as_trained(texts)  # indices in scipy's order (each row's descending)
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype == np.float32
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)  # not close: equal, so output is unchanged
    coef = classifier().plover.coef
    assert np.array_equal(got @ coef.T, expected @ coef.T)


@pytest.mark.parametrize(
    ("texts", "rest"), [(TEXTS[:3], TEXTS[3:]), (TEXTS, []), (TEXTS[:1], TEXTS * 2), ([], TEXTS)]
)
def test_featuriser_whole_row_is_the_summed_counts(texts: list[str], rest: list[str]) -> None:
    features = classifier().features
    got = features.counts(texts, rest)
    each = features.counts(texts + rest)
    # the whole row as scipy sums the rows: every column of every text, counted once more
    expected = sparse.vstack([each[: len(texts)], sparse.csr_matrix(each.sum(axis=0))]).tocsr()
    assert got.shape == expected.shape and got.dtype == expected.dtype == np.float32
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)


def test_featuriser_reads_a_text_of_the_last_call_once(monkeypatch: pytest.MonkeyPatch) -> None:
    features = classifier().features
    first = features.transform(TEXTS)
    read: list[str] = []
    columns = features.word.columns

    def counted(text: str) -> list[int]:
        read.append(text)
        return columns(text)

    monkeypatch.setattr(features.word, "columns", counted)
    again = features.transform([TEXTS[1], "A new sentence.", TEXTS[0]])
    assert read == ["A new sentence."]  # the others' n-grams come from the last call
    for i, j in ((0, 1), (2, 0)):
        assert (again[i] != first[j]).nnz == 0
    assert (features.transform(["A new sentence."]) != again[1]).nnz == 0


def test_coding_does_not_import_scikit_learn() -> None:
    code = (
        "import sys; from tidings.extract.events.learned import classifier; "
        "classifier().predict(['Police fired tear gas.']); "
        "sys.exit(1 if 'sklearn' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

"""The article-extraction scorer: the benchmark's shingle F1, and the scores on the dev set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tidings.evaluate.article_extraction import evaluate, f1_of, shingle_counts, shingles


def test_article_extraction_shingles_count_word_4grams() -> None:
    assert shingles("a b c d e") == {"a b c d": 1, "b c d e": 1}
    assert shingles("Hi, you!") == {"Hi you": 1}
    assert shingles("") == {}


@pytest.mark.parametrize(
    ("gold", "pred", "f1"),
    [
        ("one two three four five", "one two three four five", 1.0),
        ("one two three four five", "", 0.0),
        ("one two three four five", "one two three four five six", 0.8),
    ],
)
def test_article_extraction_page_f1(gold: str, pred: str, f1: float) -> None:
    assert f1_of([shingle_counts(gold, pred)]) == pytest.approx(f1)


def test_article_extraction_mean_over_pages() -> None:
    perfect = shingle_counts("a b c d", "a b c d")
    missing = shingle_counts("a b c d", "w x y z")
    assert f1_of([perfect, missing]) == pytest.approx(0.5)


@pytest.mark.slow
def test_article_extraction_dev_scores(pipeline: Any, dev_dir: Path) -> None:
    scores = evaluate(pipeline, dev_dir)
    assert scores["article_extraction.raw_plain_f1"] == pytest.approx(0.663, abs=0.002)
    assert scores["article_extraction.plain_f1"] >= 0.85
    assert scores["article_extraction.html_f1"] >= 0.95

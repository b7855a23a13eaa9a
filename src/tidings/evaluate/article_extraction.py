"""Page cleaning scored on the article-extraction dev set (4-gram shingle F1).

Each page comes as a crawler's plain text (chrome and all) and as raw HTML; the clean ``text``
is compared with the page's ``gold_article`` by the benchmark's measure: per page, the
true/false positive and false negative counts of word 4-gram shingles (normalised by their
sum) give the page's F1; the score is the mean over pages. On these pages the uncleaned plain
text scores 0.663, as EVALUATION.md states.
"""

from __future__ import annotations

import gzip
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.clean import clean_document
from tidings.errors import EvaluationError
from tidings.evaluate._data import read_jsonl
from tidings.records import RawDocument

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

_TOKEN = re.compile(r"\w+")
NGRAM = 4


def shingles(text: str, n: int = NGRAM) -> Counter[str]:
    """Counts of the word ``n``-grams of ``text`` (one shingle for a shorter text)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        " ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens
    )


def shingle_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingle counts, normalised to sum to 1 (all 0 when both empty)."""
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_f1(counts: tuple[float, float, float]) -> float:
    """F1 of one page's (tp, fp, fn)."""
    tp, fp, fn = counts
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def f1_of(counts: list[tuple[float, float, float]]) -> float:
    """The mean over pages of each page's shingle F1."""
    return statistics.mean(page_f1(c) for c in counts) if counts else 0.0


def load_pages(dev_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    path = dev_dir / "article_extraction" / "pages.jsonl"
    rows = list(read_jsonl(path))
    return rows[:limit] if limit is not None else rows


def _html(dev_dir: Path, page_id: str) -> str:
    path = dev_dir / "article_extraction" / "html" / f"{page_id}.html.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError as e:
        raise EvaluationError(f"cannot read page HTML {path}: {e}") from e


def _score(
    pages: list[dict[str, Any]], predict: Callable[[dict[str, Any]], str]
) -> Iterator[tuple[float, float, float]]:
    for page in pages:
        yield shingle_counts(page["gold_article"], predict(page))


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """Shingle F1 of the cleaned plain text, the cleaned HTML, and the uncleaned plain text."""
    pages = load_pages(dev_dir, limit)
    settings = pipeline.settings

    def plain(page: dict[str, Any]) -> str:
        raw = RawDocument(id=page["id"], text=page["plain_text"])
        return clean_document(raw, settings).text

    def html(page: dict[str, Any]) -> str:
        raw = RawDocument(id=page["id"], html=_html(dev_dir, page["id"]), url=page.get("url"))
        return clean_document(raw, settings).text

    return {
        "article_extraction.plain_f1": round(f1_of(list(_score(pages, plain))), 4),
        "article_extraction.html_f1": round(f1_of(list(_score(pages, html))), 4),
        "article_extraction.raw_plain_f1": round(
            f1_of(list(_score(pages, lambda p: str(p["plain_text"])))), 4
        ),
    }

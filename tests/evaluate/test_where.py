"""The "where" check set: its data and (slow) the whole set."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from tidings.evaluate import SCORERS
from tidings.evaluate._checks import load_items


def test_where_set_is_large_and_consistent() -> None:
    items = load_items("where")
    assert len(items) >= 60
    for item in items:
        assert item["date"] and item["text"].strip()
        assert pycountry.countries.get(alpha_3=item["country"]) is not None, item
    texts = " ".join(item["text"] for item in items)
    for namesake in ("Gaza", "Paris", "Birmingham", "Victoria", "San Jose", "La Paz", "Santa Cruz"):
        assert texts.count(namesake) >= 1, namesake
    assert "where" in SCORERS


@pytest.mark.slow
def test_where_whole_set(pipeline, dev_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tidings.evaluate.where import evaluate

    scores = evaluate(pipeline, dev_dir)
    assert scores["where.event_found"] >= 0.85

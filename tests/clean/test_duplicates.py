"""Exact and near-duplicate detection."""

from __future__ import annotations

import pytest

from tidings.clean import Deduplicator

STORY = (
    "Security forces opened fire on protesters in the northern city on Friday, killing at "
    "least twelve people and wounding dozens more, according to witnesses and hospital staff. "
    "The government said the troops had come under attack and blamed armed groups for the "
    "violence, which followed weeks of demonstrations over rising fuel prices."
)


def test_duplicates_exact_and_near() -> None:
    dedup = Deduplicator(0.8)
    assert dedup.check("a", STORY) is None
    assert dedup.check("b", STORY.upper().replace(" ", "  ")) == "a"
    near = "UPDATE: " + STORY + " Reuters contributed."
    assert dedup.check("c", near) == "a"
    other = "Parliament passed the budget bill after a long debate over spending on schools."
    assert dedup.check("d", other) is None
    assert dedup.check("e", other) == "d"
    assert len(dedup) == 2


def test_duplicates_different_stories_are_kept() -> None:
    dedup = Deduplicator(0.85)
    assert dedup.check("a", STORY) is None
    rewritten = " ".join(reversed(STORY.split()))
    assert dedup.check("b", rewritten) is None
    assert dedup.check("c", "Short text.") is None


def test_duplicates_rejects_bad_threshold() -> None:
    with pytest.raises(ValueError, match="threshold"):
        Deduplicator(0.0)

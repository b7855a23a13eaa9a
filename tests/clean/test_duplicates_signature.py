"""Duplicate signatures: computed in one process, checked in another, with the same answers."""

from __future__ import annotations

import pytest

from tidings.clean.duplicates import Deduplicator, Signature

STORY = (
    "Security forces opened fire on protesters in the northern city on Friday, killing at "
    "least twelve people and wounding dozens more, according to witnesses and hospital staff. "
    "The government said the troops had come under attack and blamed armed groups for the "
    "violence, which followed weeks of demonstrations over rising fuel prices."
)
OTHER = "Parliament passed the budget bill after a long debate over spending on schools."


def test_duplicates_signature_round_trip_gives_the_same_answers() -> None:
    texts = {
        "a": STORY,
        "b": "UPDATE: " + STORY + " Reuters contributed.",
        "c": OTHER,
        "d": OTHER.upper(),
        "e": "Too short.",
    }
    direct = Deduplicator(0.8)
    carried = Deduplicator(0.8)
    for doc_id, text in texts.items():
        data = direct.signature(text).to_bytes()
        assert len(data) == 533
        again = Signature.from_bytes(data)
        assert again.key == direct.signature(text).key
        assert carried.check_signature(doc_id, again) == direct.check(doc_id, text)
    assert [carried.check_signature(k, carried.signature(t)) for k, t in texts.items()] == [
        "a", "a", "c", "c", "e",
    ]  # fmt: skip
    assert not Signature.from_bytes(direct.signature("Too short.").to_bytes()).shingled


@pytest.mark.parametrize("data", [b"", b"\x00" * 20, b"\x02" + b"\x00" * 532, b"\x00" * 534])
def test_duplicates_signature_rejects_other_bytes(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a duplicate signature"):
        Signature.from_bytes(data)

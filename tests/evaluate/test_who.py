"""The "who is who" check set: its data, the actor lookup, and (slow) the whole set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import SCORERS
from tidings.evaluate._checks import load_items
from tidings.evaluate.who import find_actor
from tidings.records import DocumentResult, Entity, EntityMention, Event, EventSource, TextInfo


def test_who_set_is_large_and_consistent() -> None:
    items = load_items("who")
    actors = [a for item in items for a in item["actors"]]
    assert len(items) >= 100
    assert len({a["code"] for a in actors} - {"IGO"}) >= 50
    for item in items:
        assert item["date"] and item["actors"]
        for a in item["actors"]:
            assert a["name"] in item["text"], a
            assert len(a["code"]) == 3
    assert "who" in SCORERS


def _result() -> DocumentResult:
    event = Event(
        id="e",
        event=["CONSULT"],
        quad_code=1,
        event_text=["s"],
        text_info=TextInfo(sequence=0, start=0, end=1),
        source=EventSource(doc_id="d"),
        actor=[Entity(entity_text="President Joe Biden", code="USA", identifier_text="Joe Biden")],
        recipient=[Entity(entity_text="Chinese President Xi Jinping", code="CHN")],
    )
    mention = EntityMention(
        entity_text="Museveni", code="UGA", text="Museveni", start=0, end=8, label="PERSON"
    )
    return DocumentResult(id="d", events=[event], entities=[mention])


def test_find_actor_by_name_identifier_and_surname() -> None:
    result = _result()
    found = find_actor(result, "Joe Biden")
    assert found is not None and found.code == "USA"
    found = find_actor(result, "Xi Jinping")
    assert found is not None and found.code == "CHN"
    found = find_actor(result, "Yoweri Museveni")
    assert found is not None and found.code == "UGA"
    assert find_actor(result, "Vladimir Putin") is None


@pytest.mark.slow
def test_who_whole_set(pipeline, dev_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tidings.evaluate.who import evaluate

    scores = evaluate(pipeline, dev_dir)
    assert scores["who.found"] >= 0.9

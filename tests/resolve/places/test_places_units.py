"""Place names with a unit noun: the countries that have such a unit of the name."""

from __future__ import annotations

import pytest
import spacy

from tidings.extract.toponyms import find_toponyms
from tidings.knowledge.gazetteer import GazEntry
from tidings.resolve.places import resolve_places
from tidings.resolve.places.units import unit_candidates


def _entry(i: int, cc: str, fcode: str, pop: int) -> GazEntry:
    return GazEntry(i, i, f"P{i}", 0.0, 0.0, cc, None, fcode, pop)


def test_places_units_admin_unit_rules_out_towns_abroad() -> None:
    province, town_abroad, town_home = (
        _entry(1, "PH", "ADM1", 0),
        _entry(2, "RU", "PPL", 1_000_000),
        _entry(3, "PH", "PPLA", 50_000),
    )
    kept = unit_candidates("ADM1", [province, town_abroad, town_home])
    assert kept == [province, town_home]


def test_places_units_city_is_never_the_state() -> None:
    state, city = _entry(1, "US", "ADM1", 2_900_000), _entry(2, "US", "PPL", 500_000)
    assert unit_candidates("PPL", [state, city]) == [city]
    assert unit_candidates("PPL", [state]) == [state]


@pytest.mark.parametrize("unit", ["ADM1", "ADM2", "PPL", None])
def test_places_units_without_admin_unit_keep_all(unit: str | None) -> None:
    towns = [_entry(1, "RU", "PPL", 1_000_000), _entry(2, "UA", "PPL", 70_000)]
    assert unit_candidates(unit, towns) == towns


def test_places_units_samar_province_is_philippine() -> None:
    text = "Soldiers clashed with rebels in Samar province."
    doc = spacy.blank("en")(text)
    start = text.index("Samar province")
    span = doc.char_span(start, start + len("Samar province"), label="GPE")
    assert span is not None
    doc.ents = [span]
    places = resolve_places(doc, find_toponyms(doc))
    assert [p.country_code for p in places] == ["PH"]

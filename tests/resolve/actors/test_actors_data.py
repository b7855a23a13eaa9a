"""The actor knowledge files: every code valid, every row well-formed."""

from __future__ import annotations

import pytest

from tidings.resolve.actors._knowledge import (
    COUNTRYISH,
    knowledge,
    load_igos,
    un_members,
    valid_code,
)

SECTORS = {
    *("COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR"),
    *("BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC"),
}


def test_actors_data_every_country_word_maps_to_a_valid_iso3() -> None:
    bad = [
        (words, a.code)
        for words, anchors in knowledge().named.items()
        for a in anchors
        if a.kind in COUNTRYISH and not valid_code(a.code)
    ]
    assert bad == []


def test_actors_data_every_organisation_has_valid_code_and_sector() -> None:
    for anchors in knowledge().named.values():
        for a in anchors:
            if a.kind in COUNTRYISH or a.kind == "igo":
                continue
            assert a.code == "---" or valid_code(a.code), a
            assert a.sector in SECTORS, a


def test_actors_data_every_igo_member_is_valid_and_listed_once() -> None:
    for entry in load_igos():
        members = entry.get("members") or []
        assert isinstance(members, list)
        plain = [m for m in members if m != "@UN"]
        assert all(valid_code(str(m)) for m in plain), entry["id"]
        assert len(plain) == len(set(plain)), entry["id"]
        assert entry.get("names"), entry["id"]


def test_actors_data_un_has_193_members() -> None:
    assert len(set(un_members())) == 193


def test_actors_data_role_sectors_are_plover_sectors() -> None:
    assert {r.sector for r in knowledge().roles.values()} <= SECTORS


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("kazakh", "KAZ"),
        ("tajik", "TJK"),
        ("kyrgyz", "KGZ"),
        ("belarusian", "BLR"),
        ("afghans", "AFG"),
        ("moscow", "RUS"),
        ("u.s.", "USA"),
    ],
)
def test_actors_data_demonyms_and_capitals(word: str, code: str) -> None:
    assert code in {a.code for a in knowledge().named[(word,)]}


def test_actors_data_csto_members() -> None:
    (csto,) = knowledge().named[("csto",)]
    assert csto.code == "IGO" and csto.identifier == "CSTO"
    assert set(csto.members or ()) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}

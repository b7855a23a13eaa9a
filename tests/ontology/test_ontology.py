"""The PLOVER/CAMEO/ACLED data and lookups."""

from __future__ import annotations

import pytest

from tidings.errors import ConfigError
from tidings.ontology import (
    acled_for,
    acled_plover_consistent,
    cameo_entry,
    cameo_root,
    contexts,
    plover_types,
    quad_code,
    register_custom_type,
)

QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip


@pytest.mark.parametrize(("event_type", "quad"), sorted(QUADS.items()))
def test_ontology_quad_code_of_every_type(event_type: str, quad: int) -> None:
    assert quad_code(event_type) == quad


def test_ontology_has_sixteen_types_with_manual_modes() -> None:
    types = plover_types()
    assert set(types) == set(QUADS)
    assert "arrest" in types["COERCE"].modes
    assert "ceasefire" in types["RETREAT"].modes
    assert types["AID"].modes == ()
    assert "pro_democracy" in contexts() and "cbrn" in contexts()


@pytest.mark.parametrize(
    ("event_type", "modes", "root"),
    [
        ("ASSAULT", [], "18"),
        ("ASSAULT", ["firearms"], "19"),
        ("ACCUSE", ["investigate"], "09"),
        ("ACCUSE", ["disapprove"], "11"),
        ("PROTEST", ["demo"], "14"),
    ],
)
def test_ontology_cameo_root_by_mode(event_type: str, modes: list[str], root: str) -> None:
    assert cameo_root(event_type, modes) == root


def test_ontology_acled_mapping_and_consistency() -> None:
    assert acled_for("COERCE", ["arrest"]) == ("Strategic developments", "Arrests")
    assert acled_for("PROTEST", ["riot"]) == ("Riots", "Violent demonstration")
    assert acled_for("ASSAULT", ["aerial"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_for("ACCUSE") is None
    assert acled_plover_consistent("Battles", "ASSAULT")
    assert not acled_plover_consistent("Battles", "PROTEST")


def test_ontology_cameo_table_re_expressed() -> None:
    entry = cameo_entry("173")
    assert entry is not None and entry.plover == "COERCE" and entry.mode == "arrest"
    assert cameo_entry("1833") is not None
    assert cameo_entry("999") is None


def test_ontology_unknown_and_custom_types() -> None:
    with pytest.raises(ConfigError):
        quad_code("NOT_A_TYPE")
    register_custom_type("TEST_ONTOLOGY_TYPE", 3, "13")
    assert quad_code("TEST_ONTOLOGY_TYPE") == 3
    assert cameo_root("TEST_ONTOLOGY_TYPE") == "13"
    with pytest.raises(ConfigError):
        register_custom_type("BAD_QUAD", 7)

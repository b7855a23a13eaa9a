"""ACLED scorer: actor-name rules, the main event, per-row metrics; the corpus run is slow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.evaluate import acled
from tidings.records import (
    AcledType,
    DocumentResult,
    Entity,
    Event,
    EventLocation,
    EventSource,
    Size,
    TextInfo,
)


@pytest.mark.parametrize(
    ("name", "code", "sector"),
    [
        ("Taliban", "AFG", "REB"),
        ("Military Forces of Afghanistan (2014-)", "AFG", "MIL"),
        ("Police Forces of Afghanistan (2014-) Afghan Local Police", "AFG", "COP"),
        ("Civilians (Afghanistan)", "AFG", "CVL"),
        ("Unidentified Armed Group (Afghanistan)", "AFG", "UAF"),
        ("NATO: North Atlantic Treaty Organization", "IGO", "MIL"),
        ("Military Forces of Pakistan (2018-)", "PAK", "MIL"),
        ("Protesters (India)", "IND", "CVL"),
    ],
)
def test_acled_gold_actor_rules(name: str, code: str, sector: str) -> None:
    g = acled.gold_actor(name, "AFG")
    assert g is not None and (g.code, g.sector) == (code, sector)
    assert acled.gold_actor("", "AFG") is None


@pytest.mark.parametrize(
    ("code", "sector", "matches"),
    [("---", "UAF", True), ("AFG", "UAF", True), ("PAK", "UAF", False), ("---", "REB", False)],
)
def test_acled_unidentified_group_matches_unknown_country(
    code: str, sector: str, matches: bool
) -> None:
    gold = acled.gold_actor("Unidentified Armed Group (Afghanistan)", "AFG")
    assert gold is not None
    entity = Entity(entity_text="gunmen", code=code, sector=sector)
    assert acled._entity_matches(entity, gold) is matches


def _event(conf: float, quad: int, etype: str, **kw: object) -> Event:
    fields: dict[str, object] = {
        "id": f"{etype}{conf}",
        "event": [etype],
        "quad_code": quad,
        "event_text": ["s"],
        "text_info": TextInfo(sequence=0, start=0, end=1),
        "source": EventSource(doc_id="d"),
        "confidence": conf,
    }
    fields.update(kw)
    return Event.model_validate(fields)


def test_acled_main_event_prefers_material() -> None:
    verbal = _event(0.9, 3, "ACCUSE")
    material = _event(0.6, 4, "ASSAULT")
    result = DocumentResult(id="1", events=[verbal, material])
    assert acled.main_event(result) is material
    assert acled.main_event(DocumentResult(id="2", events=[verbal])) is verbal
    assert acled.main_event(DocumentResult(id="3")) is None


def test_acled_score_row() -> None:
    row = acled.Row(
        id="AFG1",
        date=date(2020, 3, 21),
        text="...",
        event_type="Battles",
        sub_event_type="Armed clash",
        actors=(
            acled.GoldActor("Taliban", "AFG", "REB"),
            acled.GoldActor("Military Forces of Afghanistan (2014-)", "AFG", "MIL"),
        ),
        lat=36.99,
        lon=66.82,
        fatalities=12,
    )
    ev = _event(
        0.8,
        4,
        "ASSAULT",
        acled=AcledType(event_type="Battles", sub_event_type="Armed clash"),
        actor=[Entity(entity_text="Taliban", code="AFG", sector="REB")],
        recipient=[Entity(entity_text="Afghan forces", code="AFG", sector="COP")],
        size=Size(dead=12),
        date=date(2020, 3, 21),
        event_loc=EventLocation(extracted_place="Dawlat Abad", lat=36.9, lon=66.9),
    )
    s = acled.score_row(row, DocumentResult(id="1", events=[ev]))
    assert s == {
        "dead_accuracy": 1.0,
        "sub_event_accuracy": 1.0,
        "plover_consistent": 1.0,
        "actor_match": 0.5,
        "loc_50km": 1.0,
        "date_accuracy": 1.0,
    }
    empty = acled.score_row(row, DocumentResult(id="2"))
    assert empty["dead_accuracy"] == 0.0 and empty["sub_event_accuracy"] == 0.0


def test_acled_loads_the_dev_set(dev_dir: Path) -> None:
    rows = acled.load(dev_dir)
    assert len(rows) > 400
    assert all(r.actors for r in rows)


@pytest.mark.slow
def test_acled_whole_set(pipeline, dev_dir: Path) -> None:  # type: ignore[no-untyped-def]
    scores = acled.evaluate(pipeline, dev_dir)
    assert scores["acled.sub_event_accuracy"] >= 0.80, scores
    assert scores["acled.plover_consistent"] >= 0.90, scores

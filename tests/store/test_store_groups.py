"""Same-event groups in the store: two outlets' reports of one event become one group."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from tidings.errors import StoreError
from tidings.records import (
    DocumentResult,
    Entity,
    Event,
    EventLocation,
    EventSource,
    Size,
    TextInfo,
)
from tidings.store import SCHEMA_VERSION, EventQuery, Store


def _event(doc: str, n: int, publisher: str, day: date, confidence: float, **kw: object) -> Event:
    return Event.model_validate(
        {
            "id": f"{doc}-e{n}",
            "date": day,
            "date_precision": "day",
            "event": [kw.get("type", "ASSAULT")],
            "quad_code": 4,
            "actor": [Entity(entity_text="gunmen", code="---")],
            "recipient": [Entity(entity_text="police", code="AAA", sector="COP")],
            "event_loc": EventLocation(
                extracted_place="Riverton",
                resolved_place="Riverton",
                lat=10.0,
                lon=20.0 + float(kw.get("shift", 0.0)),
                country_code="AA",
                resolution=4,
            ),
            "event_text": [f"Report {n} of {doc}."],
            "text_info": TextInfo(sequence=n, start=0, end=10),
            "size": Size(dead=kw.get("dead")),
            "confidence": confidence,
            "source": EventSource(doc_id=doc, publisher=publisher),
        }
    )


def _result(doc: str, publisher: str, day: date, events: list[Event]) -> DocumentResult:
    return DocumentResult(id=doc, date=day, publisher=publisher, text="...", events=events)


def _two_reports() -> list[DocumentResult]:
    d1, d2 = date(2026, 3, 10), date(2026, 3, 11)
    return [
        _result("wire-one-1", "Wire One", d1, [
            _event("wire-one-1", 0, "Wire One", d1, 0.6, dead=4),
            _event("wire-one-1", 1, "Wire One", d1, 0.6, type="PROTEST"),
        ]),
        _result("wire-two-9", "Wire Two", d2, [
            _event("wire-two-9", 0, "Wire Two", d2, 0.8, dead=7, shift=0.1),
        ]),
    ]  # fmt: skip


def _ingest(store: Store, results: list[DocumentResult]) -> None:
    for r in results:
        store.write_result(r, content_hash=f"h-{r.id}")
    store.regroup_events(date(2026, 3, 10), date(2026, 3, 11))


def test_store_groups_two_outlets_into_one_event(tmp_path: Path) -> None:
    with Store(tmp_path / "g.duckdb") as store:
        _ingest(store, _two_reports())
        group = store.get_event_group("wire-two-9-e0")
        assert group is not None
        assert group.id == "grp-wire-one-1-e0"
        assert group.event_ids == ["wire-one-1-e0", "wire-two-9-e0"]
        assert [(s.doc_id, s.publisher) for s in group.sources] == [
            ("wire-one-1", "Wire One"),
            ("wire-two-9", "Wire Two"),
        ]
        assert group.representative == "wire-two-9-e0"  # higher confidence
        assert store.get_event_group("wire-one-1-e1") is None  # the protest stands alone
        assert store.get_event_group("wire-one-1-e0") == group
        before = store._fetch("SELECT * FROM event_groups ORDER BY event_id")
        # re-ingesting (same content) and regrouping again change nothing
        _ingest(store, _two_reports())
        assert store._fetch("SELECT * FROM event_groups ORDER BY event_id") == before
        distinct = store.query_events(EventQuery(distinct=True))
        assert sorted(e.id for e in distinct) == ["wire-one-1-e1", "wire-two-9-e0"]
        assert store.count_events(EventQuery(distinct=True)) == 2
        assert store.count_events(EventQuery()) == 3


def test_store_groups_dissolve_when_a_member_document_goes(tmp_path: Path) -> None:
    with Store(tmp_path / "g.duckdb") as store:
        _ingest(store, _two_reports())
        store.delete_document("wire-two-9")
        assert store.get_event_group("wire-one-1-e0") is None
        assert store.count_events(EventQuery(distinct=True)) == 2


def test_store_migrates_version_1_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        for r in _two_reports():
            store.write_result(r, content_hash=f"h-{r.id}")
    con = duckdb.connect(str(path))  # make it look like a version-1 database
    con.execute("DROP TABLE event_groups")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="open it once for writing"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store._schema_version() == SCHEMA_VERSION
        group = store.get_event_group("wire-one-1-e0")
        assert group is not None and len(group.event_ids) == 2
    with Store(path, read_only=True) as store:
        assert store.get_event_group("wire-one-1-e0") is not None

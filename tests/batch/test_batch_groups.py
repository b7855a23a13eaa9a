"""After an ingest run, the new events are grouped with other reports of the same event."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import batch_fakes

from tidings.batch import IngestOptions, ingest
from tidings.config import Settings, load_settings
from tidings.records import (
    DocumentResult,
    Entity,
    Event,
    EventLocation,
    EventSource,
    RawDocument,
    TextInfo,
)
from tidings.store import EventQuery, Store


class _OneEventPipeline:
    """Codes each document as one protest against AAA police in Riverton on its date."""

    def __init__(self, settings: Settings) -> None:
        self.actors = batch_fakes.Registry()

    def run_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]:
        for raw in raws:
            text = raw.text or ""
            event = Event(
                id=f"{raw.id}-e0",
                date=raw.date,
                date_precision="day",
                event=["PROTEST"],
                quad_code=3,
                recipient=[Entity(entity_text="police", code="AAA", sector="COP")],
                event_loc=EventLocation(
                    extracted_place="Riverton",
                    lat=10.0,
                    lon=20.0,
                    country_code="AA",
                    resolution=4,
                ),
                event_text=[text],
                text_info=TextInfo(sequence=0, start=0, end=len(text)),
                source=EventSource(doc_id=raw.id, publisher=raw.publisher),
            )
            yield DocumentResult(
                id=raw.id, date=raw.date, publisher=raw.publisher, text=text, events=[event]
            )


def _factory(settings: Settings) -> _OneEventPipeline:
    return _OneEventPipeline(settings)


def test_batch_groups_reports_of_the_same_event(tmp_path: Path) -> None:
    records = [
        {"id": "a1", "publisher": "Wire One", "date": "2026-03-10",
         "text": "Crowds marched on the police station in Riverton on Tuesday."},
        {"id": "b7", "publisher": "Wire Two", "date": "2026-03-11",
         "text": "Thousands protested outside Riverton's police headquarters yesterday."},
    ]  # fmt: skip
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    options = IngestOptions(workers=1, factory=_factory, registry=batch_fakes.registry)
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(inp)], store, load_settings(), options)
        assert summary.coded == 2 and summary.groups == 1
        group = store.get_event_group("b7-e0")
        assert group is not None
        assert [s.publisher for s in group.sources] == ["Wire One", "Wire Two"]
        assert store.count_events(EventQuery(distinct=True)) == 1
        again = ingest([str(inp)], store, load_settings(), options)
        assert again.already_stored == 2 and again.groups == 0
        assert store.get_event_group("a1-e0") == group

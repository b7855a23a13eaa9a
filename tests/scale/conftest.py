"""Shared fixtures of the scale tests: one coded report of the same made-up attack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tidings.records import DocumentResult, Entity, Event, EventLocation, EventSource, TextInfo

ReportFactory = Callable[..., DocumentResult]


def _riverton_report(
    doc_id: str, *, located: bool = False, publisher: str | None = None
) -> DocumentResult:
    """Document ``doc_id`` reporting "Gunmen attacked the police in Riverton" on 2024-03-04
    (with its place resolved when ``located``)."""
    place = (
        EventLocation(
            extracted_place="Riverton", lat=10.0, lon=20.0, country_code="AA", resolution=4
        )
        if located
        else None
    )
    event = Event(
        id=f"{doc_id}-e",
        date=dt.date(2024, 3, 4),
        date_precision="day",
        event=["ASSAULT"],
        quad_code=4,
        actor=[Entity(entity_text="gunmen", code="---")],
        recipient=[Entity(entity_text="police", code="AAA", sector="COP")],
        event_loc=place,
        event_text=["Gunmen attacked the police in Riverton"],
        text_info=TextInfo(sequence=0, start=0, end=38),
        source=EventSource(doc_id=doc_id, publisher=publisher),
    )
    return DocumentResult(id=doc_id, text="x", events=[event])


@pytest.fixture
def riverton_report() -> ReportFactory:
    return _riverton_report

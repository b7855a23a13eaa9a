"""Hand-built events for the deduplication tests (invented; no real news)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tidings.records import Entity, Event, EventLocation, EventSource, Size, TextInfo

PLACES: dict[str, tuple[float, float, str, str | None, int]] = {
    # name: lat, lon, country, admin1, resolution
    "Riverton": (10.00, 20.00, "AA", "01", 4),
    "Riverton East": (10.05, 20.10, "AA", "01", 5),  # ~12 km away
    "Hillford": (11.50, 21.50, "AA", "02", 4),  # ~230 km away
    "Country A": (10.50, 20.50, "AA", None, 1),
    "Country B": (40.00, 5.00, "BB", None, 1),
}


def loc(name: str) -> EventLocation:
    lat, lon, cc, admin1, res = PLACES[name]
    return EventLocation(
        extracted_place=name, resolved_place=name, lat=lat, lon=lon, country_code=cc,
        admin1=admin1, resolution=res,
    )  # fmt: skip


def ent(code: str, sector: str | None = None, text: str | None = None) -> Entity:
    return Entity(entity_text=text or f"{code} {sector or ''}".strip(), code=code, sector=sector)


def event(
    eid: str,
    doc: str,
    *,
    day: date | None = date(2026, 3, 10),
    type_: str = "PROTEST",
    place: str | None = "Riverton",
    actor: list[Entity] | None = None,
    recipient: list[Entity] | None = None,
    publisher: str | None = None,
    **extra: Any,
) -> Event:
    """A hand-built event; ``extra`` sets other Event fields (size, modality, mode, ...)."""
    size = extra.pop("size", None)
    return Event(
        id=eid,
        date=day,
        date_precision=extra.pop("date_precision", "day" if day else None),
        event=[type_],
        quad_code=extra.pop("quad_code", 3),
        actor=actor if actor is not None else [ent("CVL", None, "protesters")],
        recipient=recipient if recipient is not None else [ent("AAA", "GOV", "the government")],
        event_loc=loc(place) if place else None,
        event_text=[f"sentence of {eid}"],
        text_info=TextInfo(sequence=0, start=0, end=10),
        size=Size(**size) if size else Size(),
        source=EventSource(doc_id=doc, publisher=publisher or f"pub-{doc}"),
        **extra,
    )

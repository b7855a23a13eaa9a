"""An ACLED-style event CSV: the events tidings mapped to an ACLED event type.

Columns (:data:`ACLED_COLUMNS`) follow ACLED's export names. Events without an ACLED type
(e.g. CONSULT, ACCUSE) are left out, as ACLED does not record them.

- ``event_id_cnty``: ISO alpha-3 of the event's country + a stable number from the event id.
- ``actor1``/``actor2``: ACLED-style names built from sector and country
  (``data/export/acled_actors.tsv``: "Police Forces of Kazakhstan", "Civilians (Afghanistan)");
  named organisations keep their name.
- ``fatalities``: the reported dead, 0 when none were reported (ACLED's convention).
- ``notes``: the source sentence; ``source``: the publisher; ``tidings_event_id`` links back.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from tidings.export.common import (
    NON_COUNTRY_CODES,
    country_name,
    entity_name,
    event_country_alpha3,
    event_id_number,
    read_tsv,
)
from tidings.records import Entity, Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "iso3", "admin1", "location", "latitude", "longitude",
    "fatalities", "notes", "source", "source_url", "tidings_event_id",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _templates() -> list[tuple[str, str, str]]:
    return [(r["sector"], r["event_type"], r["name"]) for r in read_tsv("acled_actors.tsv")]


def acled_actor_name(e: Entity, event_type: str) -> str:
    """An ACLED-style name: generic actors by sector and country, named ones by name."""
    country = country_name(e.code) if e.code not in NON_COUNTRY_CODES else None
    if e.identifier_text or e.code in ("IGO", "NGO"):
        return entity_name(e)
    for sector, etype, template in _templates():
        if sector == e.sector and etype in ("*", event_type):
            if country:
                return template.format(country=country)
            return template.split(" (")[0].replace(" of {country}", "")
    return entity_name(e)


def acled_row(ev: Event, source_url: str | None = None) -> dict[str, Any] | None:
    """One event as an ACLED-style row, or None when it has no ACLED type."""
    if ev.acled is None:
        return None
    etype = ev.event[0] if ev.event else ""
    iso3 = event_country_alpha3(ev)
    loc = ev.event_loc
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{event_id_number(ev.id)}",
        "event_date": ev.date.isoformat() if ev.date else "",
        "year": ev.date.year if ev.date else "",
        "event_type": ev.acled.event_type,
        "sub_event_type": ev.acled.sub_event_type,
        "actor1": acled_actor_name(ev.actor[0], etype) if ev.actor else "",
        "actor2": acled_actor_name(ev.recipient[0], etype) if ev.recipient else "",
        "country": country_name(iso3) or "",
        "iso3": iso3 or "",
        "admin1": (loc.admin1 or "") if loc else "",
        "location": (loc.resolved_place or loc.extracted_place) if loc else "",
        "latitude": "" if not loc or loc.lat is None else loc.lat,
        "longitude": "" if not loc or loc.lon is None else loc.lon,
        "fatalities": ev.size.dead or 0,
        "notes": " ".join(ev.event_text),
        "source": ev.source.publisher or "",
        "source_url": source_url or "",
        "tidings_event_id": ev.id,
    }


def write_acled_csv(
    events: Iterable[Event], out: TextIO, *, source_urls: Mapping[str, str | None] | None = None
) -> int:
    """Write the events that have an ACLED type; returns how many rows were written."""
    urls = source_urls or {}
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for ev in events:
        row = acled_row(ev, urls.get(ev.source.doc_id))
        if row is not None:
            writer.writerow(row)
            n += 1
    return n

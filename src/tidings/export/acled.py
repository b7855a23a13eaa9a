"""The ACLED event CSV: ACLED's current 31 columns, for events tidings maps to an ACLED type.

Columns are :data:`ACLED_COLUMNS`, in the order of ACLED's current exports (no ``iso3``:
ACLED gives the ISO numeric code as ``iso``); with ``include_modality`` a ``modality`` column
follows. Events without an ACLED type (CONSULT, ACCUSE, ...) are left out, as ACLED does not
record them, and so are undated, future-dated and (by default) non-asserted ones.

- ``event_id_cnty``: ISO alpha-3 of the event's country + a stable number from the event id.
- ``time_precision``: 1 day, 2 week, 3 month or vaguer (from the date's precision).
- ``disorder_type``: from the event type, as ACLED assigns it.
- ``actor1``/``actor2`` and ``inter1``/``inter2``: ACLED-style names and actor types from the
  PLOVER sector and country (``data/export/acled_actors.tsv``: "Police Forces of Kazakhstan",
  "Protesters (Kazakhstan)", "Civilians (Afghanistan)"); named organisations keep their name;
  raw text ("we") is never a name. State forces outside their own country are inter 8.
- ``interaction``: the two inter codes, lower first (``17``); one actor alone is ``x0``.
- ``civilian_targeting``: "Civilian targeting" when civilians are the target.
- ``country``, ``region``: ACLED's names (``data/export/acled_countries.tsv``,
  ``acled_regions.tsv``); ``admin1`` from the place; ``admin2``/``admin3`` empty (not known).
- ``geo_precision``: 1 town or finer, 2 district, 3 province or country.
- ``source_scale``: empty (tidings does not know a publisher's reach).
- ``tags``: ``crowd size=…`` for demonstrations, as ACLED writes it.
- ``fatalities``: the reported dead, 0 when none were reported (ACLED's convention).
- ``notes``: the source sentence; ``source``: the publisher, else the article URL.
- ``timestamp``: when the file was written (Unix seconds).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from tidings.export.common import (
    NON_COUNTRY_CODES,
    ExportReport,
    acled_country,
    acled_region,
    alpha3,
    event_country_alpha3,
    event_id_number,
    iso_numeric,
    left_out_reason,
    read_tsv,
)
from tidings.records import Entity, Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

STATE_FORCES = 1
EXTERNAL_FORCES = 8
CIVILIANS = 7
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_DEMONSTRATIONS = ("Protests", "Riots")


@dataclass(frozen=True)
class _Template:
    role: str
    sector: str
    event_type: str
    name: str
    inter: int


@functools.lru_cache(maxsize=1)
def _templates() -> tuple[_Template, ...]:
    return tuple(
        _Template(r["role"], r["sector"], r["event_type"], r["name"] or "", int(r["inter"] or 0))
        for r in read_tsv("acled_actors.tsv")
    )


def _template(role: str, sector: str, event_type: str) -> _Template | None:
    for t in _templates():
        if t.role in ("*", role) and t.sector == sector and t.event_type in ("*", event_type):
            return t
    return None


def _fill(template: str, country: str | None) -> str:
    if country:
        return template.format(country=country)
    return template.replace(" ({country})", "").replace(" of {country}", "")


def acled_actor(
    e: Entity | None, event_type: str, role: str = "actor1", event_iso3: str | None = None
) -> tuple[str, int]:
    """An ACLED-style actor name and inter code; ``e`` None is a side the event left unnamed."""
    if e is None:
        t = _template(role, "-", event_type)
        return (_fill(t.name, acled_country(event_iso3)), t.inter) if t and t.name else ("", 0)
    own = alpha3(e.code) if e.code not in NON_COUNTRY_CODES else None
    t = _template(role, e.sector or "", event_type)
    inter = t.inter if t else 0
    if inter == STATE_FORCES and own and event_iso3 and own != event_iso3:
        inter = EXTERNAL_FORCES
    if e.identifier_text and not e.identifier_text.islower():
        # a canonical name; an all-lower-case one ("vhp") is surface text, not a name
        return e.identifier_text, inter or EXTERNAL_FORCES
    if e.code in ("IGO", "NGO", "MNC"):
        return e.entity_text, EXTERNAL_FORCES
    if t is not None:
        return _fill(t.name, acled_country(own)), inter
    return acled_actor(None, event_type, role, event_iso3)


def acled_actor_name(e: Entity, event_type: str) -> str:
    """An ACLED-style name for ``e`` as actor1 of an event of ACLED type ``event_type``."""
    return acled_actor(e, event_type)[0]


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type and sub-event type."""
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: both inter codes, lower first; one actor alone is ``x0``."""
    if not inter1 or not inter2:
        return 10 * (inter1 or inter2)
    low, high = sorted((inter1, inter2))
    return 10 * low + high


def _geo_precision(resolution: int | None) -> int:
    if resolution is None or resolution <= 2:
        return 3
    return 2 if resolution == 3 else 1


def acled_row(
    ev: Event, source_url: str | None = None, *, added: dt.datetime | None = None
) -> dict[str, Any] | None:
    """One event as an ACLED row, or None when it has no ACLED type."""
    if ev.acled is None:
        return None
    etype, sub = ev.acled.event_type, ev.acled.sub_event_type
    iso3 = event_country_alpha3(ev)
    a1, inter1 = acled_actor(ev.actor[0] if ev.actor else None, etype, "actor1", iso3)
    a2, inter2 = acled_actor(ev.recipient[0] if ev.recipient else None, etype, "actor2", iso3)
    loc = ev.event_loc
    targeted = etype == "Violence against civilians" or (
        inter2 == CIVILIANS and etype == "Explosions/Remote violence"
    )
    tags = ""
    if etype in _DEMONSTRATIONS:
        n = ev.size.participants
        tags = f"crowd size={n if n else 'no report'}"
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{event_id_number(ev.id)}",
        "event_date": ev.date.isoformat() if ev.date else "",
        "year": ev.date.year if ev.date else "",
        "time_precision": _TIME_PRECISION.get(ev.date_precision or "day", 1),
        "disorder_type": disorder_type(etype, sub),
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": a1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": a2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targeted else "",
        "iso": iso_numeric(iso3) or "",
        "region": acled_region(iso3) or "",
        "country": acled_country(iso3) or "",
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": "",
        "admin3": "",
        "location": (loc.resolved_place or loc.extracted_place) if loc else "",
        "latitude": "" if not loc or loc.lat is None else loc.lat,
        "longitude": "" if not loc or loc.lon is None else loc.lon,
        "geo_precision": _geo_precision(loc.resolution if loc else None),
        "source": ev.source.publisher or source_url or "",
        "source_scale": "",
        "notes": " ".join(ev.event_text),
        "fatalities": ev.size.dead or 0,
        "tags": tags,
        "timestamp": int((added or dt.datetime.now(dt.UTC)).timestamp()),
    }


def write_acled_csv(
    events: Iterable[Event],
    out: TextIO,
    *,
    source_urls: Mapping[str, str | None] | None = None,
    include_modality: bool = False,
    added: dt.datetime | None = None,
) -> ExportReport:
    """Write the events that have an ACLED type; the report counts what was left out and why."""
    urls = source_urls or {}
    now = added or dt.datetime.now(dt.UTC)
    columns = (*ACLED_COLUMNS, "modality") if include_modality else ACLED_COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    report = ExportReport()
    for ev in events:
        reason = left_out_reason(ev, include_modality=include_modality, today=now.date())
        row = None if reason else acled_row(ev, urls.get(ev.source.doc_id), added=now)
        if row is None:
            report.left_out[reason or "no ACLED event type"] += 1
            continue
        if include_modality:
            row["modality"] = ev.modality
        writer.writerow(row)
        report.written += 1
    return report

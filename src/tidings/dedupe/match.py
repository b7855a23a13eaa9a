"""When two events from different documents are the same real-world event.

Two events match when nothing contradicts it and enough agrees (see ``docs/dedupe.md``):

* never: from the same document (two events of one article may be two real events), of a
  different PLOVER type, of a different modality (negated vs asserted), with incompatible
  modes, or without a usable date (none, or only a year);
* dates: within :data:`MAX_DAY_GAP` day of each other when both are day dates, within a week
  when either is a week, the same calendar month when either has only a month;
* places: within :data:`MAX_DISTANCE_KM` when both are resolved to a district, town or finer;
  the same country (and the same admin-1 when both name one) when either is only resolved to
  a country or region; different countries never match; a missing place is unknown;
* actors and recipients, slot by slot: when both sides name known actors (a code other than
  ``---``), some pair must have the same code and sector (a missing sector is unknown); a side
  without a known actor is unknown;
* sizes (dead, injured, arrested, participants), when both give one: the larger must be at
  most ``factor × smaller + slack`` (:data:`SIZE_TOLERANCE`), so a toll that grows in later
  reports (3 → 8 dead) still matches while 3 vs 300 dead does not;
* and the agreement must add up to :data:`MIN_EVIDENCE`: a place within 50 km counts 2, the
  same country or region 1, each of actor and recipient that both sides name and agree on 1.
  Type and date alone never merge two events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tidings.records import Entity, Event

EARTH_RADIUS_KM = 6371.0088
MAX_DISTANCE_KM = 50.0
MAX_DAY_GAP = 1
MAX_WEEK_GAP = 7
MIN_EVIDENCE = 2
# resolution (1 country, 2 admin-1/region, 3 district, 4 town, 5 finer): below this, compare
# by country/admin-1 instead of by distance
FINE_RESOLUTION = 3
# size field -> (factor, slack): compatible when larger <= factor * smaller + slack
SIZE_TOLERANCE: dict[str, tuple[float, int]] = {
    "dead": (3.0, 10),
    "injured": (3.0, 10),
    "arrested": (3.0, 10),
    "participants": (10.0, 100),
}
_UNKNOWN_CODES = frozenset({"", "---"})

Party = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class Evidence:
    """How much two compatible events agree: place (0-2) and actor slots (0-2)."""

    place: int
    parties: int

    @property
    def total(self) -> int:
        return self.place + self.parties


@dataclass(frozen=True, slots=True)
class Features:
    """What the rule compares, computed once per event."""

    id: str
    doc_id: str
    type: str
    modes: frozenset[str]
    modality: str
    day: int | None  # date ordinal
    precision: str
    month: tuple[int, int] | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    fine: bool
    actors: frozenset[Party]
    recipients: frozenset[Party]
    sizes: tuple[int | None, ...]
    has_size: bool

    @property
    def groupable(self) -> bool:
        return self.day is not None and self.precision in ("day", "week", "month")


def _parties(entities: list[Entity]) -> frozenset[Party]:
    return frozenset(
        (e.code.upper(), e.sector.upper() if e.sector else None)
        for e in entities
        if (e.code or "").strip() not in _UNKNOWN_CODES
    )


def features(ev: Event) -> Features:
    loc = ev.event_loc
    lat = loc.lat if loc is not None else None
    lon = loc.lon if loc is not None else None
    res = loc.resolution if loc is not None else None
    fine = lat is not None and lon is not None and (res is None or res >= FINE_RESOLUTION)
    day = ev.date.toordinal() if ev.date is not None else None
    sizes = tuple(getattr(ev.size, name) for name in SIZE_TOLERANCE)
    return Features(
        id=ev.id,
        doc_id=ev.source.doc_id,
        type=ev.event[0].upper() if ev.event else "",
        modes=frozenset(m.lower() for m in ev.mode),
        modality=ev.modality,
        day=day,
        precision=ev.date_precision or "day",
        month=(ev.date.year, ev.date.month) if ev.date is not None else None,
        lat=lat,
        lon=lon,
        country=(loc.country_code or "").upper() or None if loc is not None else None,
        admin1=(loc.admin1 or None) if loc is not None else None,
        fine=fine,
        actors=_parties(ev.actor),
        recipients=_parties(ev.recipient),
        sizes=sizes,
        has_size=any(n is not None for n in sizes),
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def dates_match(a: Features, b: Features) -> bool:
    if a.day is None or b.day is None or not (a.groupable and b.groupable):
        return False
    if "month" in (a.precision, b.precision):
        return a.month == b.month
    gap = MAX_WEEK_GAP if "week" in (a.precision, b.precision) else MAX_DAY_GAP
    return abs(a.day - b.day) <= gap


def place_evidence(a: Features, b: Features) -> int | None:
    """2 near, 1 same country/region, 0 unknown, None incompatible."""
    if a.country and b.country and a.country != b.country:
        return None
    if a.fine and b.fine:
        assert a.lat is not None and a.lon is not None and b.lat is not None
        assert b.lon is not None
        return 2 if distance_km(a.lat, a.lon, b.lat, b.lon) <= MAX_DISTANCE_KM else None
    if a.country and b.country:  # same country; either is only a country or region
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return None
        return 1
    return 0


def party_evidence(a: frozenset[Party], b: frozenset[Party]) -> int | None:
    """1 when both name the same actor, 0 when either names none, None when they differ."""
    if not a or not b:
        return 0
    for code, sector in a:
        for code2, sector2 in b:
            if code == code2 and (sector is None or sector2 is None or sector == sector2):
                return 1
    return None


def sizes_match(a: Features, b: Features) -> bool:
    if not (a.has_size and b.has_size):
        return True
    for (factor, slack), x, y in zip(SIZE_TOLERANCE.values(), a.sizes, b.sizes, strict=True):
        if x is None or y is None:
            continue
        lo, hi = min(x, y), max(x, y)
        if hi > factor * lo + slack:
            return False
    return True


def feature_evidence(a: Features, b: Features) -> Evidence | None:
    """The agreement of two events, or None when something rules out one event."""
    if a.doc_id == b.doc_id or a.type != b.type or a.modality != b.modality:
        return None
    if a.modes and b.modes and not (a.modes & b.modes):
        return None
    if not dates_match(a, b) or not sizes_match(a, b):
        return None
    place = place_evidence(a, b)
    if place is None:
        return None
    actors = party_evidence(a.actors, b.actors)
    if actors is None:
        return None
    recipients = party_evidence(a.recipients, b.recipients)
    if recipients is None:
        return None
    return Evidence(place=place, parties=actors + recipients)


def evidence(a: Event, b: Event) -> Evidence | None:
    """How two events agree (None: they cannot be the same event)."""
    return feature_evidence(features(a), features(b))


def compatible(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` are the same real-world event under the rule above."""
    found = evidence(a, b)
    return found is not None and found.total >= MIN_EVIDENCE

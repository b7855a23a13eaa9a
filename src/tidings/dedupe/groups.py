"""Group events that report the same real-world event, fast, by blocking on type and date.

Each event is compared only with the groups indexed under its type, nearby days and either a
nearby grid cell or one of its actors' codes (every match shares one, see
:func:`_near_evidence_keys`); it joins the group it agrees with best only if it matches EVERY member
(complete linkage: no chains A~B~C where A and C disagree) and no member comes from its
document. Events are taken in date order, then id, so the grouping does not depend on the
order of the input.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date

from pydantic import BaseModel, ConfigDict, Field

from tidings.dedupe.match import (
    MAX_DISTANCE_KM,
    MIN_EVIDENCE,
    Features,
    feature_evidence,
    features,
)
from tidings.records import Event, EventSource

GROUP_PREFIX = "grp-"

_UNKNOWN = ("", "---")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


class EventGroup(BaseModel):
    """One real-world event and the events (one per document) that report it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="'grp-' + the id of the earliest member (by date, then id)")
    event_ids: list[str] = Field(description="member events, earliest first")
    sources: list[EventSource] = Field(description="each member's document and publisher")
    representative: str = Field(description="the member event to show for the group")


def _earliest_key(ev: Event) -> tuple[Date, str]:
    return (ev.date or Date.max, ev.id)


def completeness(ev: Event) -> int:
    """How much an event says: known actor, recipient, place (and how precise), size, day."""
    loc = ev.event_loc
    return (
        (ev.actor != [] and any(e.code not in _UNKNOWN for e in ev.actor))
        + (ev.recipient != [] and any(e.code not in _UNKNOWN for e in ev.recipient))
        + (0 if loc is None else 1 + (loc.resolution or 0))
        + (not ev.size.is_empty())
        + (ev.date is not None)
        + (ev.date_precision in (None, "day"))
        + bool(ev.mode)
    )


def representative(members: Sequence[Event]) -> Event:
    """Highest confidence, then most complete, then earliest date, then smallest id."""
    if not members:
        raise ValueError("a group has at least one event")
    if len(members) == 1:
        return members[0]
    return min(
        members,
        key=lambda e: (-e.confidence, -completeness(e), e.date or Date.max, e.id),
    )


def make_group(members: Sequence[Event]) -> EventGroup:
    """The :class:`EventGroup` of ``members`` (ids, sources, representative)."""
    ordered = sorted(members, key=_earliest_key)
    return EventGroup(
        id=GROUP_PREFIX + ordered[0].id,
        event_ids=[e.id for e in ordered],
        sources=[e.source for e in ordered],
        representative=representative(ordered).id,
    )


@dataclass(slots=True)
class _Cluster:
    events: list[Event] = field(default_factory=list)
    feats: list[Features] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)


BlockKey = tuple[str, str, int]


def _index_keys(f: Features) -> list[BlockKey]:
    """The blocks a group with member ``f`` is found under."""
    assert f.day is not None and f.month is not None
    month = f.month[0] * 12 + f.month[1]
    keys: list[BlockKey] = [("m", f.type, month)]
    if f.precision == "month":
        keys.append(("mo", f.type, month))
    elif f.precision == "week":
        keys += [("d", f.type, f.day + k) for k in range(-6, 7)]
    else:
        keys.append(("d", f.type, f.day))
    return keys


def _lookup_keys(f: Features) -> list[BlockKey]:
    """The blocks holding every group ``f`` could match (see :func:`_index_keys`)."""
    assert f.day is not None and f.month is not None
    month = f.month[0] * 12 + f.month[1]
    if f.precision == "month":
        return [("m", f.type, month)]
    span = 7 if f.precision == "week" else 1
    keys: list[BlockKey] = [("d", f.type, f.day + k) for k in range(-span, span + 1)]
    months = {Date.fromordinal(f.day + k) for k in range(-span, span + 1)}
    keys += [("mo", f.type, d.year * 12 + d.month) for d in months]
    keys.append(("mo", f.type, month))
    return list(dict.fromkeys(keys))


CELL_DEGREES = 0.5  # grid cells for places resolved finely enough to compare by distance
_KM_PER_DEGREE = 111.32

EvidenceKey = tuple[str, str] | tuple[str, int, int]


def _cell(f: Features) -> tuple[int, int] | None:
    if not f.fine or f.lat is None or f.lon is None:
        return None
    return (math.floor(f.lat / CELL_DEGREES), math.floor(f.lon / CELL_DEGREES))


def _party_keys(f: Features) -> list[EvidenceKey]:
    keys: list[EvidenceKey] = [("a", code) for code, _ in f.actors]
    return keys + [("r", code) for code, _ in f.recipients]


def _own_evidence_keys(f: Features) -> list[EvidenceKey]:
    """What a member is indexed under: its grid cell and its known actors' codes."""
    cell = _cell(f)
    keys = _party_keys(f)
    return [*keys, ("c", *cell)] if cell is not None else keys


def _near_evidence_keys(f: Features) -> list[EvidenceKey]:
    """Where a match must be indexed: every match agrees on a place within
    MAX_DISTANCE_KM (evidence 2) or on at least one actor or recipient (a country or no
    place gives at most 1), so it shares a nearby cell or a party code."""
    keys = _party_keys(f)
    cell = _cell(f)
    if cell is not None and f.lat is not None:
        reach_lat = math.ceil(MAX_DISTANCE_KM / (_KM_PER_DEGREE * CELL_DEGREES))
        widest = math.radians(min(89.0, abs(f.lat) + 1.0))  # a match may lie a bit poleward
        km_per_lon_cell = _KM_PER_DEGREE * CELL_DEGREES * math.cos(widest)
        cells_around = int(360 / CELL_DEGREES)
        reach_lon = min(cells_around, math.ceil(MAX_DISTANCE_KM / max(km_per_lon_cell, 1e-6)))
        keys += [
            ("c", cell[0] + i, (cell[1] + j) % cells_around)
            for i in range(-reach_lat, reach_lat + 1)
            for j in range(-reach_lon, reach_lon + 1)
        ]
    return keys


class _Index:
    """(block key, evidence key) -> cluster numbers."""

    def __init__(self) -> None:
        self._blocks: dict[tuple[BlockKey, EvidenceKey], list[int]] = defaultdict(list)

    def add(self, f: Features, cluster: int) -> None:
        for key in _index_keys(f):
            for ev_key in _own_evidence_keys(f):
                found = self._blocks[(key, ev_key)]
                if not found or found[-1] != cluster:
                    found.append(cluster)

    def candidates(self, f: Features) -> Iterable[int]:
        seen: set[int] = set()
        near = _near_evidence_keys(f)
        for key in _lookup_keys(f):
            for ev_key in near:
                for n in self._blocks.get((key, ev_key), ()):
                    if n not in seen:
                        seen.add(n)
                        yield n


def _score(f: Features, cluster: _Cluster) -> int | None:
    """Total agreement with every member, or None when any member rules ``f`` out."""
    if f.doc_id in cluster.docs:
        return None
    total = 0
    for other in cluster.feats:
        found = feature_evidence(f, other)
        if found is None or found.total < MIN_EVIDENCE:
            return None
        total += found.total
    return total


def _order_key(item: tuple[Event, Features]) -> tuple[int, int, str]:
    ev, f = item
    return (f.day if f.day is not None else 10**9, _PRECISION_RANK.get(f.precision, 9), ev.id)


def group_events(events: Sequence[Event]) -> list[EventGroup]:
    """Partition ``events`` into groups of the same real-world event, ordered by group id.

    Every event is in exactly one group (most alone); an id given twice counts once.
    """
    unique = {ev.id: ev for ev in events}
    items = sorted(((ev, features(ev)) for ev in unique.values()), key=_order_key)
    clusters: list[_Cluster] = []
    index = _Index()
    for ev, f in items:
        best: tuple[float, int] | None = None
        if f.groupable:
            for n in index.candidates(f):
                score = _score(f, clusters[n])
                if score is None:
                    continue
                mean = score / len(clusters[n].feats)
                if best is None or (mean, -n) > (best[0], -best[1]):
                    best = (mean, n)
        if best is None:
            clusters.append(_Cluster())
            number = len(clusters) - 1
        else:
            number = best[1]
        cluster = clusters[number]
        cluster.events.append(ev)
        cluster.feats.append(f)
        cluster.docs.add(f.doc_id)
        if f.groupable:
            index.add(f, number)
    groups = [make_group(c.events) for c in clusters]
    return sorted(groups, key=lambda g: g.id)

"""Group events that report the same real-world event, fast, by blocking on type and date.

Each event is compared only with the groups indexed under its type, nearby days (and its
country, when known); it joins the group it agrees with best only if it matches EVERY member
(complete linkage: no chains A~B~C where A and C disagree) and no member comes from its
document. Events are taken in date order, then id, so the grouping does not depend on the
order of the input.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date

from pydantic import BaseModel, ConfigDict, Field

from tidings.dedupe.match import MIN_EVIDENCE, Features, feature_evidence, features
from tidings.records import Event, EventSource

GROUP_PREFIX = "grp-"

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
        any(e.code not in ("", "---") for e in ev.actor)
        + any(e.code not in ("", "---") for e in ev.recipient)
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


class _Index:
    """Block key -> country (None: unknown) -> cluster numbers."""

    def __init__(self) -> None:
        self._blocks: dict[BlockKey, dict[str | None, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def add(self, f: Features, cluster: int) -> None:
        for key in _index_keys(f):
            found = self._blocks[key][f.country]
            if not found or found[-1] != cluster:
                found.append(cluster)

    def candidates(self, f: Features) -> Iterable[int]:
        seen: set[int] = set()
        for key in _lookup_keys(f):
            block = self._blocks.get(key)
            if not block:
                continue
            if f.country is None:
                lists: Iterable[list[int]] = block.values()
            else:
                lists = [block.get(f.country, []), block.get(None, [])]
            for numbers in lists:
                for n in numbers:
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

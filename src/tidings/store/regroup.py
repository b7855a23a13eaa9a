"""Same-event groups (:mod:`tidings.dedupe`) over the stored events."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from tidings.dedupe import EventGroup, group_events
from tidings.records import Event
from tidings.store import rows
from tidings.store._base import StoreBase
from tidings.store.schema import GROUP_COLUMNS

log = logging.getLogger(__name__)


class RegroupMixin(StoreBase):
    """Re-linking the events that report the same real-world event, and reading the links."""

    def regroup_events(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> int:
        """Re-link the events dated ``date_from``..``date_to`` (every event when neither is
        given) that report the same real-world event; returns the groups of 2+ stored.

        The events compared are those dated in the window widened by a week (a week-precision
        date matches within 7 days), the month-precision events of the months it touches, and
        every member of a group any of them is in, so a group is always rebuilt whole.
        Deterministic: regrouping an unchanged window changes nothing.
        """
        self._require_writable()
        if date_from is None and date_to is None:
            window, params = "date IS NOT NULL", list[Any]()
        else:
            lo = (date_from or date_to or dt.date.min) - dt.timedelta(days=7)
            hi = (date_to or date_from or dt.date.max) + dt.timedelta(days=7)
            month_lo = lo.replace(day=1)
            month_hi = (hi.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            window = (
                "(date BETWEEN ? AND ?) OR (date >= ? AND date < ? AND "
                "json_extract_string(data, '$.date_precision') = 'month')"
            )
            params = [lo, hi, month_lo, month_hi]
        sql = f"""
            WITH win AS (SELECT id FROM events WHERE {window}),
            touched AS (
                SELECT DISTINCT group_id FROM event_groups WHERE event_id IN (SELECT id FROM win)
            )
            SELECT doc_id, data FROM events
            WHERE id IN (SELECT id FROM win) OR id IN (
                SELECT event_id FROM event_groups WHERE group_id IN (SELECT group_id FROM touched)
            )"""
        with self._lock:
            events = [_stored_source(r[0], rows.load_event(r[1])) for r in self._fetch(sql, params)]
            groups = [g for g in group_events(events) if len(g.event_ids) > 1]
            links = [
                (eid, g.id, src.doc_id, eid == g.representative)
                for g in groups
                for eid, src in zip(g.event_ids, g.sources, strict=True)
            ]
            with self._transaction():
                self._con.execute(
                    "DELETE FROM event_groups WHERE list_contains(?::VARCHAR[], event_id)",
                    [[e.id for e in events]],
                )
                self._insert_many("event_groups", GROUP_COLUMNS, links)
        log.info("grouped %d events into %d same-event groups", len(events), len(groups))
        return len(groups)

    def get_event_group(self, event_id: str) -> EventGroup | None:
        """The group of events reporting the same event as ``event_id`` (None: alone)."""
        found = self._fetch(
            """SELECT g.group_id, g.representative, e.data FROM event_groups g
               JOIN events e ON e.id = g.event_id
               WHERE g.group_id = (SELECT group_id FROM event_groups WHERE event_id = ? LIMIT 1)
               ORDER BY COALESCE(e.date, DATE '9999-12-31'), e.id""",
            [event_id],
        )
        if len(found) < 2:
            return None
        members = [rows.load_event(r[2]) for r in found]
        chosen = [ev.id for ev, r in zip(members, found, strict=True) if r[1]]
        return EventGroup(
            id=found[0][0],
            event_ids=[ev.id for ev in members],
            sources=[ev.source for ev in members],
            representative=chosen[0] if chosen else members[0].id,
        )


def _stored_source(doc_id: str, ev: Event) -> Event:
    """The event as stored under ``doc_id`` (its record may name another, e.g. when copied)."""
    if ev.source.doc_id == doc_id:
        return ev
    return ev.model_copy(update={"source": ev.source.model_copy(update={"doc_id": doc_id})})

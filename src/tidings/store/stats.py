"""Counts and aggregates over the stored events (dashboard and ``tidings stats``)."""

from __future__ import annotations

from typing import Any, Literal

from tidings.errors import InputError
from tidings.store import dashboard, filters
from tidings.store._base import StoreBase
from tidings.store.query import EventQuery, StatRow
from tidings.store.schema import DOCUMENT_TABLES

StatKey = Literal["day", "type", "country", "quad", "mode", "modality"]

_STAT_EXPR: dict[str, str] = {
    "day": "CAST(date AS VARCHAR)",
    "type": "type",
    "country": "country_code",
    "quad": "CAST(quad AS VARCHAR)",
    "mode": "mode",
    "modality": "modality",
}


class StatsMixin(StoreBase):
    """Event counts by key, top actors, the actor network, places, table sizes."""

    def stats(
        self, by: StatKey, *, group: StatKey | None = None, query: EventQuery | None = None
    ) -> list[StatRow]:
        """Event counts by ``by`` (and ``group``), under ``query``'s filters."""
        if by not in _STAT_EXPR or (group is not None and group not in _STAT_EXPR):
            raise InputError(f"cannot count by {by!r}/{group!r}; use one of {list(_STAT_EXPR)}")
        cond, params = filters.where(query or EventQuery())
        key = _STAT_EXPR[by]
        grp = _STAT_EXPR[group] if group else "NULL"
        sql = (
            f"SELECT {key} AS k, {grp} AS g, count(*) FROM events WHERE {cond} "
            "GROUP BY k, g ORDER BY k NULLS LAST, g NULLS LAST"
        )
        return [StatRow(key=r[0], group=r[1], count=int(r[2])) for r in self._fetch(sql, params)]

    def top_actors(self, limit: int = 50) -> list[dict[str, Any]]:
        """The most frequent first actors and recipients: how often each acts, is acted on."""
        sql = """
            SELECT name, code, sector, sum(a) AS as_actor, sum(r) AS as_recipient
            FROM (
                SELECT actor_text AS name, actor_code AS code, actor_sector AS sector,
                       1 AS a, 0 AS r FROM events WHERE actor_text IS NOT NULL
                UNION ALL
                SELECT recipient_text, recipient_code, recipient_sector, 0, 1
                FROM events WHERE recipient_text IS NOT NULL
            )
            GROUP BY name, code, sector
            ORDER BY as_actor + as_recipient DESC, name
            LIMIT ?"""
        return [
            {"name": r[0], "code": r[1], "sector": r[2], "as_actor": int(r[3]),
             "as_recipient": int(r[4])}
            for r in self._fetch(sql, [limit])
        ]  # fmt: skip

    def network(self, query: EventQuery | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """Who acts on whom: weighted edges between resolved actors (see store.dashboard)."""
        cond, params = filters.where(query or EventQuery())
        return dashboard.network_rows(self._fetch(dashboard.network_sql(cond), [*params, limit]))

    def places(self, query: EventQuery | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Where events happened: one row per located place, with event counts by quad."""
        cond, params = filters.where(query or EventQuery())
        return dashboard.places_rows(self._fetch(dashboard.places_sql(cond), [*params, limit]))

    def profile_event_counts(self) -> dict[str, int]:
        """For each stored actor profile, how many events name it as actor or recipient."""
        sql = """
            SELECT p.name, count(e.id) FROM actor_profiles p
            LEFT JOIN events e ON contains(e.party_text, lower(p.name))
            GROUP BY p.name"""
        return {r[0]: int(r[1]) for r in self._fetch(sql)}

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        tables = ("documents", *DOCUMENT_TABLES, "actor_profiles", "skips")
        sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
        return {r[0]: int(r[1]) for r in self._fetch(sql)}

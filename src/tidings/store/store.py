"""The embedded DuckDB store: one writer process, any number of read-only readers.

Where the database lives: ``settings.store.path`` (default ``tidings.duckdb`` in the working
directory); ``$TIDINGS_DB`` overrides it and the global ``--db`` flag overrides both.

DuckDB lets one process open a file for writing, or several open it ``read_only``, not both at
once: run ``tidings ingest`` (the writer) and the readers (``tidings events``, ``export``,
``serve`` without an API key) one after the other.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import duckdb

from tidings.errors import InputError, StoreError
from tidings.records import ActorProfile, DocumentError, DocumentResult, Event, Quote
from tidings.store import dashboard, filters, rows
from tidings.store.query import (
    Cursor,
    DocumentInfo,
    EventPage,
    EventQuery,
    SkipRecord,
    StatRow,
)
from tidings.store.schema import DOCUMENT_TABLES, GROUP_COLUMNS, SCHEMA_VERSION, TABLES

if TYPE_CHECKING:
    from tidings.dedupe import EventGroup

log = logging.getLogger(__name__)

StatKey = Literal["day", "type", "country", "quad", "mode", "modality"]

_STAT_EXPR: dict[str, str] = {
    "day": "CAST(date AS VARCHAR)",
    "type": "type",
    "country": "country_code",
    "quad": "CAST(quad AS VARCHAR)",
    "mode": "mode",
    "modality": "modality",
}


_INSERT_CHUNK = 500
# older schema versions that opening for writing upgrades in place
_MIGRATABLE = frozenset({1})


class PendingResult(NamedTuple):
    """A result to store, as :meth:`Store.write_results` takes it."""

    result: DocumentResult
    content_hash: str
    source_path: str | None = None
    duplicate_of: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store:
    """A tidings database. Use as a context manager or call :meth:`close`.

    Calls are serialised by a lock, so one ``Store`` may be shared by threads (the HTTP API).
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no tidings database at {self.path}")
        if not read_only and self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            hint = ""
            if "lock" in str(e).lower():
                hint = " (another process has it open for writing: DuckDB allows one writer or "
                hint += "several read-only readers at a time)"
            raise StoreError(f"cannot open database {self.path}: {e}{hint}") from e
        self._init_schema()

    # -- lifecycle -------------------------------------------------------------------------
    def _init_schema(self) -> None:
        if self.read_only:
            version = self._schema_version()
            if version is None:
                raise StoreError(f"{self.path} is not a tidings database (no schema)")
        else:
            with self._transaction():
                for ddl in TABLES:
                    self._con.execute(ddl)
                version = self._schema_version()
                if version is None:
                    self._con.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                    )
                    version = SCHEMA_VERSION
            if version in _MIGRATABLE:
                self._migrate(version)
                version = SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            hint = ""
            if version in _MIGRATABLE:
                hint = " (open it once for writing, e.g. with `tidings ingest`, to upgrade it)"
            raise StoreError(
                f"{self.path} has schema version {version}; this tidings reads "
                f"{SCHEMA_VERSION}{hint}"
            )

    def _migrate(self, version: int) -> None:
        """Upgrade an older database in place (its tables were just created if missing)."""
        log.info("upgrading %s from schema version %d to %d", self.path, version, SCHEMA_VERSION)
        if version < 2:  # 2: event_groups; group what is stored
            self.regroup_events()
        with self._transaction():
            self._con.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)]
            )

    def _schema_version(self) -> int | None:
        try:
            row = self._con.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
        except duckdb.CatalogException:
            return None
        return int(row[0]) if row else None

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _fetch(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._con.execute(sql, params or []).fetchall()
            except duckdb.Error as e:
                raise StoreError(f"query failed: {e}") from e

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")

    # -- writes ----------------------------------------------------------------------------
    def has_document(self, doc_id: str, content_hash: str | None = None) -> bool:
        """Whether ``doc_id`` is stored (with exactly ``content_hash``, when given)."""
        sql, params = "SELECT 1 FROM documents WHERE id = ?", [doc_id]
        if content_hash is not None:
            sql += " AND content_hash = ?"
            params.append(content_hash)
        return bool(self._fetch(sql + " LIMIT 1", params))

    def write_result(
        self,
        result: DocumentResult,
        *,
        content_hash: str,
        source_path: str | None = None,
        duplicate_of: str | None = None,
        force: bool = False,
    ) -> bool:
        """Store one document's result, replacing what was stored for it, atomically.

        Returns False (and changes nothing) when the same id and content hash are stored,
        unless ``force`` (re-coding unchanged content, e.g. with a newer tidings).
        """
        item = PendingResult(result, content_hash, source_path, duplicate_of)
        return self.write_results([item], force=force)[0]

    def write_results(self, items: Iterable[PendingResult], *, force: bool = False) -> list[bool]:
        """Store many results in ONE transaction (much faster than one by one).

        Each document replaces what was stored for it; all are written or none is. Returns,
        per item, whether it was written (False: same id and content hash already stored and
        not ``force``, or a later item in ``items`` has the same id and wins).
        """
        self._require_writable()
        pending = list(items)
        if not pending:
            return []
        last = {item.result.id: i for i, item in enumerate(pending)}
        with self._lock:
            stored = self._stored_hashes(list(last))
            written = [
                last[item.result.id] == i
                and (force or stored.get(item.result.id) != item.content_hash)
                for i, item in enumerate(pending)
            ]
            todo = [item for item, w in zip(pending, written, strict=True) if w]
            if not todo:
                return written
            with self._transaction():
                replaced = [item.result.id for item in todo if item.result.id in stored]
                if replaced:
                    self._delete_documents(replaced)
                self._insert_rows(todo)
            return written

    def _stored_hashes(self, doc_ids: list[str]) -> dict[str, str]:
        found = self._fetch(
            "SELECT id, content_hash FROM documents WHERE list_contains(?::VARCHAR[], id)",
            [doc_ids],
        )
        return {r[0]: r[1] for r in found}

    def _insert_rows(self, todo: list[PendingResult]) -> None:
        now = _now()
        docs, events, quotes, places, entities = [], [], [], [], []
        for item in todo:
            r, doc_id = item.result, item.result.id
            docs.append(
                (
                    doc_id, item.content_hash, r.date, r.title, r.url, r.publisher, r.language,
                    r.text, item.source_path, now, item.duplicate_of,
                    rows.json_list([e.model_dump(mode="json") for e in r.errors]),
                )
            )  # fmt: skip
            events += [rows.event_row(doc_id, i, ev) for i, ev in enumerate(r.events)]
            quotes += [rows.quote_row(doc_id, i, q) for i, q in enumerate(r.quotes)]
            places += [rows.place_row(doc_id, i, p) for i, p in enumerate(r.places)]
            entities += [rows.entity_row(doc_id, i, e) for i, e in enumerate(r.entities)]
        self._insert_many("documents", rows.DOCUMENT_COLUMNS, docs)
        self._insert_many("events", rows.EVENT_COLUMNS, events)
        self._insert_many("quotes", rows.QUOTE_COLUMNS, quotes)
        self._insert_many("places", rows.PLACE_COLUMNS, places)
        self._insert_many("entities", rows.ENTITY_COLUMNS, entities)

    def _delete_documents(self, doc_ids: list[str]) -> None:
        # a group that loses a member is dissolved until the next regroup_events()
        self._con.execute(
            "DELETE FROM event_groups WHERE group_id IN (SELECT group_id FROM event_groups "
            "WHERE list_contains(?::VARCHAR[], doc_id))",
            [doc_ids],
        )
        for table in DOCUMENT_TABLES:
            self._con.execute(
                f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], doc_id)", [doc_ids]
            )
        self._con.execute("DELETE FROM documents WHERE list_contains(?::VARCHAR[], id)", [doc_ids])

    def _insert_many(
        self, table: str, columns: tuple[str, ...], values: list[tuple[Any, ...]]
    ) -> None:
        # One multi-row INSERT per chunk: DuckDB runs executemany() row by row, which is slow.
        for start in range(0, len(values), _INSERT_CHUNK):
            chunk = values[start : start + _INSERT_CHUNK]
            self._con.execute(
                rows.insert_sql(table, columns, len(chunk)),
                [v for row in chunk for v in row],
            )

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and everything coded from it; False when it was not stored."""
        self._require_writable()
        with self._lock:
            if not self.has_document(doc_id):
                return False
            with self._transaction():
                self._delete_documents([doc_id])
            return True

    def record_skip(self, doc_id: str, source_path: str | None, reason: str) -> None:
        """Remember that ``doc_id`` was not coded and why (replacing an earlier reason)."""
        self._require_writable()
        with self._lock, self._transaction():
            self._con.execute(
                "DELETE FROM skips WHERE doc_id = ? AND source_path IS NOT DISTINCT FROM ?",
                [doc_id, source_path],
            )
            self._con.execute(
                "INSERT INTO skips VALUES (?, ?, ?, ?)", [doc_id, source_path, reason, _now()]
            )

    def skipped(self) -> list[SkipRecord]:
        return [
            SkipRecord(doc_id=r[0], source_path=r[1], reason=r[2], at=r[3].isoformat())
            for r in self._fetch(
                'SELECT doc_id, source_path, reason, "at" FROM skips ORDER BY "at", doc_id'
            )
        ]

    def save_actor_profiles(self, profiles: Iterable[ActorProfile]) -> None:
        """Insert or replace profiles by ``name``."""
        self._require_writable()
        items = {p.name: p for p in profiles}
        if not items:
            return
        now = _now()
        with self._lock, self._transaction():
            self._con.execute(
                "DELETE FROM actor_profiles WHERE list_contains(?::VARCHAR[], name)",
                [list(items)],
            )
            self._con.executemany(
                "INSERT INTO actor_profiles VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (p.name, p.code, p.sector, p.pinned, now, p.model_dump_json())
                    for p in items.values()
                ],
            )

    def load_actor_profiles(self) -> list[ActorProfile]:
        return [
            ActorProfile.model_validate_json(r[0])
            for r in self._fetch("SELECT data FROM actor_profiles ORDER BY name")
        ]

    # -- same-event groups (tidings.dedupe) ---------------------------------------------
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
        from tidings.dedupe import group_events  # lazily: only writers group

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
        from tidings.dedupe import EventGroup

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

    def get_events(self, event_ids: Iterable[str]) -> list[Event]:
        """The stored events with these ids, in the order given (missing ones left out)."""
        ids = list(dict.fromkeys(event_ids))
        found = self._fetch(
            "SELECT id, data FROM events WHERE list_contains(?::VARCHAR[], id)", [ids]
        )
        by_id = {r[0]: rows.load_event(r[1]) for r in found}
        return [by_id[i] for i in ids if i in by_id]

    # -- reads -----------------------------------------------------------------------------
    def query_page(self, q: EventQuery) -> EventPage:
        """One page of events matching ``q``, in ``q.sort`` order, after ``q.cursor``."""
        cond, params = filters.where(q)
        after, after_params = filters.after_cursor(q)
        key, order_by, _ = filters.order(q)
        sql = f"SELECT data, {key}, id FROM events WHERE {cond} AND {after} "
        sql += f"ORDER BY {order_by}"
        all_params = params + after_params
        if q.limit is not None:
            sql += " LIMIT ?"
            all_params.append(q.limit + 1)
        found = self._fetch(sql, all_params)
        more = q.limit is not None and len(found) > q.limit
        found = found[: q.limit] if q.limit is not None else found
        events = [rows.load_event(r[0]) for r in found]
        next_cursor = None
        if more and found:
            last = found[-1]
            next_cursor = Cursor(
                sort=q.sort, value=filters.cursor_value(q, last[1]), id=last[2]
            ).encode()
        return EventPage(events=events, next_cursor=next_cursor)

    def query_events(self, q: EventQuery | None = None) -> list[Event]:
        """Events matching ``q`` (default: the newest 100)."""
        return self.query_page(q or EventQuery()).events

    def iter_events(self, q: EventQuery | None = None, page_size: int = 1000) -> Iterator[Event]:
        """Every event matching ``q``'s filters, paging through the store."""
        page_q = (q or EventQuery()).model_copy(update={"limit": page_size, "cursor": None})
        while True:
            page = self.query_page(page_q)
            yield from page.events
            if page.next_cursor is None:
                return
            page_q = page_q.model_copy(update={"cursor": page.next_cursor})

    def count_events(self, q: EventQuery | None = None) -> int:
        cond, params = filters.where(q or EventQuery())
        return int(self._fetch(f"SELECT count(*) FROM events WHERE {cond}", params)[0][0])

    def get_event(self, event_id: str) -> Event | None:
        found = self._fetch("SELECT data FROM events WHERE id = ? LIMIT 1", [event_id])
        return rows.load_event(found[0][0]) if found else None

    def query_quotes(
        self,
        *,
        doc_id: str | None = None,
        speaker: str | None = None,
        text: str | None = None,
        event_id: str | None = None,
        limit: int = 100,
    ) -> list[tuple[str, Quote]]:
        """(doc_id, quote) pairs, filtered by document, speaker (code or name), words, event."""
        clauses, params = ["TRUE"], list[Any]()
        if doc_id:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        if speaker:
            clauses.append("(speaker_code = ? OR speaker_text ILIKE ? ESCAPE '\\')")
            params.extend([speaker.upper(), filters.like_pattern(speaker)])
        if text:
            clauses.append("content ILIKE ? ESCAPE '\\'")
            params.append(filters.like_pattern(text))
        if event_id:
            clauses.append("list_contains(event_ids, ?)")
            params.append(event_id)
        sql = f"SELECT doc_id, data FROM quotes WHERE {' AND '.join(clauses)} "
        sql += "ORDER BY doc_id, seq LIMIT ?"
        return [(r[0], rows.load_quote(r[1])) for r in self._fetch(sql, [*params, max(1, limit)])]

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

    def document_ids(self) -> list[str]:
        return [r[0] for r in self._fetch("SELECT id FROM documents ORDER BY ingested_at, id")]

    def documents(self, ids: Iterable[str] | None = None) -> dict[str, DocumentInfo]:
        """Stored documents' metadata, by id (all of them when ``ids`` is None)."""
        sql = (
            "SELECT id, date, title, url, publisher, source_path, content_hash, duplicate_of "
            "FROM documents"
        )
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE list_contains(?::VARCHAR[], id)"
            params.append(sorted(set(ids)))
        return {r[0]: DocumentInfo(*r) for r in self._fetch(sql, params)}

    def get_document(self, doc_id: str) -> DocumentResult | None:
        """Rebuild one stored document's :class:`DocumentResult`."""
        found = self._fetch(
            "SELECT id, date, title, url, publisher, language, text, errors "
            "FROM documents WHERE id = ?",
            [doc_id],
        )
        return self._rebuild(found[0]) if found else None

    def iter_results(self) -> Iterator[DocumentResult]:
        """Every stored document's result, in ingestion order (for exports)."""
        for doc_id in self.document_ids():
            result = self.get_document(doc_id)
            if result is not None:
                yield result

    def _rebuild(self, doc: tuple[Any, ...]) -> DocumentResult:
        doc_id = doc[0]

        def data(table: str) -> list[str]:
            return [
                r[0]
                for r in self._fetch(
                    f"SELECT data FROM {table} WHERE doc_id = ? ORDER BY seq", [doc_id]
                )
            ]

        return DocumentResult(
            id=doc_id,
            date=doc[1],
            title=doc[2],
            url=doc[3],
            publisher=doc[4],
            language=doc[5],
            text=doc[6] or "",
            events=[rows.load_event(d) for d in data("events")],
            quotes=[rows.load_quote(d) for d in data("quotes")],
            places=[rows.load_place(d) for d in data("places")],
            entities=[rows.load_entity(d) for d in data("entities")],
            errors=[DocumentError.model_validate(e) for e in rows.parse_json_list(doc[7])],
        )


def _stored_source(doc_id: str, ev: Event) -> Event:
    """The event as stored under ``doc_id`` (its record may name another, e.g. when copied)."""
    if ev.source.doc_id == doc_id:
        return ev
    return ev.model_copy(update={"source": ev.source.model_copy(update={"doc_id": doc_id})})


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK (and a StoreError) when the body raises."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __enter__(self) -> None:
        self._store._lock.acquire()
        try:
            self._store._con.begin()
        except BaseException:
            self._store._lock.release()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        con = self._store._con
        try:
            if exc is None:
                try:
                    con.commit()
                except duckdb.Error as e:
                    con.rollback()
                    raise StoreError(f"commit failed on {self._store.path}: {e}") from e
            else:
                con.rollback()
                log.warning("rolled back a write to %s: %s", self._store.path, exc)
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"write failed on {self._store.path}: {exc}") from exc
        finally:
            self._store._lock.release()

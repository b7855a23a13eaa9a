"""Reading events, quotes, documents, skips and actor profiles back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tidings.records import ActorProfile, DocumentError, DocumentResult, Event, Quote
from tidings.store import filters, rows
from tidings.store._base import StoreBase
from tidings.store.query import Cursor, DocumentInfo, EventPage, EventQuery, SkipRecord


class ReadsMixin(StoreBase):
    """Queries that rebuild records from the stored JSON."""

    def get_events(self, event_ids: Iterable[str]) -> list[Event]:
        """The stored events with these ids, in the order given (missing ones left out)."""
        ids = list(dict.fromkeys(event_ids))
        found = self._fetch(
            "SELECT id, data FROM events WHERE list_contains(?::VARCHAR[], id)", [ids]
        )
        by_id = {r[0]: rows.load_event(r[1]) for r in found}
        return [by_id[i] for i in ids if i in by_id]

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

    def skipped(self) -> list[SkipRecord]:
        return [
            SkipRecord(doc_id=r[0], source_path=r[1], reason=r[2], at=r[3].isoformat())
            for r in self._fetch(
                'SELECT doc_id, source_path, reason, "at" FROM skips ORDER BY "at", doc_id'
            )
        ]

    def load_actor_profiles(self) -> list[ActorProfile]:
        return [
            ActorProfile.model_validate_json(r[0])
            for r in self._fetch("SELECT data FROM actor_profiles ORDER BY name")
        ]

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

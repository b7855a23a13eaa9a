"""Writing coded documents, skips and actor profiles: each write one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from tidings.records import ActorProfile, DocumentResult
from tidings.store import rows
from tidings.store._base import StoreBase, now
from tidings.store.schema import DOCUMENT_TABLES


class PendingResult(NamedTuple):
    """A result to store, as :meth:`Store.write_results` takes it."""

    result: DocumentResult
    content_hash: str
    source_path: str | None = None
    duplicate_of: str | None = None


class WritesMixin(StoreBase):
    """Storing, replacing and deleting documents; skips; actor profiles."""

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
        stamp = now()
        docs, events, quotes, places, entities = [], [], [], [], []
        for item in todo:
            r, doc_id = item.result, item.result.id
            docs.append(
                (
                    doc_id, item.content_hash, r.date, r.title, r.url, r.publisher, r.language,
                    r.text, item.source_path, stamp, item.duplicate_of,
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
                "INSERT INTO skips VALUES (?, ?, ?, ?)", [doc_id, source_path, reason, now()]
            )

    def save_actor_profiles(self, profiles: Iterable[ActorProfile]) -> None:
        """Insert or replace profiles by ``name``."""
        self._require_writable()
        items = {p.name: p for p in profiles}
        if not items:
            return
        stamp = now()
        with self._lock, self._transaction():
            self._con.execute(
                "DELETE FROM actor_profiles WHERE list_contains(?::VARCHAR[], name)",
                [list(items)],
            )
            self._con.executemany(
                "INSERT INTO actor_profiles VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (p.name, p.code, p.sector, p.pinned, stamp, p.model_dump_json())
                    for p in items.values()
                ],
            )

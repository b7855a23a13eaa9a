"""Flat Parquet rows for events and documents, written part by part with atomic renames.

Layout under the output root (a local directory or an fsspec URL such as ``s3://bucket/x``)::

    events/date=YYYY-MM-DD/part-<key>.parquet      one row per event (date: the event's, else
    documents/date=YYYY-MM-DD/part-<key>.parquet   the document's; Hive's NULL when neither)
    _events/part-<key>.parquet                     each event whole (JSON), for regrouping
    _signatures/part-<key>.parquet                 each coded text's duplicate signature
    _manifests/<key>.json                          written last: the input file is done
    groups/part-all.parquet                        same-event groups, after the whole run

The files keep their ``date`` column too, so read them with the partition typed as a date
(``pyarrow.dataset.partitioning(pa.schema([("date", pa.date32())]), flavor="hive")``) or with
DuckDB's ``read_parquet(..., hive_partitioning = true)``.

``<key>`` is a stable hash of the input path, so a rerun finds what an earlier run finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

import fsspec  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.parquet as pq

from tidings.export.parquet import event_schema, parquet_row
from tidings.records import ActorProfile, DocumentResult, RawDocument
from tidings.store.query import DocumentInfo

log = logging.getLogger(__name__)

# Hive's name for a NULL partition value (pyarrow and DuckDB read it back as NULL)
UNKNOWN_DATE = "__HIVE_DEFAULT_PARTITION__"

# the same columns as `tidings export --format parquet`
EVENT_SCHEMA = event_schema()

DOCUMENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("content_hash", pa.string()),
        ("date", pa.date32()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("language", pa.string()),
        ("source_path", pa.string()),
        ("events", pa.int32()),
        ("quotes", pa.int32()),
        ("duplicate_of", pa.string()),
        ("skip_reason", pa.string()),
        ("errors", pa.string()),
    ]
)


# each event whole, as the store keeps it: what the run's final regroup reads
FULL_EVENT_SCHEMA = pa.schema([("id", pa.string()), ("doc_id", pa.string()), ("data", pa.string())])

# each coded document's text signature (tidings.clean.duplicates.Signature): what the run's
# pass for near duplicates across tasks reads
SIGNATURE_SCHEMA = pa.schema([("id", pa.string()), ("signature", pa.binary())])


def part_key(input_path: str) -> str:
    """The stable name of one input's output parts."""
    return hashlib.sha1(input_path.encode("utf-8")).hexdigest()[:16]


def _day(value: Date | None) -> str:
    return value.isoformat() if value else UNKNOWN_DATE


def _info(result: DocumentResult) -> DocumentInfo:
    return DocumentInfo(**result.meta(), source_path=None, content_hash="")


def document_row(
    result: DocumentResult,
    *,
    content_hash: str,
    source_path: str | None,
    duplicate_of: str | None = None,
    skip_reason: str | None = None,
) -> dict[str, Any]:
    return {
        "id": result.id,
        "content_hash": content_hash,
        "date": result.date,
        "title": result.title,
        "url": result.url,
        "publisher": result.publisher,
        "language": result.language,
        "source_path": source_path,
        "events": len(result.events),
        "quotes": len(result.quotes),
        "duplicate_of": duplicate_of,
        "skip_reason": skip_reason,
        "errors": json.dumps([e.model_dump(mode="json") for e in result.errors]),
    }


@dataclass(slots=True)
class PartRows:
    """One input file's rows, grouped by the date partition they go to."""

    events: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    full_events: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)

    def add_result(self, result: DocumentResult, **doc: Any) -> None:
        self.documents[_day(result.date)].append(document_row(result, **doc))
        for ev in result.events:
            self.events[_day(ev.date or result.date)].append(parquet_row(ev, _info(result)))
            self.full_events.append(
                {"id": ev.id, "doc_id": result.id, "data": ev.model_dump_json()}
            )


class PartSink:
    """One task's Parquet rows as a :class:`tidings.batch.ResultSink`: what
    :func:`tidings.batch.file_result` files lands in that task's parts. Skipped documents keep
    the metadata of the raw document registered with :meth:`expect`."""

    def __init__(self, rows: PartRows) -> None:
        self.rows = rows
        self._raws: dict[str, tuple[RawDocument, str]] = {}
        self.profiles: dict[str, ActorProfile] = {}

    def expect(self, raw: RawDocument, content_hash: str) -> None:
        self._raws[raw.id] = (raw, content_hash)

    def forget(self, doc_id: str) -> None:
        """``doc_id`` is filed: its raw document need not be kept."""
        self._raws.pop(doc_id, None)

    def write_result(
        self,
        result: DocumentResult,
        *,
        content_hash: str,
        source_path: str | None = None,
        duplicate_of: str | None = None,
    ) -> bool:
        self.rows.add_result(
            result, content_hash=content_hash, source_path=source_path, duplicate_of=duplicate_of
        )
        return True

    def record_skip(self, doc_id: str, source_path: str | None, reason: str) -> None:
        raw, digest = self._raws.get(doc_id, (RawDocument(id=doc_id), ""))
        empty = DocumentResult(**raw.meta())
        self.rows.add_result(
            empty, content_hash=digest, source_path=source_path, skip_reason=reason
        )

    def delete_document(self, doc_id: str) -> bool:
        del doc_id  # a task writes each document once
        return False

    def save_actor_profiles(self, profiles: Iterable[ActorProfile]) -> None:
        self.profiles.update((p.name, p) for p in profiles)

    def regroup_events(self, date_from: Date | None = None, date_to: Date | None = None) -> int:
        del date_from, date_to  # the run regroups once, over everything written
        return 0


def atomic_write(fs: Any, path: str, write: Any) -> None:
    parent = path.rsplit("/", 1)[0]
    tmp = f"{parent}/.tmp-{uuid.uuid4().hex}-{path.rsplit('/', 1)[1]}"
    fs.makedirs(parent, exist_ok=True)
    try:
        with fs.open(tmp, "wb") as f:
            write(f)
        fs.mv(tmp, path)
    finally:
        if fs.exists(tmp):
            fs.rm(tmp)


def write_parts(root: str, key: str, rows: PartRows, manifest: dict[str, Any]) -> list[str]:
    """Write the parts (each atomically), then the manifest that marks the input done."""
    fs, base = fsspec.core.url_to_fs(root)
    written: list[str] = []
    for kind, groups, schema in (
        ("events", rows.events, EVENT_SCHEMA),
        ("documents", rows.documents, DOCUMENT_SCHEMA),
    ):
        for day, items in sorted(groups.items()):
            rel = f"{kind}/date={day}/part-{key}.parquet"
            table = pa.Table.from_pylist(items, schema=schema)
            atomic_write(fs, f"{base}/{rel}", lambda f, t=table: pq.write_table(t, f))
            written.append(rel)
    for kind, items, schema in (
        ("_events", rows.full_events, FULL_EVENT_SCHEMA),
        ("_signatures", rows.signatures, SIGNATURE_SCHEMA),
    ):
        if items:
            rel = f"{kind}/part-{key}.parquet"
            table = pa.Table.from_pylist(items, schema=schema)
            atomic_write(fs, f"{base}/{rel}", lambda f, t=table: pq.write_table(t, f))
            written.append(rel)
    body = json.dumps({**manifest, "key": key, "parts": written}, indent=1).encode("utf-8")
    atomic_write(fs, f"{base}/_manifests/{key}.json", lambda f: f.write(body))
    return written


def read_manifest(root: str, key: str) -> dict[str, Any] | None:
    """The manifest of a finished input whose parts all exist, else None."""
    fs, base = fsspec.core.url_to_fs(root)
    path = f"{base}/_manifests/{key}.json"
    if not fs.exists(path):
        return None
    try:
        with fs.open(path, "rb") as f:
            manifest: dict[str, Any] = json.loads(f.read())
    except (OSError, ValueError):
        return None
    if all(fs.exists(f"{base}/{rel}") for rel in manifest.get("parts", [])):
        return manifest
    return None


def read_manifests(root: str) -> list[dict[str, Any]]:
    """Every finished task's manifest under ``root`` (for cleaning up after a re-plan)."""
    fs, base = fsspec.core.url_to_fs(root)
    found: list[dict[str, Any]] = []
    for path in sorted(fs.glob(f"{base}/_manifests/*.json")):
        key = path.rsplit("/", 1)[1].removesuffix(".json")
        manifest = read_manifest(root, key)
        if manifest is not None:
            found.append({**manifest, "key": key})
    return found


# the only names write_parts gives: a manifest naming anything else was not written by it
_PART = re.compile(
    r"(?:(?:events|documents)/date=[0-9A-Za-z_-]+|_events|_signatures)"
    r"/part-[0-9A-Za-z_.-]+\.parquet"
)


def remove_parts(root: str, manifest: dict[str, Any]) -> None:
    """Delete an earlier run's parts for an input that has changed since: only paths of the
    form write_parts gives, inside ``root`` (a tampered ``"../victim"`` is left alone)."""
    fs, base = fsspec.core.url_to_fs(root)
    for rel in manifest.get("parts", []):
        if not isinstance(rel, str) or not _PART.fullmatch(rel):
            log.warning("%s: manifest names %r, not a part of this output; left alone", root, rel)
            continue
        if fs.exists(f"{base}/{rel}"):
            fs.rm(f"{base}/{rel}")

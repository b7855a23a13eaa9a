"""The Dask run's pass over everything written: duplicates across tasks.

Each task finds the exact and near duplicates among its own documents, and keeps each coded
document's text signature (its words' hash and MinHash, :class:`tidings.clean.duplicates.
Signature`) in ``_signatures/``. After the tasks, the client reads the ``content_hash`` and
signature of every coded document, in the order of the inputs given (then of their ranges),
and marks each document whose text an earlier task already coded, exactly or nearly (the
Jaccard threshold of ``tidings ingest``, through the same :class:`~tidings.clean.duplicates.
Deduplicator`): its ``duplicate_of`` is set to the first copy, its ``events`` count to 0, and
its events are removed from its task's event parts, as ``tidings ingest`` would have filed
it. Only the parts of the tasks holding such a document are rewritten (each atomically), so a
rerun finds the same output and changes nothing. It holds a hash and a MinHash (with its
LSH entries) per coded document in memory: about 6 KB each, or about 150 bytes with the near
pass off (``threshold`` None).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, NamedTuple

import fsspec  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tidings.clean.duplicates import Deduplicator, Signature
from tidings.scale._parquet import atomic_write

log = logging.getLogger(__name__)


def _key_of(path: str) -> str:
    return path.rsplit("/", 1)[1].removeprefix("part-").removesuffix(".parquet")


def _read(fs: Any, path: str, columns: list[str] | None = None) -> pa.Table:
    with fs.open(path, "rb") as f:
        return pq.read_table(f, columns=columns)


def _write(fs: Any, path: str, table: pa.Table) -> None:
    atomic_write(fs, path, lambda f: pq.write_table(table, f))


class _FirstCopies:
    """The coded documents seen so far, by content hash and by text signature."""

    def __init__(self, threshold: float | None) -> None:
        self.by_hash: dict[str, tuple[str, str]] = {}  # content hash -> (doc id, task key)
        self.near = Deduplicator(threshold) if threshold is not None else None

    def original(self, key: str, row: dict[str, Any], signature: bytes | None) -> str | None:
        """The id of the first copy, in an earlier task, of document ``row`` of task ``key``;
        else None (and the document is remembered as a first copy)."""
        digest = row["content_hash"]
        seen = self.by_hash.get(digest) if digest else None
        if seen is not None:
            return seen[0] if seen[1] != key else None
        if self.near is not None and signature is not None:
            try:
                text = Signature.from_bytes(signature)
            except ValueError as e:
                log.warning("task %s, document %s: %s", key, row["id"], e)
            else:
                found = self.near.check_signature(f"{key}/{row['id']}", text)
                first_key, _, first_id = (found or "").partition("/")
                if found is not None and first_key != key:
                    return first_id
        if digest:
            self.by_hash[digest] = (row["id"], key)
        return None


def _signatures(fs: Any, base: str, key: str) -> dict[str, bytes]:
    path = f"{base}/_signatures/part-{key}.parquet"
    if not fs.exists(path):  # written before signatures were kept: exact duplicates only
        return {}
    table = _read(fs, path)
    return dict(zip(table["id"].to_pylist(), table["signature"].to_pylist(), strict=True))


def find_duplicates(
    fs: Any, base: str, keys: Sequence[str], threshold: float | None = None
) -> dict[str, dict[str, str]]:
    """Task key -> {document id -> id of the first copy} for the documents of ``base``'s
    parts that repeat a document of an earlier task (``keys`` in order first, then any other
    task's parts by key): the same content hash, or, with ``threshold``, texts whose MinHash
    Jaccard similarity reaches it."""
    rank = {key: i for i, key in enumerate(keys)}
    paths = sorted(
        fs.glob(f"{base}/documents/*/part-*.parquet"),
        key=lambda p: (rank.get(_key_of(p), len(rank)), _key_of(p), p),
    )
    first = _FirstCopies(threshold)
    found: dict[str, dict[str, str]] = {}
    signatures: dict[str, bytes] = {}
    loaded = None
    for path in paths:
        key = _key_of(path)
        if threshold is not None and key != loaded:
            signatures, loaded = _signatures(fs, base, key), key
        table = _read(fs, path, ["id", "content_hash", "duplicate_of", "skip_reason"])
        for row in table.to_pylist():
            if row["duplicate_of"] is not None or row["skip_reason"] is not None:
                continue
            original = first.original(key, row, signatures.get(row["id"]))
            if original is not None:
                found.setdefault(key, {})[row["id"]] = original
    return found


def _rewrite(fs: Any, base: str, key: str, duplicates: dict[str, str]) -> int:
    """One task's parts without the duplicates' events, their document rows marked; how many
    events those documents had."""
    removed = 0
    ids = pa.array(list(duplicates), pa.string())
    for pattern in (f"{base}/events/*/part-{key}.parquet", f"{base}/_events/part-{key}.parquet"):
        for path in fs.glob(pattern):
            table = _read(fs, path)
            kept = table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=ids)))
            if kept.num_rows != table.num_rows:
                _write(fs, path, kept)
    for path in fs.glob(f"{base}/documents/*/part-{key}.parquet"):
        table = _read(fs, path)
        rows = table.to_pylist()
        marked = [r["id"] in duplicates for r in rows]
        if not any(marked):
            continue
        for row, dup in zip(rows, marked, strict=True):
            if dup:
                removed += row["events"] or 0
                row.update(duplicate_of=duplicates[row["id"]], events=0, quotes=0)
        _write(fs, path, pa.Table.from_pylist(rows, schema=table.schema))
    return removed


class Marked(NamedTuple):
    """What a pass marked: documents newly marked, and the events they had."""

    documents: int
    events: int


def mark_duplicates(out: str, keys: Sequence[str], threshold: float | None = None) -> Marked:
    """Mark the exact duplicates across the tasks written under ``out`` (``keys``: the run's
    task keys in input order), and the near ones at Jaccard ``threshold`` if given."""
    fs, base = fsspec.core.url_to_fs(out)
    found = find_duplicates(fs, base, keys, threshold)
    events = sum(_rewrite(fs, base, key, dups) for key, dups in sorted(found.items()))
    count = sum(len(d) for d in found.values())
    log.info("%d documents repeat a document of an earlier task (%d events)", count, events)
    return Marked(count, events)

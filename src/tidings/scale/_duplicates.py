"""The Dask run's pass over everything written: exact duplicates across tasks.

Each task finds the exact and near duplicates among its own documents. After the tasks, the
client reads the ``content_hash`` of every coded document in the output's document parts and
marks each document whose text an earlier task already coded (earlier in the order of the
inputs given, then of their ranges): its ``duplicate_of`` is set to the first copy, its
``events`` count to 0, and its events are removed from its task's event parts, as ``tidings
ingest`` would have filed it. Only the parts of the tasks holding such a document are
rewritten (each atomically), so a rerun finds the same output and changes nothing. It holds
one hash per coded document in memory (about 150 bytes each).

Near duplicates across tasks (the same story lightly edited, in two inputs) are not found:
that takes the texts' MinHash signatures, which the parts do not keep.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import fsspec  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tidings.scale._parquet import atomic_write

log = logging.getLogger(__name__)


def _key_of(path: str) -> str:
    return path.rsplit("/", 1)[1].removeprefix("part-").removesuffix(".parquet")


def _read(fs: Any, path: str, columns: list[str] | None = None) -> pa.Table:
    with fs.open(path, "rb") as f:
        return pq.read_table(f, columns=columns)


def _write(fs: Any, path: str, table: pa.Table) -> None:
    atomic_write(fs, path, lambda f: pq.write_table(table, f))


def find_duplicates(fs: Any, base: str, keys: Sequence[str]) -> dict[str, dict[str, str]]:
    """Task key -> {document id -> id of the first copy} for the documents of ``base``'s
    parts that repeat a document of an earlier task (``keys`` in order first, then any other
    task's parts by key)."""
    rank = {key: i for i, key in enumerate(keys)}
    paths = sorted(
        fs.glob(f"{base}/documents/*/part-*.parquet"),
        key=lambda p: (rank.get(_key_of(p), len(rank)), _key_of(p), p),
    )
    first: dict[str, tuple[str, str]] = {}  # content hash -> (doc id, task key)
    found: dict[str, dict[str, str]] = {}
    for path in paths:
        key = _key_of(path)
        table = _read(fs, path, ["id", "content_hash", "duplicate_of", "skip_reason"])
        for row in table.to_pylist():
            if row["duplicate_of"] is not None or row["skip_reason"] is not None:
                continue
            digest = row["content_hash"]
            if not digest:
                continue
            seen = first.setdefault(digest, (row["id"], key))
            if seen[1] != key:
                found.setdefault(key, {})[row["id"]] = seen[0]
    return found


def _rewrite(fs: Any, base: str, key: str, duplicates: dict[str, str]) -> None:
    """One task's parts without the duplicates' events, their document rows marked."""
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
                row.update(duplicate_of=duplicates[row["id"]], events=0, quotes=0)
        _write(fs, path, pa.Table.from_pylist(rows, schema=table.schema))


def mark_duplicates(out: str, keys: Sequence[str]) -> int:
    """Mark the exact duplicates across the tasks written under ``out`` (``keys``: the run's
    task keys in input order); how many documents were newly marked."""
    fs, base = fsspec.core.url_to_fs(out)
    found = find_duplicates(fs, base, keys)
    for key, duplicates in sorted(found.items()):
        _rewrite(fs, base, key, duplicates)
    count = sum(len(d) for d in found.values())
    log.info("%d documents repeat a document of an earlier task", count)
    return count

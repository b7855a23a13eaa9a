"""The Dask run's last step: link the reports of the same events across every task's output.

Each task writes its events whole under ``_events/``; after the tasks, the client reads them
all, groups them with :func:`tidings.dedupe.group_events` (what the store's regroup does) and
writes the groups of two or more reports to ``groups/part-all.parquet`` (one row per event:
``event_id, group_id, doc_id, representative``, the store's ``event_groups`` columns). It holds
every event of the output in memory (about 2 KB each): for tens of millions of events, regroup
date ranges of the output separately.
"""

from __future__ import annotations

import logging

import fsspec  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.parquet as pq

from tidings.records import Event
from tidings.scale._parquet import atomic_write

log = logging.getLogger(__name__)

GROUP_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("group_id", pa.string()),
        ("doc_id", pa.string()),
        ("representative", pa.bool_()),
    ]
)
GROUPS_PART = "groups/part-all.parquet"


def _events(fs: object, base: str) -> list[Event]:
    events: list[Event] = []
    for path in sorted(fs.glob(f"{base}/_events/*.parquet")):  # type: ignore[attr-defined]
        with fs.open(path, "rb") as f:  # type: ignore[attr-defined]
            for row in pq.read_table(f).to_pylist():
                ev = Event.model_validate_json(row["data"])
                if ev.source.doc_id != row["doc_id"]:
                    source = ev.source.model_copy(update={"doc_id": row["doc_id"]})
                    ev = ev.model_copy(update={"source": source})
                events.append(ev)
    return events


def regroup_parts(out: str) -> int:
    """Group every event written under ``out``; the groups of 2+ reports written."""
    from tidings.dedupe import group_events

    fs, base = fsspec.core.url_to_fs(out)
    events = _events(fs, base)
    groups = [g for g in group_events(events) if len(g.event_ids) > 1]
    rows = [
        {
            "event_id": eid,
            "group_id": g.id,
            "doc_id": src.doc_id,
            "representative": eid == g.representative,
        }
        for g in groups
        for eid, src in zip(g.event_ids, g.sources, strict=True)
    ]
    table = pa.Table.from_pylist(rows, schema=GROUP_SCHEMA)
    atomic_write(fs, f"{base}/{GROUPS_PART}", lambda f: pq.write_table(table, f))
    log.info("grouped %d events into %d same-event groups", len(events), len(groups))
    return len(groups)

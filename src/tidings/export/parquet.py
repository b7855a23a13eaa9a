"""Parquet: one row per event; flat columns for analysis, nested records as JSON strings.

Flat: ids, date, type, modes, quad, CAMEO, ACLED type, first actor and recipient (text, code,
sector), place (name, country, admin1, lat, lon), size counts, the sentence and its offsets,
and the document's title, URL and publisher. Nested, as JSON text: ``actor``, ``recipient``,
``event_loc``, ``size``, and ``plover`` (the whole contract ``Event``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tidings.records import Event
from tidings.store.query import DocumentInfo


def event_schema() -> Any:
    """The Arrow schema of :func:`parquet_row` (also the Dask path's event files)."""
    import pyarrow as pa  # lazily: only Parquet export needs it

    s, i, f = pa.string(), pa.int64(), pa.float64()
    return pa.schema(
        [
            ("id", s), ("doc_id", s), ("date", pa.date32()), ("date_precision", s),
            ("enddate", pa.date32()), ("event_type", s), ("mode", pa.list_(s)),
            ("context", pa.list_(s)), ("quad_code", pa.int8()), ("cameo", s),
            ("acled_event_type", s), ("acled_sub_event_type", s), ("modality", s),
            ("confidence", f), ("actor_text", s), ("actor_code", s), ("actor_sector", s),
            ("recipient_text", s), ("recipient_code", s), ("recipient_sector", s),
            ("place", s), ("country_code", s), ("admin1", s), ("lat", f), ("lon", f),
            ("dead", i), ("injured", i), ("arrested", i), ("participants", i),
            ("sentence", s), ("sentence_start", i), ("sentence_end", i), ("sequence", i),
            ("trigger", s), ("quote_id", s), ("publisher", s), ("title", s), ("url", s),
            ("actor", s), ("recipient", s), ("event_loc", s), ("size", s), ("plover", s),
        ]
    )  # fmt: skip


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def parquet_row(ev: Event, doc: DocumentInfo | None = None) -> dict[str, Any]:
    """One event as a flat row; ``doc`` adds the document's title and URL."""
    data = ev.model_dump(mode="json")
    a = ev.actor[0] if ev.actor else None
    r = ev.recipient[0] if ev.recipient else None
    loc = ev.event_loc
    return {
        "id": ev.id,
        "doc_id": ev.source.doc_id,
        "date": ev.date,
        "date_precision": ev.date_precision,
        "enddate": ev.enddate,
        "event_type": ev.event[0] if ev.event else None,
        "mode": list(ev.mode),
        "context": list(ev.context),
        "quad_code": ev.quad_code,
        "cameo": ev.cameo,
        "acled_event_type": ev.acled.event_type if ev.acled else None,
        "acled_sub_event_type": ev.acled.sub_event_type if ev.acled else None,
        "modality": ev.modality,
        "confidence": ev.confidence,
        "actor_text": a.entity_text if a else None,
        "actor_code": a.code if a else None,
        "actor_sector": a.sector if a else None,
        "recipient_text": r.entity_text if r else None,
        "recipient_code": r.code if r else None,
        "recipient_sector": r.sector if r else None,
        "place": (loc.resolved_place or loc.extracted_place) if loc else None,
        "country_code": loc.country_code if loc else None,
        "admin1": loc.admin1 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "dead": ev.size.dead,
        "injured": ev.size.injured,
        "arrested": ev.size.arrested,
        "participants": ev.size.participants,
        "sentence": " ".join(ev.event_text),
        "sentence_start": ev.text_info.start,
        "sentence_end": ev.text_info.end,
        "sequence": ev.text_info.sequence,
        "trigger": ev.trigger,
        "quote_id": ev.quote_id,
        "publisher": ev.source.publisher,
        "title": doc.title if doc else None,
        "url": doc.url if doc else None,
        "actor": _json(data["actor"]),
        "recipient": _json(data["recipient"]),
        "event_loc": _json(data["event_loc"]),
        "size": _json(data["size"]),
        "plover": _json(data),
    }


def write_parquet(
    events: Iterable[Event],
    path: str | Path,
    *,
    documents: Mapping[str, DocumentInfo] | None = None,
    batch_size: int = 5000,
) -> int:
    """Write ``events`` to a Parquet file at ``path`` in row groups; returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = documents or {}
    schema = event_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for ev in events:
            batch.append(parquet_row(ev, docs.get(ev.source.doc_id)))
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n

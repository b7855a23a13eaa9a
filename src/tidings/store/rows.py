"""Records to table rows and back. Column order matches the ``INSERT`` statements here."""

from __future__ import annotations

import json
from typing import Any

from tidings.records import Entity, EntityMention, Event, Place, Quote

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id", "content_hash", "date", "title", "url", "publisher", "language", "text",
    "source_path", "ingested_at", "duplicate_of", "errors",
)  # fmt: skip
EVENT_COLUMNS: tuple[str, ...] = (
    "id", "doc_id", "seq", "date", "type", "mode", "modes", "quad", "modality", "cameo",
    "confidence", "actor_code", "actor_sector", "actor_text", "recipient_code",
    "recipient_sector", "recipient_text", "party_codes", "party_sectors", "party_text",
    "recipient_codes", "recipient_all_text", "place", "country_code", "admin1", "lat", "lon",
    "sentence", "actor", "recipient", "size", "acled", "event_loc", "data",
)  # fmt: skip
QUOTE_COLUMNS: tuple[str, ...] = (
    "id", "doc_id", "seq", "speaker_text", "speaker_code", "cue", "content", "kind",
    "event_ids", "data",
)  # fmt: skip
PLACE_COLUMNS: tuple[str, ...] = (
    "doc_id", "seq", "text", "name", "geonameid", "country_code", "lat", "lon", "data",
)  # fmt: skip
ENTITY_COLUMNS: tuple[str, ...] = ("doc_id", "seq", "text", "label", "code", "sector", "data")


def insert_sql(table: str, columns: tuple[str, ...], n_rows: int = 1) -> str:
    """``INSERT INTO table (columns) VALUES (?, …), …`` for ``n_rows`` rows."""
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([marks] * n_rows)}"


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value]
    return json.dumps(value, ensure_ascii=False)


def entity_label(e: Entity) -> str:
    """How an actor reads in a table: the organisation or name, else the text."""
    return e.identifier_text or e.entity_text


def _names(entities: list[Entity]) -> str:
    names = {n.lower() for e in entities for n in (e.entity_text, e.identifier_text) if n}
    return " | ".join(sorted(names))


def event_row(doc_id: str, seq: int, ev: Event) -> tuple[Any, ...]:
    actor = ev.actor[0] if ev.actor else None
    recip = ev.recipient[0] if ev.recipient else None
    parties = [*ev.actor, *ev.recipient]
    loc = ev.event_loc
    return (
        ev.id,
        doc_id,
        seq,
        ev.date,
        ev.event[0] if ev.event else "",
        ev.mode[0] if ev.mode else None,
        list(ev.mode),
        ev.quad_code,
        ev.modality,
        ev.cameo,
        ev.confidence,
        actor.code if actor else None,
        actor.sector if actor else None,
        entity_label(actor) if actor else None,
        recip.code if recip else None,
        recip.sector if recip else None,
        entity_label(recip) if recip else None,
        sorted({p.code for p in parties}),
        sorted({p.sector for p in parties if p.sector}),
        _names(parties),
        sorted({p.code for p in ev.recipient}),
        _names(list(ev.recipient)),
        (loc.resolved_place or loc.extracted_place) if loc else None,
        loc.country_code if loc else None,
        loc.admin1 if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        " ".join(ev.event_text),
        _dump(ev.actor),
        _dump(ev.recipient),
        _dump(ev.size),
        _dump(ev.acled),
        _dump(ev.event_loc),
        ev.model_dump_json(),
    )


def quote_row(doc_id: str, seq: int, q: Quote) -> tuple[Any, ...]:
    speaker = q.speaker
    return (
        q.id,
        doc_id,
        seq,
        entity_label(speaker) if speaker else None,
        speaker.code if speaker else None,
        q.cue,
        q.content,
        q.kind,
        list(q.event_ids),
        q.model_dump_json(),
    )


def place_row(doc_id: str, seq: int, p: Place) -> tuple[Any, ...]:
    return (
        doc_id, seq, p.text, p.name, p.geonameid, p.country_code, p.lat, p.lon,
        p.model_dump_json(),
    )  # fmt: skip


def entity_row(doc_id: str, seq: int, e: EntityMention) -> tuple[Any, ...]:
    return (doc_id, seq, e.text, e.label, e.code, e.sector, e.model_dump_json())


def load_event(data: str) -> Event:
    return Event.model_validate_json(data)


def load_quote(data: str) -> Quote:
    return Quote.model_validate_json(data)


def load_place(data: str) -> Place:
    return Place.model_validate_json(data)


def load_entity(data: str) -> EntityMention:
    return EntityMention.model_validate_json(data)


def json_list(items: list[Any]) -> str:
    return json.dumps(items, ensure_ascii=False)


def parse_json_list(text: str | None) -> list[Any]:
    if not text:
        return []
    value = json.loads(text)
    return value if isinstance(value, list) else []

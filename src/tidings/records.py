"""Typed records that cross every stage boundary.

The JSON field names follow the output contract in ONTOLOGY.md (PLOVER JSON names); JSON is
made only at the edges with :meth:`DocumentResult.to_json_dict`.
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Modality = Literal["asserted", "negated", "future", "hypothetical", "historical"]
DatePrecision = Literal["day", "week", "month", "year"]
QuoteKind = Literal["direct", "indirect", "mixed"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


_WEB_URL = re.compile(r"https?://[^\s/?#]", re.IGNORECASE)


def web_url(value: str | None) -> str | None:
    """``value`` (trimmed) if it is an http(s) URL with a host, else None: a ``javascript:``,
    ``data:`` or ``file:`` URL, or any other scheme, is never kept, served, rendered or
    exported as a document's link."""
    if value is None:
        return None
    value = value.strip()
    return value if _WEB_URL.match(value) else None


class DocumentMeta(_Record):
    """What is known about a document besides its text; every document record has it."""

    id: str
    date: Date | None = None
    title: str | None = None
    url: str | None = Field(default=None, description="the source's http(s) URL; no other scheme")
    publisher: str | None = None

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        return web_url(value)

    def meta(self) -> dict[str, Any]:
        """The metadata fields, to build another document record from this one."""
        return {name: getattr(self, name) for name in DocumentMeta.model_fields}


class RawDocument(DocumentMeta):
    """One input document as a reader found it, before cleaning."""

    text: str | None = None
    html: str | None = None
    source_path: str | None = None
    errors: list[str] = Field(default_factory=list)


class CleanDocument(DocumentMeta):
    """A document after chrome removal, encoding repair and language identification."""

    text: str
    language: str | None = "en"
    removed: list[str] = Field(default_factory=list, description="chrome lines removed")
    errors: list[str] = Field(default_factory=list)


class Entity(_Record):
    """An actor: PLOVER's entity record."""

    entity_text: str
    code: str = "---"
    sector: str | None = None
    identifier_text: str | None = None
    identifier_id: str | None = None
    office: str | None = None
    members: list[str] | None = None
    explanation: str | None = None


class EntityMention(Entity):
    """A named-entity mention in the text, resolved like an actor."""

    text: str
    start: int
    end: int
    label: str


class Place(_Record):
    """A toponym in the text and the gazetteer entry it resolves to."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    feature_code: str | None = None


class EventLocation(_Record):
    extracted_place: str
    resolved_place: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    resolution: int | None = Field(default=None, ge=1, le=5)
    basis: Literal["sentence", "paragraph", "story"] = "sentence"


class TextInfo(_Record):
    sequence: int
    start: int
    end: int


class Size(_Record):
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    participants: int | None = None
    words: dict[str, str] = Field(
        default_factory=dict, description="the words each number came from, e.g. dead: 'Dozens'"
    )

    def is_empty(self) -> bool:
        return all(v is None for v in (self.dead, self.injured, self.arrested, self.participants))


class AcledType(_Record):
    event_type: str
    sub_event_type: str


class TextSpan(_Record):
    """Character offsets into the document's ``text``."""

    start: int
    end: int


class EventSpans(_Record):
    """Where the event's parts were read from: character offsets into the document's text.
    ``actor`` and ``recipient`` run parallel to the event's lists (None: no single stretch)."""

    trigger: TextSpan | None = None
    actor: list[TextSpan | None] = Field(default_factory=list)
    recipient: list[TextSpan | None] = Field(default_factory=list)
    place: TextSpan | None = None
    time: TextSpan | None = None


class EventSource(_Record):
    doc_id: str
    publisher: str | None = None


class Event(_Record):
    """One PLOVER event with the sentence it came from."""

    id: str
    date: Date | None = None
    date_precision: DatePrecision | None = None
    enddate: Date | None = None
    event: list[str]
    mode: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    quad_code: int
    actor: list[Entity] = Field(default_factory=list)
    recipient: list[Entity] = Field(default_factory=list)
    event_loc: EventLocation | None = None
    event_text: list[str]
    text_info: TextInfo
    size: Size = Field(default_factory=Size)
    modality: Modality = "asserted"
    cameo: str | None = None
    acled: AcledType | None = None
    confidence: float = 0.5
    source: EventSource
    trigger: str | None = None
    explanation: str | None = None
    quote_id: str | None = None
    spans: EventSpans | None = None


class Quote(_Record):
    id: str
    speaker: Entity | None = None
    cue: str | None = None
    content: str
    start: int
    end: int
    kind: QuoteKind
    source: str | None = None
    event_ids: list[str] = Field(default_factory=list)


class DocumentError(_Record):
    """Why part of a document failed; the rest of the result stands."""

    code: str
    stage: str
    message: str


class DocumentResult(DocumentMeta):
    """What `tidings code` prints for one document."""

    language: str | None = "en"
    text: str = ""
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    entities: list[EntityMention] = Field(default_factory=list)
    errors: list[DocumentError] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON object; `errors` only when something failed."""
        data = self.model_dump(mode="json")
        if not self.errors:
            data.pop("errors")
        return data


class ActorProfile(_Record):
    """What the actor registry knows about one named actor, with the evidence for it."""

    name: str
    variants: list[str] = Field(default_factory=list)
    code: str = "---"
    sector: str | None = None
    office: str | None = None
    identifier_text: str | None = None
    evidence: list[str] = Field(default_factory=list, description="sentences that said so")
    doc_ids: list[str] = Field(default_factory=list)
    pinned: bool = False

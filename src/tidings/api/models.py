"""Request and response bodies of the HTTP API (JSON is made from these at the edge)."""

from __future__ import annotations

from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tidings.dedupe import EventGroup
from tidings.records import ActorProfile, DocumentResult, Event, Quote, web_url


class CodeRequest(BaseModel):
    """One article to code: plain ``text`` or ``html`` (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="the article as an HTML page")
    date: Date | None = Field(default=None, description="publication date (resolves 'Monday')")
    title: str | None = None
    url: str | None = Field(
        default=None, description="kept as metadata; never fetched (allow_fetch is not built)"
    )
    publisher: str | None = None
    id: str | None = Field(default=None, description="document id (default: from the content)")
    store: bool = Field(default=False, description="also store the result (needs X-API-Key)")

    @field_validator("text", "html", "title", "url", "publisher", "id")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        # a lone surrogate ("\\ud800") is valid JSON but no text: it cannot be stored or shown
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                raise ValueError(f"holds an unpaired surrogate at {e.start}, not text") from e
        return value

    @model_validator(mode="after")
    def _one_body(self) -> CodeRequest:
        has_text = bool(self.text and self.text.strip())
        has_html = bool(self.html and self.html.strip())
        if has_text == has_html:
            raise ValueError("give exactly one of 'text' or 'html', and not empty")
        return self


class CodeResponse(DocumentResult):
    """The coded document, and whether it was stored (False: not asked or already stored)."""

    stored: bool = False


class EventsPage(BaseModel):
    events: list[Event]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page")
    total: int = Field(description="events matching the filters, over all pages")


class Span(BaseModel):
    """A highlighted stretch of an event's sentence.

    ``start``/``end`` index the document's ``text`` (the sentence's own offsets when the
    document text is not stored); ``sentence_start``/``sentence_end`` index the sentence.
    """

    kind: Literal["trigger", "actor", "recipient", "place", "date", "size"]
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


class DocumentMeta(BaseModel):
    id: str
    date: Date | None = None
    title: str | None = None
    url: str | None = Field(default=None, description="the source's http(s) URL; no other scheme")
    publisher: str | None = None

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        # a stored "javascript:" (or data:, file:) URL must never reach a page as a link
        return web_url(value)


class EvidenceQuote(Quote):
    linked: bool = Field(description="the quote this event was coded from, or names it")


class Evidence(BaseModel):
    """An event with what supports it: its sentence, highlights, document and quotes."""

    event: Event
    document: DocumentMeta | None
    sentence: str
    sentence_start: int
    sentence_end: int
    highlights: list[Span]
    quotes: list[EvidenceQuote]
    same_event: list[Event] = Field(
        default_factory=list,
        description="other documents' reports of the same real-world event (each with its "
        "source: doc_id, publisher)",
    )
    group: EventGroup | None = Field(
        default=None, description="the same-event group: its id, members, sources, representative"
    )


class QuoteHit(Quote):
    doc_id: str


class QuotesPage(BaseModel):
    quotes: list[QuoteHit]


class ProfileCount(ActorProfile):
    events: int = Field(description="events naming this actor as actor or recipient")


class ActorsResponse(BaseModel):
    profiles: list[ProfileCount]
    top: list[dict[str, Any]] = Field(description="most frequent actors and recipients")


class Count(BaseModel):
    key: str | None
    count: int


class GroupCount(Count):
    group: str | None


class StatsResponse(BaseModel):
    total: int
    by_day: list[Count]
    by_type: list[Count]
    by_country: list[Count]
    by_quad: list[Count]
    by_day_quad: list[GroupCount]
    by_day_type: list[GroupCount]
    type_quads: dict[str, int] = Field(description="the quad class of each event type counted")
    by_modality: list[Count] = Field(
        default_factory=list,
        description="counts by modality under every filter but the modality filter",
    )
    tables: dict[str, int]


class PlacesResponse(BaseModel):
    places: list[dict[str, Any]]


class NetworkResponse(BaseModel):
    edges: list[dict[str, Any]]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    schema_version: int
    writes_enabled: bool
    read_only: bool

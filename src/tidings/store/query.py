"""What a reader asks the store for: event filters, sort order and keyset cursors.

A cursor is an opaque, URL-safe string holding the sort key and id of the last event of a
page; the next page starts strictly after it, so pages never repeat or skip an event while
the table only grows.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tidings.errors import InputError
from tidings.records import Event

SortField = Literal["date", "-date", "confidence", "-confidence"]

MAX_LIMIT = 10_000


class EventQuery(BaseModel):
    """Filters over stored events; every filter given must hold (AND)."""

    model_config = ConfigDict(extra="forbid")

    types: list[str] = Field(default_factory=list, description="PLOVER event types (any of)")
    modes: list[str] = Field(default_factory=list, description="PLOVER modes (any of)")
    quad: list[int] = Field(default_factory=list, description="quad classes 1-4 (any of)")
    actor: str | None = Field(
        default=None,
        description="an actor or recipient: exact code (RUS, IGO) or part of its name",
    )
    recipient: str | None = Field(
        default=None, description="a recipient only: exact code or part of its name"
    )
    sector: str | None = Field(default=None, description="an actor or recipient sector (GOV)")
    country_code: str | None = Field(
        default=None, description="where it happened: ISO 3166 alpha-2 or alpha-3"
    )
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float | None = Field(default=None, gt=0)
    date_from: Date | None = None
    date_to: Date | None = None
    text: str | None = Field(default=None, description="words in the event sentence")
    doc_id: str | None = None
    modality: list[str] = Field(default_factory=list)
    distinct: bool = Field(
        default=False,
        description="one event per group of reports of the same event (its representative)",
    )
    sort: SortField = "-date"
    limit: int | None = Field(default=100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None

    @field_validator("types", "modes")
    @classmethod
    def _strip(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v.strip()]

    @field_validator("quad")
    @classmethod
    def _quads(cls, values: list[int]) -> list[int]:
        bad = [v for v in values if v not in (1, 2, 3, 4)]
        if bad:
            raise ValueError(f"quad classes are 1-4, not {bad}")
        return values

    def has_place(self) -> bool:
        return self.lat is not None and self.lon is not None and self.radius_km is not None


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events and the cursor for the next (None on the last page)."""

    events: list[Event]
    next_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class Cursor:
    sort: str
    value: Any
    id: str

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.value, self.id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            sort_, value, id_ = data
        except (ValueError, binascii.Error, TypeError, UnicodeError) as e:
            raise InputError(f"malformed cursor {token!r}") from e
        if sort_ != sort or not isinstance(id_, str):
            raise InputError(f"cursor {token!r} belongs to sort {sort_!r}, not {sort!r}")
        return cls(sort=sort_, value=value, id=id_)


@dataclass(frozen=True, slots=True)
class SkipRecord:
    """A document the ingester did not code, and why."""

    doc_id: str
    source_path: str | None
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class StatRow:
    """A count of events for one key (a day, type, country or quad) and optional group."""

    key: str | None
    count: int
    group: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document's metadata (no text)."""

    id: str
    date: Date | None
    title: str | None
    url: str | None
    publisher: str | None
    source_path: str | None
    content_hash: str
    duplicate_of: str | None = None

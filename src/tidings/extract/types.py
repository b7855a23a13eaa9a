"""What the extract stage hands to the resolve stage: spans found in the text, not yet resolved.

Offsets are character offsets into the clean document text, so these records survive
pickling across processes without the spaCy ``Doc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tidings.records import Modality, QuoteKind, Size


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase in the text: an actor, a speaker, a place or a time expression."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class EventMention:
    """An event found in one sentence, with its participants as unresolved mentions."""

    event_type: str
    trigger: Mention
    sentence: Mention
    sentence_index: int
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)
    recipients: list[Mention] = field(default_factory=list)
    place: Mention | None = None
    time: Mention | None = None
    size: Size = field(default_factory=Size)
    modality: Modality = "asserted"
    confidence: float = 0.5
    cameo: str | None = None
    acled: tuple[str, str] | None = None
    explanation: str = ""
    quote_index: int | None = None


@dataclass(slots=True)
class QuoteMention:
    """A quotation or reported claim with its speaker and cited source as mentions."""

    content: Mention
    kind: QuoteKind
    speaker: Mention | None = None
    cue: Mention | None = None
    source: Mention | None = None
    sentence_index: int = 0

"""Where in its sentence an event's trigger, actors, recipients, place, date and size words are.

The pipeline records the offsets of what each event was read from (``Event.spans``), and
those are shown. Events stored by a tidings that did not record them yet fall back to a
whole-word, case-insensitive search of the sentence for the trigger, the entities and the
place (their dates are then not highlighted); size words are always searched for (their
offsets are not recorded). What cannot be found is not highlighted.
"""

from __future__ import annotations

import re

from tidings.api.models import Span
from tidings.records import DocumentResult, Entity, Event, TextSpan


def _find(text: str, needle: str, offset: int, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """The first whole-word, case-insensitive match of ``needle`` not overlapping ``taken``."""
    if not needle.strip():
        return -1, -1
    for m in re.finditer(rf"(?<!\w){re.escape(needle.strip())}(?!\w)", text, re.IGNORECASE):
        start, end = offset + m.start(), offset + m.end()
        if not any(start < e and s < end for s, e in taken):
            return start, end
    return -1, -1


def _entity_words(e: Entity) -> list[str]:
    return [w for w in (e.entity_text, e.identifier_text) if w]


class _Highlighter:
    """Collects non-overlapping spans of one event's sentence."""

    def __init__(self, ev: Event, doc: DocumentResult | None) -> None:
        self.sentence = " ".join(ev.event_text)
        self.start = ev.text_info.start  # the sentence's offset in the document
        in_doc = doc is not None and doc.text[self.start : ev.text_info.end] == self.sentence
        # offsets into the document when its text is stored, else into the sentence
        self.base = self.start if in_doc else 0
        self.spans: list[Span] = []
        self.taken: list[tuple[int, int]] = []

    def add(self, kind: str, start: int, end: int) -> None:
        """A span at ``start``:``end`` (in ``base`` coordinates), unless taken or not found."""
        if start < 0 or (start, end) in self.taken:
            return
        self.taken.append((start, end))
        s0, s1 = start - self.base, end - self.base
        self.spans.append(
            Span.model_validate(
                {
                    "kind": kind,
                    "text": self.sentence[s0:s1],
                    "start": start,
                    "end": end,
                    "sentence_start": s0,
                    "sentence_end": s1,
                }
            )
        )

    def add_recorded(self, kind: str, span: TextSpan | None) -> None:
        """A span the pipeline recorded (document offsets), when it lies in the sentence."""
        if span is None:
            return
        s0, s1 = span.start - self.start, span.end - self.start
        if 0 <= s0 < s1 <= len(self.sentence) and not any(
            self.base + s0 < e and s < self.base + s1 for s, e in self.taken
        ):
            self.add(kind, self.base + s0, self.base + s1)

    def search(self, kind: str, word: str) -> bool:
        start, end = _find(self.sentence, word, self.base, self.taken)
        self.add(kind, start, end)
        return start >= 0


def highlights(ev: Event, doc: DocumentResult | None) -> list[Span]:
    """Spans (document offsets) of what the event's fields were read from."""
    h = _Highlighter(ev, doc)
    if ev.spans is not None:
        h.add_recorded("trigger", ev.spans.trigger)
        for span in ev.spans.actor:
            h.add_recorded("actor", span)
        for span in ev.spans.recipient:
            h.add_recorded("recipient", span)
        h.add_recorded("place", ev.spans.place)
        h.add_recorded("date", ev.spans.time)
    else:  # stored before offsets were recorded
        if ev.trigger:
            h.search("trigger", ev.trigger)
        for kind, entities in (("actor", ev.actor), ("recipient", ev.recipient)):
            for e in entities:
                for word in _entity_words(e):
                    if h.search(kind, word):
                        break
        if ev.event_loc:
            h.search("place", ev.event_loc.extracted_place)
    for word in ev.size.words.values():
        h.search("size", word)
    return sorted(h.spans, key=lambda s: s.start)

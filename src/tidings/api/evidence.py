"""Where in its sentence an event's actor, recipient, place, date and size words are.

Mentions the pipeline located (entities and places with offsets) are used first; otherwise
the words are searched for in the sentence, whole words, case-insensitively. What cannot be
found is not highlighted.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from tidings.api.models import Span
from tidings.records import DocumentResult, Entity, Event


@functools.lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    text = resources.files("tidings").joinpath("data/web/date_words.txt").read_text("utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    # Calendar words match as written ("May", not the verb "may"); lower-case relative words
    # also match capitalised at a sentence start.
    alternatives = "|".join(
        f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" if w[0].islower() else re.escape(w)
        for w in sorted(words, key=len, reverse=True)
    )
    numeric = r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    day = r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?"
    return re.compile(rf"\b(?:(?:{alternatives}){day}|{numeric})(?!\w)")


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


def highlights(ev: Event, doc: DocumentResult | None) -> list[Span]:
    """Spans (document offsets) of what the event's fields were read from."""
    sentence = " ".join(ev.event_text)
    in_doc = doc is not None and doc.text[ev.text_info.start : ev.text_info.end] == sentence
    # offsets into the document when the sentence is in its stored text, else into the sentence
    base = ev.text_info.start if in_doc else 0
    lo, hi = base, base + len(sentence)
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if start >= 0 and (start, end) not in taken:
            taken.append((start, end))
            text = sentence[start - base : end - base]
            spans.append(
                Span.model_validate(
                    {
                        "kind": kind,
                        "text": text,
                        "start": start,
                        "end": end,
                        "sentence_start": start - base,
                        "sentence_end": end - base,
                    }
                )
            )

    def located(word: str) -> tuple[int, int]:
        # a mention the pipeline found inside this sentence
        if doc is not None and in_doc:
            mentions = [(m.start, m.end, m.text) for m in doc.entities]
            mentions += [(p.start, p.end, p.text) for p in doc.places]
            for start, end, text in mentions:
                if (
                    lo <= start
                    and end <= hi
                    and text.lower() == word.lower()
                    and not any(start < e and s < end for s, e in taken)
                ):
                    return start, end
        return _find(sentence, word, base, taken)

    if ev.trigger:
        add("trigger", *_find(sentence, ev.trigger, base, taken))
    for kind, entities in (("actor", ev.actor), ("recipient", ev.recipient)):
        for e in entities:
            for word in _entity_words(e):
                start, end = located(word)
                if start >= 0:
                    add(kind, start, end)
                    break
    if ev.event_loc:
        add("place", *located(ev.event_loc.extracted_place))
    for m in _date_pattern().finditer(sentence):
        start, end = base + m.start(), base + m.end()
        if not any(start < e and s < end for s, e in taken):
            add("date", start, end)
    for word in ev.size.words.values():
        add("size", *_find(sentence, word, base, taken))
    return sorted(spans, key=lambda s: s.start)

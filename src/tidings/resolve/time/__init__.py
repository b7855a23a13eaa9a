"""Date events from their sentence and the publication date.

:func:`date_event` reads the event's time mention (``em.time``) when the extractor found one,
else the time expressions of its sentence, taking the one nearest the trigger. Without any,
the event belongs to the incident its context is about: it takes the nearest explicit date
(a day or a weekday, ``CONTEXT_KINDS``) written earlier in its paragraph ("On 3 March
gunmen attacked a checkpoint. Two soldiers were killed." dates both on 3 March), with that
date's precision. Only with no such date is a news event dated to the publication date with
precision "day": news reports what just happened, and ACLED-style notes date the event on
the document date. Without a publication date either, the date is unknown
(``EventDate(None, None, None)``).

The publication date itself is read from the page by the clean stage
(``tidings.clean.dates``).
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date as Date

from spacy.tokens import Doc

from tidings.extract.types import EventMention
from tidings.nlp.text import doc_text
from tidings.resolve.time.expressions import (
    EventDate,
    Precision,
    TimeExpression,
    find_time_expressions,
    is_future,
    resolve_expression,
)

__all__ = [
    "EventDate",
    "Precision",
    "TimeExpression",
    "date_event",
    "find_time_expressions",
    "resolve_expression",
]


def date_event(doc: Doc, em: EventMention, published: Date | None) -> EventDate:
    """When ``em`` happened, relative to the publication date ``published``."""
    sent = em.sentence
    text = doc_text(doc)
    exprs: list[TimeExpression] = []
    if em.time is not None:
        exprs = find_time_expressions(text[em.time.start : em.time.end], em.time.start)
    if not exprs:
        exprs = list(_sentence_expressions(text[sent.start : sent.end], sent.start))
    trigger = em.trigger.start
    future = em.modality == "future" or is_future(text[sent.start : sent.end], trigger - sent.start)
    ranked = sorted(exprs, key=lambda x: _distance(x, trigger))
    for expr in ranked:
        when = resolve_expression(expr, published, future)
        if when is not None:
            return dataclasses.replace(when, span=(expr.start, expr.end))
    context = _context_date(text, sent.start, published)
    if context is not None:
        return context
    if published is not None:
        return EventDate(published, "day")
    return EventDate(None, None)


CONTEXT_KINDS = frozenset({"absolute", "span", "iso", "weekday"})


def _context_date(text: str, sentence_start: int, published: Date | None) -> EventDate | None:
    """The nearest explicit date before the sentence, in the same paragraph."""
    para_start = text.rfind("\n\n", 0, sentence_start)
    para_start = 0 if para_start < 0 else para_start + 2
    before = [
        e for e in _all_expressions(text) if para_start <= e.start and e.end <= sentence_start
    ]
    for expr in sorted(before, key=lambda x: -x.start):
        if expr.kind not in CONTEXT_KINDS:
            continue
        when = resolve_expression(expr, published, False)
        if when is not None and when.date is not None:
            return when
    return None


@functools.lru_cache(maxsize=8)
def _all_expressions(text: str) -> tuple[TimeExpression, ...]:
    """The document's time expressions, found once per document (not once per event)."""
    return tuple(find_time_expressions(text, 0))


@functools.lru_cache(maxsize=64)
def _sentence_expressions(text: str, offset: int) -> tuple[TimeExpression, ...]:
    """A sentence's time expressions, found once for all the events it reports."""
    return tuple(find_time_expressions(text, offset))


def _distance(expr: TimeExpression, offset: int) -> int:
    if expr.start <= offset < expr.end:
        return 0
    return min(abs(expr.start - offset), abs(expr.end - offset))

"""Date events from their sentence and the publication date; find publication dates in text.

:func:`date_event` reads the event's time mention (``em.time``) when the extractor found one,
else the time expressions of its sentence, taking the one nearest the trigger. Without any,
a news event is dated to the publication date with precision "day": news reports what just
happened, and ACLED-style notes date the event on the document date. Without a publication
date either, the date is unknown (``EventDate(None, None, None)``).

:func:`publication_date_from_text` finds a dateline or a "Published: ..." line.
"""

from __future__ import annotations

import re
from datetime import date as Date

from spacy.tokens import Doc

from tidings.extract.types import EventMention
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
    "publication_date_from_text",
    "resolve_expression",
]


def date_event(doc: Doc, em: EventMention, published: Date | None) -> EventDate:
    """When ``em`` happened, relative to the publication date ``published``."""
    sent = em.sentence
    text = doc.text
    exprs: list[TimeExpression] = []
    if em.time is not None:
        exprs = find_time_expressions(text[em.time.start : em.time.end], em.time.start)
    if not exprs:
        exprs = find_time_expressions(text[sent.start : sent.end], sent.start)
    trigger = em.trigger.start
    future = em.modality == "future" or is_future(text[sent.start : sent.end], trigger - sent.start)
    ranked = sorted(exprs, key=lambda x: _distance(x, trigger))
    for expr in ranked:
        when = resolve_expression(expr, published, future)
        if when is not None:
            return when
    if published is not None:
        return EventDate(published, "day")
    return EventDate(None, None)


def _distance(expr: TimeExpression, offset: int) -> int:
    if expr.start <= offset < expr.end:
        return 0
    return min(abs(expr.start - offset), abs(expr.end - offset))


_LABELLED = re.compile(
    r"(?:published|posted|updated|last updated|first published|this (?:story|article) is from|"
    r"\bdate)\s*(?:on|at)?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_HEAD_CHARS = 600


def publication_date_from_text(text: str) -> Date | None:
    """The publication date a page states ("Published: March 10, 2002", "date 2022-01-10",
    "This story is from March 10, 2002"), else a full date in its first lines, else None."""
    for m in _LABELLED.finditer(text):
        found = _full_date(text[m.end() : m.end() + 60], anchored=True)
        if found is not None:
            return found
    return _full_date(text[:_HEAD_CHARS], anchored=False)


def _full_date(snippet: str, *, anchored: bool) -> Date | None:
    for expr in find_time_expressions(snippet):
        if anchored and expr.start > 12:
            return None
        if expr.kind == "iso" or (expr.kind == "absolute" and expr.groups[2] is not None):
            when = resolve_expression(expr, None, False)
            if when is not None and when.precision == "day":
                return when.date
    return None

"""A document's named entities: spaCy's spans, corrected with the knowledge files.

Corrections, each general: a person's span takes in the title before the name ("Foreign
Secretary Philip Hammond"); a known name that runs past spaCy's span wins ("Islamic State of
Iraq and the Levant"); a possessive ending or a leading "Near" is trimmed; a span that is
wholly a demonym, country or organisation gets that label; a place loses a leading "the"; a
"person" or "nationality" that is
a known place after "in"/"near" becomes a place. Knowledge-file names that spaCy missed are
added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.records import EntityMention
from tidings.resolve.actors._knowledge import COUNTRYISH, city_country

if TYPE_CHECKING:
    from tidings.resolve.actors._document import DocumentActors

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset(
    {"in", "near", "at", "from", "to", "outside", "around", "of", "into", "across", "toward"}
)
HONORIFICS = frozenset(
    {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "gen",
        "gen.",
        "col",
        "col.",
        "capt",
        "capt.",
        "lt",
        "lt.",
        "sgt",
        "sgt.",
        "brig",
        "brig.",
        "adm",
        "adm.",
        "maj",
        "maj.",
        "cpl",
        "cpl.",
        "sen.",
        "rep.",
        "gov.",
        "amb.",
        "sir",
        "dame",
        "lord",
        "lady",
    }
)
_LEADING_DROP = frozenset({"near", "in", "at", "outside"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _label_of_kind(kind: str) -> str:
    if kind == "demonym":
        return "NORP"
    if kind in ("country", "capital"):
        return "GPE"
    return "ORG"


def _trim(actors: DocumentActors, start: int, end: int) -> tuple[int, int]:
    doc = actors.doc
    while start < end and doc[start].lower_ in _LEADING_DROP and start + 1 < end:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _relabel(actors: DocumentActors, start: int, end: int, label: str) -> str:
    idx = actors._index
    named = idx.named_in(start, end)
    whole = len(named) == 1 and named[0].start == start and named[0].end == end
    if whole and (label != "PERSON" or named[0].anchor.kind in COUNTRYISH):
        return _label_of_kind(named[0].anchor.kind)
    if label in ("NORP", "PERSON") and not named:
        prev = actors.doc[start - 1].lower_ if start > 0 else ""
        text = actors.doc[start:end].text
        if (label == "NORP" or prev in PLACE_PREPS) and city_country(text):
            return "GPE"
    return label


def _extend_to_named(actors: DocumentActors, start: int, end: int) -> tuple[int, int]:
    idx = actors._index
    for k in (start, end - 1):
        m = idx.named_at.get(k)
        if m is not None and (m.start < start or m.end > end):
            start, end = min(start, m.start), max(end, m.end)
    return start, end


def _title_start(actors: DocumentActors, start: int) -> int:
    """Where a person's span begins once the title before the name is taken in."""
    idx = actors._index
    doc = actors.doc
    i = start - 1
    titled = False
    first = start
    while i >= 0 and idx.sent_of[i] == idx.sent_of[start]:
        tok = doc[i]
        role = idx.role_at.get(i)
        if tok.lower_ in HONORIFICS or (role is not None and role.role.office):
            titled = True
            first = role.start if role is not None else i
            i = first - 1
        elif titled and i in idx.named_at:
            first = idx.named_at[i].start
            i = first - 1
        elif titled and role is not None:
            first = role.start
            i = first - 1
        else:
            break
    return first if titled else start


def _spans(actors: DocumentActors) -> list[tuple[int, int, str]]:
    idx = actors._index
    spans: list[tuple[int, int, str]] = []
    for e_i, ent in enumerate(actors.doc.ents):
        if ent.label_ not in ENTITY_LABELS:
            continue
        label = "PERSON" if e_i in idx.person_ents else ent.label_
        start, end = _trim(actors, ent.start, ent.end)
        if start >= end:
            continue
        label = _relabel(actors, start, end, label)
        if label == "PERSON":
            start = _title_start(actors, start)
        else:
            start, end = _extend_to_named(actors, start, end)
        if label in PLACE_LABELS and actors.doc[start].lower_ == "the" and end - start > 1:
            start += 1  # OntoNotes: the article is not part of a place's name
        spans.append((start, end, label))
    taken = {k for s, e, _ in spans for k in range(s, e)}
    for m in idx.named:
        if m.anchor.kind == "bloc" or any(k in taken for k in range(m.start, m.end)):
            continue
        if m.start in idx.person_at:
            continue
        spans.append((m.start, m.end, _label_of_kind(m.anchor.kind)))
    return spans


def document_entities(actors: DocumentActors) -> list[EntityMention]:
    """Every entity of the document, non-overlapping, in text order, resolved."""
    kept: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for start, end, label in sorted(_spans(actors), key=lambda s: (s[0], s[0] - s[1])):
        if any(k in used for k in range(start, end)):
            continue
        kept.append((start, end, label))
        used.update(range(start, end))
    return [actors.entity_mention(s, e, label) for s, e, label in kept]

"""Tie an event to the place it happened: its sentence first, then its paragraph, then the story.

In the sentence, the event engineer's ``em.place`` wins when it resolved; otherwise each
resolved place is scored by how it hangs on the trigger (in the trigger's subtree, or the
object of a locative preposition attached to it), how fine it is (a district beats its
province), and how close it is to the trigger. Demonyms ("Russian troops") say whose, not
where, and are used only when nothing else is known.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from tidings.extract.types import EventMention, Mention
from tidings.knowledge.countries import place_demonyms
from tidings.knowledge.keys import place_key
from tidings.knowledge.lexicon import get_lexicon
from tidings.knowledge.people import people_base
from tidings.nlp.text import doc_ents, doc_text
from tidings.records import EventLocation, Place
from tidings.resolve.places.resolver import resolve_places

_LOCATIVE = {"in", "at", "near", "outside", "across", "inside", "around", "throughout", "on"}
_DIRECTIONAL = {"to", "into", "towards", "toward"}
_CLAUSE_MIN_POPULATION = 50_000
_RESOLUTION = {
    "PCLI": 1,
    "CONT": 1,
    "ADM1": 2,
    "RGN": 2,
    "ADM2": 3,
    "PPLC": 4,
    "PPL": 4,
}


def resolution(place: Place) -> int | None:
    """1 country, 2 admin-1 or region, 3 admin-2 or district, 4 town, 5 below a town."""
    if place.lat is None or place.feature_code is None:
        return None
    return _RESOLUTION.get(place.feature_code, 5)


def _is_demonym(place: Place) -> bool:
    return place_key(place.text) in place_demonyms()


def _resolved(places: list[Place]) -> list[Place]:
    return [p for p in places if p.lat is not None]


def _modifier(text: str, p: Place) -> bool:
    """A demonym or a hyphenated modifier ("Moscow-led", "US-backed") says whose, not where."""
    return _is_demonym(p) or text[p.end : p.end + 1] == "-"


def locate_event(doc: Doc, em: EventMention, places: list[Place]) -> EventLocation | None:
    """The event's location and the basis it was found on, or ``None`` if the text has none."""
    found = event_place(doc, em, places)
    return None if found is None else location(*found)


def event_place(doc: Doc, em: EventMention, places: list[Place]) -> tuple[Place, str] | None:
    """The place mention an event is located by (with its offsets) and the basis: the
    sentence, else its paragraph, else the story; ``None`` if the text names none.

    Never the actors' nationality: a demonym ("Russian forces") is not a place of the event,
    at any level; with no other place the event has no location."""
    resolved = _resolved(places)
    # 1. the sentence
    if em.place is not None:
        pm = em.place
        tied = [p for p in resolved if p.start < pm.end and pm.start < p.end]
        if tied:
            return max(tied, key=lambda p: resolution(p) or 0), "sentence"
    s0, s1 = em.sentence.start, em.sentence.end
    text = doc_text(doc)
    in_sentence = [p for p in resolved if s0 <= p.start < s1 and not _modifier(text, p)]
    if in_sentence:
        return _best_in_sentence(doc, em, in_sentence), "sentence"
    recovered = _clause_places(doc, em)
    if recovered:
        return _best_in_sentence(doc, em, recovered), "sentence"
    # 2. the paragraph
    p0, p1 = _paragraph(doc_text(doc), s0)
    in_para = [p for p in resolved if p0 <= p.start < p1 and not _modifier(text, p)]
    if in_para:
        return _most_supported(in_para), "paragraph"
    # 3. the story
    named = [p for p in resolved if not _modifier(text, p)]
    return (_most_supported(named), "story") if named else None


def _clause_places(doc: Doc, em: EventMention) -> list[Place]:
    """Well-known places the event's own clause names that the NER gave another label
    ("shelled Kharkiv" tagged PERSON, "in Kramatorsk" PRODUCT): a proper name that is the
    trigger's object or the object of a locative or directional preposition on it, that the
    gazetteer knows as a country, an admin-1 region or a place of at least
    ``_CLAUSE_MIN_POPULATION`` people, and that is not a known person."""
    trigger = _token_at(doc, em.trigger.start)
    if trigger is None or not doc.has_annotation("DEP"):
        return []
    # a noun trigger ("missiles hit ... in Kramatorsk", "entered Goma after fighting") hangs
    # on its clause's verb
    # (spaCy makes a new Token object on every access: compare positions, never identity)
    while trigger.pos_ not in ("VERB", "AUX") and trigger.head.i != trigger.i:
        trigger = trigger.head
    lex = get_lexicon()
    found: list[Mention] = []
    for tok in trigger.subtree:
        if tok.pos_ != "PROPN" or tok.dep_ not in ("dobj", "obj", "pobj"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ not in _LOCATIVE | _DIRECTIONAL:
            continue
        left = min(t.i for t in tok.subtree if t.pos_ == "PROPN" and t.i <= tok.i)
        span = doc[left : tok.i + 1]
        known = lex.best_population(span.text)
        if known is None or not (known[0] or known[1] >= _CLAUSE_MIN_POPULATION):
            continue
        if people_base().lookup(span.text, None) is not None:
            continue
        found.append(Mention(span.text, span.start_char, span.end_char))
    return _resolved(resolve_places(doc, found)) if found else []


def location(p: Place, basis: str) -> EventLocation:
    """The event location record of place mention ``p`` found on ``basis``."""
    return EventLocation(
        extracted_place=p.text,
        resolved_place=p.name,
        geonameid=p.geonameid,
        lat=p.lat,
        lon=p.lon,
        country_code=p.country_code,
        admin1=p.admin1,
        resolution=resolution(p),
        basis=basis,
    )


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _attached(doc: Doc, trigger: Token | None, place: Place) -> float:
    """How directly the place hangs on the trigger in the parse."""
    tok = _token_at(doc, place.start)
    if tok is None or trigger is None or not doc.has_annotation("DEP"):
        return 0.0
    # spaCy makes a new Token object on every access: compare positions, never identity
    head = tok
    while head.head.i != head.i and head.dep_ in ("compound", "amod", "appos", "conj", "flat"):
        head = head.head
    score = 0.0
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in _LOCATIVE:
        score += 1.0
        if trigger.i in (prep.head.i, prep.head.head.i):
            score += 1.0
    elif head.head.i == trigger.i:
        score += 0.5
    if any(a.i == trigger.i for a in head.ancestors):
        score += 0.5
    return score


def _best_in_sentence(doc: Doc, em: EventMention, places: list[Place]) -> Place:
    trigger = _token_at(doc, em.trigger.start)
    regions = {(p.country_code, p.admin1) for p in places if (resolution(p) or 0) >= 3}
    orgs = [(e.start_char, e.end_char) for e in doc_ents(doc) if e.label_ == "ORG"]

    def score(p: Place) -> float:
        res = resolution(p) or 0
        s = _attached(doc, trigger, p) + 0.5 * res
        # a finer place inside a coarser one named beside it ("Nad Ali district, Helmand")
        if res <= 2 and (p.country_code, p.admin1) in regions:
            s -= 1.0
        s -= abs(p.start - em.trigger.start) / 400.0
        if any(a <= p.start and p.end <= b for a, b in orgs):
            s -= 2.0  # "the U.S. Department of Education" names who, not where
        return s

    return max(places, key=score)


def _most_supported(places: list[Place]) -> Place:
    """The place named most often (by resolved name), in its most usual form ("Kazakhstan"
    over "western Kazakhstan"), the finer and earlier on ties."""
    counts: Counter[tuple[str | None, str | None]] = Counter(
        (p.name, p.country_code) for p in places
    )
    forms: Counter[tuple[str | None, str | None, str | None]] = Counter(
        (p.name, p.country_code, p.feature_code) for p in places
    )
    return max(
        places,
        key=lambda p: (
            counts[(p.name, p.country_code)],
            forms[(p.name, p.country_code, p.feature_code)],
            resolution(p) or 0,
            -p.start,
        ),
    )

"""Generic actor phrases: common nouns that name no one ("civilians", "Prosecutors", "the man").

A phrase is generic when none of its words is a name: no proper noun (a capital that only
opens the sentence, "Officers arrested ...", does not make one), no country, demonym or
knowledge-file organisation, no person. A plural or collective one ("Officers", "police"; one
"soldier" is a member, not the body) is coreferent with the body the text names for it, when
it names one: the phrase's own complement ("Officers from the Columbus Police Department") or
the nearest organisation of the same sector in the three sentences before ("... Columbus
Police Department ... Officers also arrested ..."); it then takes that body's name and
country. Otherwise it keeps its sector (and country) with no name, the way PLOVER and GDELT
code "civilians" as CVL with no identifier: :func:`actor_name` leaves it out of counts of
actors by name, and displays show it by its sector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tidings.records import Entity
from tidings.resolve.actors._knowledge import COUNTRYISH
from tidings.resolve.actors._match import DocIndex

# the explanation of a generic phrase that no named body stands behind says this
GENERIC = "generic phrase, a sector with no name"
UNKNOWN = "---"
# prepositions that tie members to their body ("officers from/of/with the X Department")
_MEMBER_OF = frozenset({"from", "of", "with", "at"})
# sectors whose members belong to a body a story names (police, army, courts, services,
# parliaments, armed groups, media); never civilians, whom no organisation stands behind
_BODY_SECTORS = frozenset({"COP", "MIL", "JUD", "SPY", "LEG", "REB", "PRE"})
# how many sentences back a generic phrase may find its body
_REACH = 3
# singular nouns that name a whole body ("police", "the army"); other singulars ("a soldier",
# "the officer") are one member, who is no body's name
_COLLECTIVE = frozenset({"police", "military", "army", "navy", "militia", "unit", "force"})


@dataclass(frozen=True, slots=True)
class Body:
    """A named organisation of the document: tokens ``start:end``, resolved."""

    start: int
    end: int
    sent: int
    name: str | None  # its proper name; None for a country's group ("Iraqi forces")
    entity: Entity


def _opens_sentence(doc: Doc, idx: DocIndex, tok: Token) -> bool:
    """The token is the first word of its sentence (after any opening quote or bracket)."""
    start = idx.sent_spans[idx.sent_of[tok.i]][0]
    return all(t.is_punct for t in doc[start : tok.i])


def _midcaps(doc: Doc, idx: DocIndex) -> frozenset[str]:
    """Lower-cased words the document capitalises where no sentence begins."""
    if idx.midcaps is None:
        found: set[str] = set()
        for lo, hi in idx.sent_spans:
            opening = True  # still among the sentence's first word and the marks before it
            for t in doc[lo:hi]:
                if not opening and t.is_title and t.is_alpha:
                    found.add(t.lower_)
                opening = opening and t.is_punct
        idx.midcaps = frozenset(found)
    return idx.midcaps


def _proper(doc: Doc, idx: DocIndex, tok: Token) -> bool:
    """The word is (part of) a name: a proper noun, or a capitalised or upper-case word that
    is not merely the sentence's first word; a first word is a name when the tagger says so
    (and it is no role word) or the text capitalises it inside sentences too ("Coalition")."""
    if idx.lowercase or not tok.is_alpha:
        return tok.pos_ == "PROPN"
    if tok.is_lower:
        return False
    if _opens_sentence(doc, idx, tok) and tok.is_title:
        tagged = tok.pos_ == "PROPN" and tok.i not in idx.role_at
        return tagged or tok.lower_ in _midcaps(doc, idx)
    return True


def is_generic(doc: Doc, idx: DocIndex, start: int, end: int) -> bool:
    """Tokens ``start:end`` are a common-noun phrase naming no one (see the module doc).

    The caller has already ruled out pronouns and people; this checks the words and the
    knowledge files' names only.
    """
    words = [t for t in doc[start:end] if not t.is_punct]
    if not words or idx.named_in(start, end):
        return False
    if any(t.pos_ == "PRON" or t.i in idx.person_at for t in words):
        return False
    return not any(_proper(doc, idx, t) for t in words)


def body_name(doc: Doc, idx: DocIndex, start: int, end: int, entity: Entity) -> str | None:
    """The proper name of an organisation mention: its knowledge-file identifier, else its
    words less a leading article when they hold a name beyond country words."""
    if entity.identifier_text:
        return entity.identifier_text
    countryish = {
        k
        for m in idx.named_in(start, end)
        if m.anchor.kind in COUNTRYISH
        for k in range(m.start, m.end)
    }
    if any(_proper(doc, idx, t) for t in doc[start:end] if t.i not in countryish):
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        return doc[start:end].text
    return None


def _complement(doc: Doc, start: int, end: int, bodies: Sequence[Body]) -> Body | None:
    """The body the phrase's own "from"/"of" complement names (the first in it)."""
    head = doc[start:end].root
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in _MEMBER_OF:
            continue
        for obj in prep.children:  # the body may be inside the object ("the X Department Unit")
            lo, hi = obj.left_edge.i, obj.right_edge.i + 1
            for b in bodies:
                if lo <= b.start and b.end <= hi:
                    return b
    return None


def antecedent(
    doc: Doc, idx: DocIndex, start: int, end: int, sector: str | None, bodies: Sequence[Body]
) -> Body | None:
    """The named body a generic phrase of ``sector`` stands for, if the text gives one."""
    head = doc[start:end].root
    if sector not in _BODY_SECTORS:
        return None
    if head.tag_ not in ("NNS", "NNPS") and head.lower_ not in _COLLECTIVE:
        return None
    own = _complement(doc, start, end, bodies)
    if own is not None and own.entity.sector == sector:
        return own
    sent = idx.sent_of[start]
    before = [
        b
        for b in bodies
        if b.end <= start and b.entity.sector == sector and sent - b.sent <= _REACH
    ]
    return before[-1] if before else None


def coreferent(text: str, entity: Entity, body: Body) -> Entity:
    """``entity`` (a generic phrase) as the body it stands for."""
    said = body.name or body.entity.entity_text
    code = body.entity.code if body.entity.code != UNKNOWN else entity.code
    return entity.model_copy(
        update={
            "entity_text": text,
            "code": code,
            "identifier_text": body.name,
            "members": body.entity.members,
            "explanation": (
                f"generic {text!r} -> {said!r} (the {entity.sector} body the text names); "
                f"{body.entity.explanation}"
            ),
        }
    )


def sector_only(entity: Entity) -> Entity:
    """``entity`` (a generic phrase with no body behind it) marked as a sector with no name."""
    return entity.model_copy(
        update={"identifier_text": None, "explanation": f"{GENERIC}; {entity.explanation}"}
    )


def actor_name(entity: Entity) -> str | None:
    """The name an actor is counted and listed under; None for a sector with no name
    ("civilians", a "he" that resolved to no one has no entity at all)."""
    if entity.identifier_text:
        return entity.identifier_text
    if GENERIC in (entity.explanation or ""):
        return None
    return entity.entity_text


Resolve = Callable[[int, int, str], Entity]


def named_bodies(
    doc: Doc, idx: DocIndex, spans: Sequence[tuple[int, int]], resolve: Resolve
) -> list[Body]:
    """The organisations among ``spans`` (token ranges in text order), resolved, with a sector."""
    out: list[Body] = []
    for start, end in spans:
        if is_generic(doc, idx, start, end):
            continue
        entity = resolve(start, end, doc[start:end].text)
        if entity.sector is None:
            continue
        name = body_name(doc, idx, start, end, entity)
        out.append(Body(start, end, idx.sent_of[start], name, entity))
    return out

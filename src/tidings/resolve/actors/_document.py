"""Actors of one document: mentions resolved to PLOVER entities, with coreference.

The order of evidence, strongest first: what the document says about a named person, what
the phrase itself says (country words, role words, names of organisations), the user's
pinned profiles, learned profiles, and last the document's own country.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Span

from tidings.extract.types import Mention
from tidings.knowledge.gazetteer import city_country, region_country
from tidings.knowledge.keys import person_key
from tidings.knowledge.people import PersonMatch, people_base
from tidings.knowledge.words import PLACE_LABELS, place_prepositions
from tidings.nlp.text import doc_ents
from tidings.records import ActorProfile, Entity, EntityMention
from tidings.resolve.actors._entities import document_entities
from tidings.resolve.actors._generic import (
    Body,
    actor_name,
    antecedent,
    coreferent,
    is_generic,
    named_bodies,
    sector_only,
)
from tidings.resolve.actors._knowledge import COUNTRYISH, knowledge, objects
from tidings.resolve.actors._match import (
    DocIndex,
    Parts,
    RoleMatch,
    head_role,
    index_document,
    siding,
)
from tidings.resolve.actors._people import (
    PRONOUNS,
    UNKNOWN,
    People,
    correct_person_entities,
)

log = logging.getLogger(__name__)

_STATE_SECTORS = frozenset({"GOV", "COP", "MIL", "JUD", "LEG", "SPY"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_GROUP_KINDS = frozenset({"group", "force", "igo", "seat", "media"})
_COLLECTIVES = frozenset(
    {"company", "unit", "units", "contingent", "detachment", "battalion", "platoon", "group"}
)
_SPLITTERS = frozenset({",", "and", "or", "&", "as", "well"})
# evidence for the document's country: a country's name counts more than its capital (which
# may be a village's name elsewhere: "the Rabat area" of an Afghan district)
_WEIGHTS = {
    "country": 1.0,
    "demonym": 1.0,
    "capital": 0.75,
    "seat": 1.0,
    "force": 1.0,
    "group": 0.5,
}


class DocumentActors:
    """Resolves actor and speaker phrases of one parsed document; see :meth:`resolve`."""

    def __init__(
        self,
        doc: Doc,
        doc_id: str,
        lookup: Callable[[str], ActorProfile | None] | None = None,
        published: date | None = None,
    ) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self.published = published
        self._lookup = lookup or (lambda _name: None)
        self._idx: DocIndex = index_document(doc, knowledge())
        correct_person_entities(doc, self._idx)
        self.people = People(
            doc, self._idx, self._lookup, self._describe_title, known=self._known_person
        )
        self._group_chunks: list[tuple[int, int, int, bool]] | None = None
        self._named_bodies: list[Body] | None = None
        self.country, self.country_why = self._dominant_country()

    def _known_person(self, name: str) -> PersonMatch | None:
        """The knowledge base's role for ``name`` on the publication date."""
        return people_base().lookup(name, self.published)

    @property
    def index(self) -> DocIndex:
        """The knowledge-file phrases found in the document (read-only use)."""
        return self._idx

    # ---------------------------------------------------------------- document context
    def _dominant_country(self) -> tuple[str, str]:
        votes: dict[str, float] = {}
        first: dict[str, int] = {}
        for m in self._idx.named:
            w = _WEIGHTS.get(m.anchor.kind, 0.0)
            if (
                w
                and m.anchor.code not in (UNKNOWN, "IGO")
                and m.start not in self._idx.person_at
                and not siding(self.doc, m)
            ):
                votes[m.anchor.code] = votes.get(m.anchor.code, 0.0) + w
                first.setdefault(m.anchor.code, m.start)
        for ent in doc_ents(self.doc):
            if self._idx.named_in(ent.start, ent.end):
                continue
            # NER often calls a one-word province a person or an organisation ("..., Balkh")
            if ent.label_ in PLACE_LABELS:
                code = city_country(ent.text)
            elif ent.label_ in ("PERSON", "ORG", "NORP") and len(ent) == 1:
                code = region_country(ent.text)
            else:
                continue
            if code:
                votes[code] = votes.get(code, 0.0) + 0.5
                first.setdefault(code, ent.start)
        if not votes:
            return UNKNOWN, "no country in the document"
        code = max(votes, key=lambda c: (votes[c], -first[c]))
        return code, f"the document's main country ({votes[code]:g} mentions)"

    def _place_country(self, sent: int, exclude: tuple[int, int]) -> str | None:
        """The one country a sentence names as a place ("in Kazakhstan"), if exactly one."""
        s_start, s_end = self._idx.sent_spans[sent]
        codes: set[str] = set()
        for m in self._idx.named_in(s_start, s_end):
            if exclude[0] <= m.start < exclude[1] or m.anchor.kind != "country":
                continue
            prev = self.doc[m.start - 1].lower_ if m.start > 0 else ""
            if (
                prev in place_prepositions()
                or self.doc[m.start].head.lower_ in place_prepositions()
            ):
                codes.add(m.anchor.code)
        return codes.pop() if len(codes) == 1 else None

    def _context_country(self, start: int, end: int) -> tuple[str, str]:
        sent = self._idx.sent_of[start] if start < len(self._idx.sent_of) else 0
        local = self._place_country(sent, (start, end))
        if local:
            return local, "country of the place named in the sentence"
        return self.country, self.country_why

    # ---------------------------------------------------------------- composition
    def _describe_title(self, parts: Parts, ent: Span) -> Entity:
        return self._entity_from_parts(parts, ent.text, ent.start, ent.end, allow_context=False)

    def _parts(self, start: int, end: int) -> Parts:
        named = [
            m
            for m in self._idx.named_in(start, end)
            if m.start not in self._idx.person_at and not siding(self.doc, m)
        ]
        roles = self._idx.roles_in(start, end)
        span = self.doc[start:end]
        head = span.root.i if len(span) else None
        return Parts(named, roles, head)

    def _collective_of(self, head: RoleMatch, end: int) -> bool:
        """ "two companies of state reserve police": a unit word followed by "of" and what it
        is a unit of takes that thing's sector."""
        return (
            head.role.phrase in _COLLECTIVES
            and head.end < end
            and self.doc[head.end].lower_ == "of"
        )

    def _entity_from_parts(
        self, parts: Parts, text: str, start: int, end: int, *, allow_context: bool = True
    ) -> Entity:
        countryish = [m for m in parts.named if m.anchor.kind in COUNTRYISH]
        orgs = [m for m in parts.named if m.anchor.kind not in COUNTRYISH]
        org = orgs[-1].anchor if orgs else None
        head = head_role(parts)
        why: list[str] = []
        sector: str | None = None
        office: str | None = None
        if head is not None:
            sector, office = head.role.sector, head.role.office
            why.append(f"role {head.role.phrase!r} -> {sector}")
            if head.role.generic or self._collective_of(head, end):
                modifier = next(
                    (r for r in parts.roles if r is not head and not r.role.generic), None
                )
                if org is not None and org.sector:
                    sector = org.sector
                    why.append(f"of {org.identifier or org.surface} -> {sector}")
                elif modifier is not None:
                    sector = modifier.role.sector
                    why.append(f"of {modifier.role.phrase!r} -> {sector}")
        elif org is not None and org.sector:
            sector = org.sector
        code = UNKNOWN
        identifier: str | None = None
        members: list[str] | None = None
        if countryish:
            code = countryish[0].anchor.code
            first = countryish[0]
            said = self.doc[first.start : first.end].text
            why.append(f"{first.anchor.kind} {said!r} -> {code}")
            if org is not None and org.kind != "igo":
                identifier = org.identifier
        elif org is not None:
            identifier = org.identifier
            if org.kind == "igo":
                code = "IGO"
                members = list(org.members) if org.members is not None else None
            else:
                code = org.code
            why.append(f"{org.kind} {org.identifier!r} ({org.source}) -> {code}/{org.sector}")
        if head is None and org is None and countryish:
            kind = countryish[0].anchor.kind
            if kind in ("country", "capital"):
                sector = "GOV"
                why.append("a state named as actor -> GOV")
            elif self.doc[countryish[0].end - 1].text.endswith("s") or (
                self.doc[countryish[0].end - 1].tag_ in ("NNS", "NNPS")
            ):
                sector = "CVL"
                why.append("nationals -> CVL")
        if sector == "UAF" and not countryish:
            code = UNKNOWN
            why.append("unidentified: country not guessed")
        elif org is not None and org.kind == "bloc":
            why.append("a bloc of states: no single country")
        elif (
            code == UNKNOWN
            and allow_context
            and (sector is not None or (org is not None and org.kind == "group"))
        ):
            ctx, ctx_why = self._context_country(start, end)
            code = ctx
            why.append(f"country from context: {ctx} ({ctx_why})")
        if not why:
            why.append("no rule matched")
        return Entity(
            entity_text=text,
            code=code,
            sector=sector,
            office=office,
            identifier_text=identifier,
            members=members,
            explanation="; ".join(why),
        )

    def _resolve_tokens(self, start: int, end: int, text: str) -> Entity:
        span = self.doc[start:end]
        words = [t for t in span if not t.is_punct]
        if len(words) == 1 and words[0].lower_ in PRONOUNS:
            return self.people.pronoun(words[0].i, text)
        if len(words) == 1 and words[0].lower_ in PLURAL_PRONOUNS:
            return self._plural_pronoun(words[0].i, text)
        person = self.people.person_for(start, end)
        parts = self._parts(start, end)
        if person is not None:
            head = head_role(parts)
            if (
                head is not None
                and parts.head is not None
                and parts.head not in self._idx.person_at
            ):
                # "Joe Biden's administration": the person's state, the head word's sector
                return Entity(
                    entity_text=text,
                    code=person.code,
                    sector=head.role.sector,
                    identifier_text=person.name,
                    explanation=(
                        f"role {head.role.phrase!r} -> {head.role.sector} of {person.name}; "
                        f"{person.why}"
                    ),
                )
            entity = person.entity(text, "named person")
            if entity.code == UNKNOWN and entity.sector in _STATE_SECTORS:
                # "President Gustavo Petro" in a story about Colombia: the story's president
                ctx, ctx_why = self._context_country(start, end)
                entity.code = ctx
                entity.explanation = (
                    f"{entity.explanation}; country from context: {ctx} ({ctx_why})"
                )
            return entity
        country = next((m.anchor.code for m in parts.named if m.anchor.kind in COUNTRYISH), None)
        if not any(m.anchor.kind not in COUNTRYISH for m in parts.named):
            coref = self.people.by_title(parts, text, start, country)
            if coref is not None:
                return coref
        if country is None:
            profile = self._exact_profile(start, end)
            # names the knowledge files already know (NATO, the Taliban) keep their entries
            known = (
                None
                if (profile and profile.pinned) or parts.named
                else self._known_phrase(start, end, text)
            )
            if known is not None:
                return known
            if profile is not None:
                kind = "pinned" if profile.pinned else "learned"
                return Entity(
                    entity_text=text,
                    code=profile.code,
                    sector=profile.sector,
                    office=profile.office,
                    identifier_text=profile.identifier_text or profile.name,
                    explanation=f"{kind} actor profile {profile.name!r}",
                )
        entity = self._entity_from_parts(parts, text, start, end)
        if not is_generic(self.doc, self._idx, start, end):
            return entity
        body = antecedent(self.doc, self._idx, start, end, entity.sector, self._bodies())
        return coreferent(text, entity, body) if body is not None else sector_only(entity)

    def _bodies(self) -> list[Body]:
        """The document's named organisations (built once): what generic phrases corefer to."""
        if self._named_bodies is None:
            self._named_bodies = []  # while building, a body's own resolution finds none
            ents = [(e.start, e.end) for e in doc_ents(self.doc) if e.label_ == "ORG"]
            taken = {k for s, e in ents for k in range(s, e)}
            groups = [
                (m.start, m.end)
                for m in self._idx.named
                if m.anchor.kind in _GROUP_KINDS and not taken.intersection(range(m.start, m.end))
            ]
            self._named_bodies = named_bodies(
                self.doc, self._idx, sorted(ents + groups), self._resolve_tokens
            )
        return self._named_bodies

    def _known_phrase(self, start: int, end: int, text: str) -> Entity | None:
        """A proper name the tagger did not call a person ("Arakan Army", "Tebboune") that
        the knowledge base of people and bodies knows on the publication date."""
        while start < end and self.doc[start].lower_ in ("the", "a", "an"):
            start += 1
        span = self.doc[start:end]
        # the tagger may read a foreign first name as an adjective ("Sadyr Japarov"): a run of
        # capitalised words counts as a name too
        if not len(span) or not all(
            t.pos_ == "PROPN" or t.is_punct or (t.is_alpha and t.text[:1].isupper()) for t in span
        ):
            return None
        if len(span) == 1 and span[0].pos_ != "PROPN":
            return None
        match = self._known_person(span.text)
        if match is None:
            return None
        return Entity(
            entity_text=text,
            code=match.role.code,
            sector=match.role.sector,
            identifier_text=match.name,
            explanation=match.explanation,
        )

    def _exact_profile(self, start: int, end: int) -> ActorProfile | None:
        """A profile whose name or variant is this phrase (less a leading article); a phrase of
        proper nouns only may also match by surname."""
        while start < end and self.doc[start].lower_ in ("the", "a", "an"):
            start += 1
        text = self.doc[start:end].text
        key = person_key(text)
        profile = self._lookup(text) if key else None
        if profile is None:
            return None
        if all(t.pos_ == "PROPN" for t in self.doc[start:end]):
            return profile  # a bare name ("Ruto") the tagger missed: surname keys apply
        names = [profile.name, *profile.variants]
        return profile if any(person_key(n) == key for n in names) else None

    def _groups(self) -> list[tuple[int, int, int, bool]]:
        """Noun phrases that name a group (start, end, sentence, is subject), built once."""
        if self._group_chunks is None:
            found: list[tuple[int, int, int, bool]] = []
            if self.doc.has_annotation("DEP"):
                for chunk in self.doc.noun_chunks:
                    root = chunk.root
                    role = self._idx.role_at.get(root.i)
                    named = self._idx.named_at.get(root.i)
                    plural = root.tag_ in ("NNS", "NNPS")
                    is_group = (role is not None and plural) or (
                        named is not None and named.anchor.kind in _GROUP_KINDS
                    )
                    if is_group and root.lower_ not in PLURAL_PRONOUNS:
                        subject = root.dep_ in ("nsubj", "nsubjpass")
                        begin = min(chunk.start, (role or named or chunk).start)
                        found.append((begin, chunk.end, self._idx.sent_of[root.i], subject))
            self._group_chunks = found
        return self._group_chunks

    def _plural_pronoun(self, tok_i: int, text: str) -> Entity:
        """They/them/their: the nearest group named before, preferring a subject (an object
        when the pronoun is the subject of a passive verb), looking back through this and the
        two sentences before; never the subject of the pronoun's own verb ("Afghan forces
        repulsed their attack")."""
        tok = self.doc[tok_i]
        sent = self._idx.sent_of[tok_i]
        own_verb = tok.head.head if tok.dep_ == "poss" else tok.head
        passive = tok.dep_ == "nsubjpass"
        for s in range(sent, max(-1, sent - 3), -1):
            here = [
                g
                for g in self._groups()
                if g[2] == s
                and g[1] <= tok_i
                and not (self.doc[g[0] : g[1]].root.head == own_verb and g[3])
            ]
            if not here:
                continue
            subjects = [g for g in here if g[3]]
            objects = [g for g in here if not g[3]]
            # a passive pronoun is a patient, like the object before it ("Police detained
            # protesters. They were released": the protesters)
            preferred = objects if passive and objects else subjects
            start, end, _, _ = (preferred or here)[-1]
            found = self._resolve_tokens(start, end, text)
            said = self.doc[start:end].text
            found.explanation = f"pronoun {text!r} -> {said!r}; {found.explanation}"
            # counted and shown under what it stands for, not as "they" (a generic group
            # stays a sector with no name)
            if actor_name(found) is not None:
                found.identifier_text = found.identifier_text or said
            return found
        return Entity(entity_text=text, explanation=f"pronoun {text!r}: no group before it")

    def _tokens(self, m: Mention) -> tuple[int, int] | None:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return span.start, span.end

    # ---------------------------------------------------------------- public
    def resolve(self, m: Mention) -> Entity:
        """The actor a phrase names: one entity (for a list, the first; see resolve_all)."""
        toks = self._tokens(m)
        if toks is None:
            return Entity(entity_text=m.text, explanation="span is not in the document")
        parts = self._split(toks[0], toks[1])
        if len(parts) <= 1:
            return self._resolve_tokens(toks[0], toks[1], m.text)
        found = self._resolve_parts(parts, m.text)
        first = found[0]
        others = [f"{e.code}/{e.sector}" for e in found[1:]]
        if others:
            first.explanation = (
                f"{first.explanation}; the list also names {', '.join(others)} (resolve_all)"
            )
        return first

    def resolve_all(self, m: Mention) -> list[Entity]:
        """One entity per coordinated actor ("Russian, Belarusian and Tajik troops" -> 3).

        A pronoun that resolves to no one ("we", "you", "I", a "he" with no person before
        it), common nouns it owns ("our allies") and a bare weapon ("dozens of weapons") are
        left out: they name no actor a reader could count or look up."""
        toks = self._tokens(m)
        if toks is None:
            return [self.resolve(m)]
        parts = self._split(toks[0], toks[1])
        if len(parts) <= 1:
            entity = self._resolve_tokens(toks[0], toks[1], m.text)
            return [] if self._unresolved_pronoun(toks[0], toks[1], entity) else [entity]
        return self._resolve_parts(parts, m.text)

    def _unresolved_pronoun(self, start: int, end: int, entity: Entity) -> bool:
        """A pronoun, common nouns owned by one ("our allies", "their supporters") or a
        weapon ("dozens of weapons", ``objects.tsv``) that the text ties to no one: no
        country, sector or name."""
        words = [t for t in self.doc[start:end] if not t.is_punct]
        tied = entity.code != UNKNOWN or entity.identifier_text or entity.sector
        if not words or tied:
            return False
        head = self.doc[start:end].root
        of = [c for p in head.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        if (of[0] if of else head).lemma_.lower() in objects():  # "dozens of weapons"
            return True
        if len(words) == 1:
            return words[0].pos_ == "PRON"
        return words[0].tag_ == "PRP$" and all(t.pos_ in ("NOUN", "ADJ") for t in words[1:])

    def _split(self, start: int, end: int) -> list[tuple[int, int]]:
        """Top-level conjuncts of a phrase, split at commas and "and"/"or"."""
        parts: list[tuple[int, int]] = []
        cur = start
        for i in range(start, end):
            tok = self.doc[i]
            inside_name = i in self._idx.named_at and self._idx.named_at[i].start < i
            if tok.lower_ in _SPLITTERS and not inside_name and i not in self._idx.person_at:
                if cur < i:
                    parts.append((cur, i))
                cur = i + 1
        if cur < end:
            parts.append((cur, end))
        meaningful = [
            p
            for p in parts
            if self._idx.named_in(*p)
            or self._idx.roles_in(*p)
            or self.people.person_for(*p) is not None
        ]
        return meaningful if len(meaningful) > 1 else [(start, end)]

    def _resolve_parts(self, parts: list[tuple[int, int]], text: str) -> list[Entity]:
        last_parts = self._parts(*parts[-1])
        shared = head_role(last_parts)
        out: list[Entity] = []
        for s, e in parts:
            entity = self._resolve_tokens(s, e, self.doc[s:e].text)
            if (
                shared is not None
                and not self._idx.roles_in(s, e)
                and self.people.person_for(s, e) is None
            ):
                entity.sector = (
                    entity.sector
                    if entity.sector not in (None, "GOV", "CVL")
                    else shared.role.sector
                )
                if entity.sector == shared.role.sector:
                    entity.explanation = (
                        f"{entity.explanation}; role {shared.role.phrase!r} shared with the list"
                    )
            entity.entity_text = text
            if all((e2.code, e2.sector) != (entity.code, entity.sector) for e2 in out):
                out.append(entity)
        return out

    def entities(self) -> list[EntityMention]:
        """All named entities of the document (spaCy's and the knowledge files'), resolved."""
        return document_entities(self)

    def entity_mention(self, start: int, end: int, label: str) -> EntityMention:
        """Tokens ``start:end`` as an entity mention labelled ``label``, resolved."""
        span = self.doc[start:end]
        named = self._idx.named_in(start, end)
        if label in PLACE_LABELS:
            code = next((m.anchor.code for m in named if m.anchor.kind in COUNTRYISH), None)
            near = self._idx.named_in(max(0, start - 1), end)
            if code is None and not any(m.anchor.kind == "bloc" for m in near):
                code = city_country(span.text)  # never for "the West" (a bloc, not a region)
            # a name the tagger took for a place that the gazetteer does not know but the
            # knowledge base of people does ("Prabowo Subianto")
            known = None if code or len(span) < 2 else self._known_phrase(start, end, span.text)
            code = code or UNKNOWN
            entity = known or Entity(
                entity_text=span.text,
                code=code,
                explanation="place: country from the name" if code != UNKNOWN else "place",
            )
        elif label == "NORP":
            code = next((m.anchor.code for m in named if m.anchor.code != "IGO"), UNKNOWN)
            entity = Entity(entity_text=span.text, code=code, explanation="nationality word")
        else:
            parts = self._split(start, end)
            if len(parts) > 1:  # "Russian, Belarusian and Tajik troops": first, others named
                found = self._resolve_parts(parts, span.text)
                entity = found[0]
                others = ", ".join(f"{e.code}/{e.sector}" for e in found[1:])
                if others:
                    entity.explanation = f"{entity.explanation}; the list also names {others}"
            else:
                entity = self._resolve_tokens(start, end, span.text)
        return EntityMention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            label=label,
            **entity.model_dump(exclude={"entity_text"}),
            entity_text=span.text,
        )

    # ---------------------------------------------------------------- learning
    def learned_profiles(self) -> list[ActorProfile]:
        """People this document's own words tied to a country, as registry profiles."""
        return self.people.learned_profiles(self.doc_id)

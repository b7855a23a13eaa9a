"""Actors of one document: mentions resolved to PLOVER entities, with coreference.

The order of evidence, strongest first: what the phrase itself says (country words, role
words, names of organisations), what the document said earlier about the same person, the
user's pinned profiles, learned profiles, and last the document's own country.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from tidings.extract.types import Mention
from tidings.records import ActorProfile, Entity, EntityMention
from tidings.resolve.actors._knowledge import COUNTRYISH, city_country, knowledge, region_country
from tidings.resolve.actors._match import DocIndex, NamedMatch, RoleMatch, index_document
from tidings.resolve.actors._names import name_key

log = logging.getLogger(__name__)

UNKNOWN = "---"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
LEADER_OFFICES = frozenset(
    {
        "President",
        "Prime Minister",
        "Premier",
        "Chancellor",
        "King",
        "Queen",
        "Emir",
        "Sultan",
        "Leader",
        "Supreme Leader",
        "Head of State",
        "Monarch",
        "Crown Prince",
    }
)
_TITLE_FILLERS = frozenset(
    {
        "'s",
        "’s",
        "-",
        "former",
        "then",
        "acting",
        "interim",
        "outgoing",
        "new",
        "deputy",
        "of",
        "the",
        "incoming",
        "late",
    }
)
_STATE_SECTORS = frozenset({"GOV", "COP", "MIL", "JUD", "LEG", "SPY"})
_SIDING_BEFORE = frozenset({"pro-", "anti-", "pro -", "anti -"})
_SIDING_AFTER = frozenset(
    {"-backed", "-supported", "-allied", "-aligned", "-funded", "-sponsored", "-friendly"}
)
_SPLITTERS = frozenset({",", "and", "or", "&", "as", "well"})
_WEIGHTS = {"country": 1.0, "demonym": 1.0, "capital": 1.0, "seat": 1.0, "force": 1.0, "group": 0.5}
_PLACE_PREPS = frozenset(
    {"in", "across", "throughout", "inside", "at", "near", "from", "to", "of", "outside"}
)


@dataclass(slots=True)
class _Person:
    """One person as this document describes them (all mentions of the same name)."""

    key: tuple[str, ...]
    name: str
    variants: list[str] = field(default_factory=list)
    code: str = UNKNOWN
    sector: str | None = None
    office: str | None = None
    identifier: str | None = None
    members: list[str] | None = None
    evidence: str | None = None
    established: bool = False
    why: str = "name not described in the text"

    def entity(self, text: str, why: str) -> Entity:
        return Entity(
            entity_text=text,
            code=self.code,
            sector=self.sector,
            office=self.office,
            identifier_text=self.identifier or self.name,
            members=self.members,
            explanation=f"{why}; {self.why}",
        )


@dataclass(slots=True)
class _PersonMention:
    start_char: int
    sent: int
    subject: bool
    person: int


@dataclass(frozen=True, slots=True)
class _Parts:
    """What a token range says: the knowledge it names and the roles it holds."""

    named: list[NamedMatch]
    roles: list[RoleMatch]
    head: int | None


class DocumentActors:
    """Resolves actor and speaker phrases of one parsed document; see :meth:`resolve`."""

    def __init__(
        self,
        doc: Doc,
        doc_id: str,
        lookup: Callable[[str], ActorProfile | None] | None = None,
    ) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self._lookup = lookup or (lambda _name: None)
        self._index: DocIndex = index_document(doc, knowledge())
        self._persons: list[_Person] = []
        self._mentions: list[_PersonMention] = []
        self._ent_person: dict[int, int] = {}
        self._promote_persons()
        self._build_persons()
        self.country, self.country_why = self._dominant_country()

    # ---------------------------------------------------------------- document context
    def _dominant_country(self) -> tuple[str, str]:
        votes: dict[str, float] = {}
        first: dict[str, int] = {}
        for m in self._index.named:
            w = _WEIGHTS.get(m.anchor.kind, 0.0)
            if w and m.anchor.code not in (UNKNOWN, "IGO") and m.start not in self._index.person_at:
                votes[m.anchor.code] = votes.get(m.anchor.code, 0.0) + w
                first.setdefault(m.anchor.code, m.start)
        for ent in self.doc.ents:
            if self._index.named_in(ent.start, ent.end):
                continue
            # NER often calls a one-word province a person ("... district, Balkh")
            if ent.label_ in PLACE_LABELS or (ent.label_ == "PERSON" and len(ent) == 1):
                code = (
                    region_country(ent.text) if ent.label_ == "PERSON" else city_country(ent.text)
                )
                if code:
                    votes[code] = votes.get(code, 0.0) + 0.5
                    first.setdefault(code, ent.start)
        if not votes:
            return UNKNOWN, "no country in the document"
        code = max(votes, key=lambda c: (votes[c], -first[c]))
        return code, f"the document's main country ({votes[code]:g} mentions)"

    def _place_country(self, sent: int, exclude: tuple[int, int]) -> str | None:
        """The one country a sentence places things in ("in Kazakhstan", "in Almaty"), if any."""
        s_start, s_end = self._index.sent_spans[sent]
        codes: set[str] = set()
        for m in self._index.named_in(s_start, s_end):
            if exclude[0] <= m.start < exclude[1] or m.anchor.kind not in ("country", "capital"):
                continue
            prev = self.doc[m.start - 1].lower_ if m.start > 0 else ""
            if prev in _PLACE_PREPS or self.doc[m.start].head.lower_ in _PLACE_PREPS:
                codes.add(m.anchor.code)
        for ent in self.doc.ents:
            if (
                (
                    ent.label_ == "GPE"
                    and s_start <= ent.start < s_end
                    and not exclude[0] <= ent.start < exclude[1]
                )
                and ent.start > 0
                and self.doc[ent.start - 1].lower_ in _PLACE_PREPS
            ):
                code = city_country(ent.text)
                if code:
                    codes.add(code)
        return codes.pop() if len(codes) == 1 else None

    def _context_country(self, start: int, end: int) -> tuple[str, str]:
        sent = self._index.sent_of[start] if start < len(self._index.sent_of) else 0
        local = self._place_country(sent, (start, end))
        if local:
            return local, "country of the place named in the sentence"
        return self.country, self.country_why

    # ---------------------------------------------------------------- people
    def _name_text(self, ent: Span) -> str:
        """The name in a PERSON span, without titles, country words or a possessive."""
        keep = [
            t
            for t in ent
            if t.i not in self._index.role_at
            and t.i not in self._index.named_at
            and t.lower_ not in ("'s", "’s", "'", "’")
        ]
        if not keep:
            return ""
        return self.doc[keep[0].i : keep[-1].i + 1].text

    def _title_parts(self, ent: Span) -> _Parts:
        """The title before a name ("Russian President") or an appositive after it."""
        idx = self._index
        sent = idx.sent_of[ent.start]
        cover: list[int] = [t.i for t in ent]
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 8 and idx.sent_of[i] == sent:
            tok = self.doc[i]
            if i in idx.named_at or i in idx.role_at or tok.lower_ in _TITLE_FILLERS:
                cover.append(i)
                i -= 1
            else:
                break
        right: list[int] = []
        if ent.end < len(self.doc) and self.doc[ent.end].text == ",":
            j = ent.end + 1
            while j < len(self.doc) and j - ent.end <= 9 and idx.sent_of[j] == sent:
                tok = self.doc[j]
                if tok.text in {",", ".", ";", "—", "–"} or tok.pos_ in ("VERB", "AUX"):
                    break
                right.append(j)
                j += 1
            if not any(j in idx.role_at and idx.role_at[j].role.office for j in right):
                right = []
        tokens = set(cover + right)
        named = [m for m in idx.named if m.start in tokens and m.anchor.kind != "media"]
        roles = [m for m in idx.roles if m.start in tokens]
        return _Parts(named, roles, None)

    def _has_office_title(self, ent: Span) -> bool:
        idx = self._index
        before = idx.role_at.get(ent.start - 1) if ent.start > 0 else None
        if before is not None and before.role.office:
            return True
        if ent.end + 2 < len(self.doc) and self.doc[ent.end].text == ",":
            for j in range(ent.end + 1, min(ent.end + 6, len(self.doc))):
                role = idx.role_at.get(j)
                if role is not None and role.role.office and self.doc[j].dep_ == "appos":
                    return True
        return False

    def _promote_persons(self) -> None:
        """An ORG with a person's title ("X, the German chancellor") is a person; a "person"
        that is a known place after "in"/"near" ("near Raqqah") is not."""
        idx = self._index
        for e_i, ent in enumerate(self.doc.ents):
            if ent.label_ == "PERSON" and e_i in idx.person_ents:
                prev = self.doc[ent.start - 1].lower_ if ent.start > 0 else ""
                words = [t for t in ent if t.lower_ not in ("near", "in")]
                name = " ".join(t.text for t in words)
                if (prev in _PLACE_PREPS or len(words) < len(ent)) and city_country(name):
                    idx.person_ents.discard(e_i)
                    for k in range(ent.start, ent.end):
                        idx.person_at.pop(k, None)
                continue
            if ent.label_ != "ORG" or idx.named_in(ent.start, ent.end):
                continue
            if all(t.pos_ == "PROPN" for t in ent) and self._has_office_title(ent):
                idx.person_ents.add(e_i)
                for k in range(ent.start, ent.end):
                    idx.person_at[k] = e_i

    def _build_persons(self) -> None:
        for e_i, ent in enumerate(self.doc.ents):
            if e_i not in self._index.person_ents:
                continue
            surface = self._name_text(ent)
            key = name_key(surface)
            if not key:
                continue
            p_i = self._find_person(key)
            if p_i is None:
                self._persons.append(_Person(key=key, name=surface))
                p_i = len(self._persons) - 1
            person = self._persons[p_i]
            if surface not in person.variants and surface != person.name:
                person.variants.append(surface)
            if len(key) > len(person.key):
                person.key, person.name = key, surface
            if not person.established:
                self._describe(person, ent)
            self._ent_person[e_i] = p_i
            sent = self._index.sent_of[ent.start]
            subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                ent.root.dep_ == "poss" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
            )
            self._mentions.append(_PersonMention(ent.start_char, sent, subject, p_i))
        for person in self._persons:
            if not person.established:
                self._from_registry(person)

    def _find_person(self, key: tuple[str, ...]) -> int | None:
        for p_i in range(len(self._persons) - 1, -1, -1):
            known = self._persons[p_i].key
            if (
                key == known
                or key[-1] == known[-1]
                or set(key) <= set(known)
                or set(known) <= set(key)
            ):
                return p_i
        return None

    def _describe(self, person: _Person, ent: Span) -> None:
        parts = self._title_parts(ent)
        if not parts.named and not parts.roles:
            return
        ent_like = self._entity_from_parts(parts, ent.text, ent.start, ent.end, allow_context=False)
        office = next((r.role.office for r in reversed(parts.roles) if r.role.office), None)
        if ent_like.code == UNKNOWN and office is None:
            return
        person.code = ent_like.code
        person.sector = ent_like.sector
        person.office = office
        person.members = ent_like.members
        if ent_like.code == "IGO":
            person.identifier = None
        sent = self._index.sent_spans[self._index.sent_of[ent.start]]
        person.evidence = self.doc[sent[0] : sent[1]].text.strip()
        person.established = True
        starts = [m.start for m in parts.named] + [m.start for m in parts.roles]
        ends = [m.end for m in parts.named] + [m.end for m in parts.roles]
        title = self.doc[min(starts) : max(ends)].text
        person.why = f"described in the text as {title!r}"

    def _from_registry(self, person: _Person) -> None:
        profile = self._lookup(person.name)
        if profile is None:
            return
        person.code = profile.code
        person.sector = profile.sector
        person.office = profile.office
        if profile.identifier_text:
            person.identifier = profile.identifier_text
        kind = "pinned" if profile.pinned else "learned"
        person.why = f"{kind} actor profile {profile.name!r} ({len(profile.doc_ids)} documents)"

    def _person_for(self, start: int, end: int) -> int | None:
        for e_i, ent in enumerate(self.doc.ents):
            if ent.start < end and start < ent.end and e_i in self._ent_person:
                return self._ent_person[e_i]
        return None

    # ---------------------------------------------------------------- coreference
    def _pronoun(self, tok_i: int, text: str) -> Entity:
        sent = self._index.sent_of[tok_i]
        start_char = self.doc[tok_i].idx
        for s in range(sent, max(-1, sent - 4), -1):
            here = [m for m in self._mentions if m.sent == s and m.start_char < start_char]
            if not here:
                continue
            subjects = [m for m in here if m.subject]
            chosen = (subjects or here)[-1]
            where = "this sentence" if s == sent else f"{sent - s} sentence(s) before"
            role = "subject" if subjects else "nearest person"
            person = self._persons[chosen.person]
            return person.entity(text, f"pronoun {text!r} -> {person.name} ({role}, {where})")
        return Entity(entity_text=text, explanation=f"pronoun {text!r}: no person before it")

    def _nominal_coref(
        self, parts: _Parts, text: str, start: int, code: str | None
    ) -> Entity | None:
        """ "the Russian leader", "the president" -> the person named earlier with that title."""
        head = self._head_role(parts)
        if head is None or head.role.office is None:
            return None
        wanted = head.role.office
        start_char = self.doc[start].idx
        for m in reversed(self._mentions):
            if m.start_char >= start_char:
                continue
            person = self._persons[m.person]
            if code and person.code != code:
                continue
            if person.office == wanted or (
                wanted in ("Leader", "Head of State") and person.office in LEADER_OFFICES
            ):
                return person.entity(text, f"{text!r} -> {person.name} (same title earlier)")
        return None

    # ---------------------------------------------------------------- composition
    def _only_sympathy(self, m: NamedMatch) -> bool:
        """ "pro-Russian separatists", "anti-French protesters", "Iran-backed militias": the
        country word says whom they side with or oppose, not whose they are. A seat of power
        ("pro-Kremlin media") does name their state."""
        if m.anchor.kind not in COUNTRYISH:
            return False
        doc = self.doc
        before = doc[m.start - 2 : m.start].text.lower() if m.start >= 2 else ""
        after = doc[m.end : m.end + 2].text.lower() if m.end + 2 <= len(doc) else ""
        return before in _SIDING_BEFORE or after in _SIDING_AFTER

    def _parts(self, start: int, end: int) -> _Parts:
        named = [
            m
            for m in self._index.named_in(start, end)
            if m.start not in self._index.person_at and not self._only_sympathy(m)
        ]
        roles = self._index.roles_in(start, end)
        span = self.doc[start:end]
        head = span.root.i if len(span) else None
        return _Parts(named, roles, head)

    def _head_role(self, parts: _Parts) -> RoleMatch | None:
        if not parts.roles:
            return None
        if parts.head is not None:
            for r in parts.roles:
                if r.start <= parts.head < r.end:
                    return r
        return parts.roles[-1]

    def _entity_from_parts(
        self, parts: _Parts, text: str, start: int, end: int, *, allow_context: bool = True
    ) -> Entity:
        countryish = [m for m in parts.named if m.anchor.kind in COUNTRYISH]
        orgs = [m for m in parts.named if m.anchor.kind not in COUNTRYISH]
        org = orgs[-1].anchor if orgs else None
        head = self._head_role(parts)
        why: list[str] = []
        sector: str | None = None
        office: str | None = None
        if head is not None:
            sector, office = head.role.sector, head.role.office
            why.append(f"role {head.role.phrase!r} -> {sector}")
            if head.role.generic:
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
            return self._pronoun(words[0].i, text)
        p_i = self._person_for(start, end)
        parts = self._parts(start, end)
        if p_i is not None:
            person = self._persons[p_i]
            head = self._head_role(parts)
            if (
                head is not None
                and parts.head is not None
                and parts.head not in self._index.person_at
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
            return person.entity(text, "named person")
        country = next((m.anchor.code for m in parts.named if m.anchor.kind in COUNTRYISH), None)
        if not any(m.anchor.kind not in COUNTRYISH for m in parts.named):
            coref = self._nominal_coref(parts, text, start, country)
            if coref is not None:
                return coref
        entity = self._entity_from_parts(parts, text, start, end)
        if entity.code == UNKNOWN and entity.sector is None:
            profile = self._lookup(text)
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
        return entity

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
        """One entity per coordinated actor ("Russian, Belarusian and Tajik troops" -> 3)."""
        toks = self._tokens(m)
        if toks is None:
            return [self.resolve(m)]
        parts = self._split(toks[0], toks[1])
        if len(parts) <= 1:
            return [self._resolve_tokens(toks[0], toks[1], m.text)]
        return self._resolve_parts(parts, m.text)

    def _split(self, start: int, end: int) -> list[tuple[int, int]]:
        """Top-level conjuncts of a phrase, split at commas and "and"/"or"."""
        parts: list[tuple[int, int]] = []
        cur = start
        for i in range(start, end):
            tok = self.doc[i]
            inside_name = i in self._index.named_at and self._index.named_at[i].start < i
            if tok.lower_ in _SPLITTERS and not inside_name and i not in self._index.person_at:
                if cur < i:
                    parts.append((cur, i))
                cur = i + 1
        if cur < end:
            parts.append((cur, end))
        meaningful = [
            p
            for p in parts
            if self._index.named_in(*p)
            or self._index.roles_in(*p)
            or self._person_for(*p) is not None
        ]
        return meaningful if len(meaningful) > 1 else [(start, end)]

    def _resolve_parts(self, parts: list[tuple[int, int]], text: str) -> list[Entity]:
        last_parts = self._parts(*parts[-1])
        shared = self._head_role(last_parts)
        out: list[Entity] = []
        for s, e in parts:
            entity = self._resolve_tokens(s, e, self.doc[s:e].text)
            if (
                shared is not None
                and not self._index.roles_in(s, e)
                and self._person_for(s, e) is None
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
        from tidings.resolve.actors._entities import document_entities

        return document_entities(self)

    def entity_mention(self, start: int, end: int, label: str) -> EntityMention:
        """Tokens ``start:end`` as an entity mention labelled ``label``, resolved."""
        span = self.doc[start:end]
        named = self._index.named_in(start, end)
        if label in PLACE_LABELS:
            code = next((m.anchor.code for m in named if m.anchor.kind in COUNTRYISH), None)
            code = code or city_country(span.text) or UNKNOWN
            entity = Entity(
                entity_text=span.text,
                code=code,
                explanation="place: country from the name" if code != UNKNOWN else "place",
            )
        elif label == "NORP":
            code = next((m.anchor.code for m in named if m.anchor.code != "IGO"), UNKNOWN)
            entity = Entity(entity_text=span.text, code=code, explanation="nationality word")
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
        """People whose country or office this document's own words established."""
        out: list[ActorProfile] = []
        for person in self._persons:
            if not person.established or person.code == UNKNOWN:
                continue  # only what the text tied to a country is worth carrying over
            if len(person.key) < 2:
                continue  # a lone surname is too weak a key to carry to other documents
            out.append(
                ActorProfile(
                    name=person.name,
                    variants=list(person.variants),
                    code=person.code,
                    sector=person.sector,
                    office=person.office,
                    evidence=[person.evidence] if person.evidence else [],
                    doc_ids=[self.doc_id],
                )
            )
        return out

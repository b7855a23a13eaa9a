"""The people of one document: who they are, every mention of them, pronouns that point at them.

A person is every PERSON mention sharing a name key or surname. What the text says about any
of those mentions (a title before the name, an appositive after it) describes the person;
otherwise a pinned profile, then the knowledge base of people (the role held on the
publication date, ``tidings.knowledge.people``), then a learned profile may. A person the text
gives an office but no country ("President Joe Biden") takes the country from the knowledge
base too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from tidings.knowledge.gazetteer import city_country
from tidings.knowledge.keys import person_key
from tidings.knowledge.people import PersonMatch
from tidings.knowledge.words import place_prepositions
from tidings.nlp.text import doc_ents
from tidings.records import ActorProfile, Entity
from tidings.resolve.actors._match import DocIndex, Parts, head_role, siding

UNKNOWN = "---"
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
LEADER_OFFICES = frozenset(
    {
        *("President", "Prime Minister", "Premier", "Chancellor", "King", "Queen", "Emir"),
        *("Sultan", "Leader", "Supreme Leader", "Head of State", "Monarch", "Crown Prince"),
    }
)
# lower-case words inside a name ("Ursula von der Leyen", "Lula da Silva", "Mohammed bin Salman")
_NAME_PARTICLES = frozenset(
    {*("von", "der", "van", "den", "de", "da", "do", "dos", "di", "del", "la", "le", "du"), "bin"}
    | {"bint", "ibn", "al", "el", "abu"}
)
_WIDEN = 3  # words a name's span may grow by on each side when the knowledge base knows it
_TITLE_FILLERS = frozenset(
    {
        *("'s", "’s", "-", "former", "then", "acting", "interim", "outgoing", "new"),
        *("deputy", "of", "the", "incoming", "late"),
    }
)

Describe = Callable[[Parts, Span], Entity]
Lookup = Callable[[str], ActorProfile | None]
Known = Callable[[str], PersonMatch | None]


@dataclass(slots=True)
class Person:
    """One person as this document describes them (all mentions of the same name)."""

    key: tuple[str, ...]
    name: str
    variants: list[str] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)  # the mentions as written, titles too
    widened: list[str] = field(default_factory=list)  # the mentions grown by adjacent name words
    known: bool = False  # the country came from the knowledge base, not the text
    code: str = UNKNOWN
    sector: str | None = None
    office: str | None = None
    identifier: str | None = None
    members: list[str] | None = None
    evidence: str | None = None
    sightings: list[str] = field(default_factory=list)  # sentences with its title or demonym
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


@dataclass(frozen=True, slots=True)
class _Mention:
    start_char: int
    sent: int
    subject: bool
    person: int


def _has_office_title(doc: Doc, idx: DocIndex, ent: Span) -> bool:
    before = idx.role_at.get(ent.start - 1) if ent.start > 0 else None
    if before is not None and before.role.office:
        return True
    if ent.end + 2 < len(doc) and doc[ent.end].text == ",":
        for j in range(ent.end + 1, min(ent.end + 6, len(doc))):
            role = idx.role_at.get(j)
            if role is not None and role.role.office and doc[j].dep_ == "appos":
                return True
    return False


def _same_person(key: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """Two name keys of one document name the same person when one holds the other ("Biden",
    "Joe Biden") or they share a surname and their given names agree on an initial ("J. Singh",
    "Jaswant Singh") — never two full names with other given names ("Jaswant Singh", "Rajnath
    Singh")."""
    if set(key) <= set(known) or set(known) <= set(key):
        return True
    if key[-1] != known[-1] or len(key) < 2 or len(known) < 2:
        return False
    first, other = key[0], known[0]
    return first[:1] == other[:1] and min(len(first), len(other)) == 1


def correct_person_entities(doc: Doc, idx: DocIndex) -> None:
    """An ORG with a person's title ("X, the German chancellor") is a person; a "person" that
    is a known place after "in"/"near" ("near Raqqah") is not."""
    for e_i, ent in enumerate(doc_ents(doc)):
        if ent.label_ == "PERSON" and e_i in idx.person_ents:
            prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            words = [t for t in ent if t.lower_ not in ("near", "in")]
            name = " ".join(t.text for t in words)
            if (prev in place_prepositions() or len(words) < len(ent)) and city_country(name):
                idx.person_ents.discard(e_i)
                for k in range(ent.start, ent.end):
                    idx.person_at.pop(k, None)
            continue
        if ent.label_ != "ORG" or idx.named_in(ent.start, ent.end):
            continue
        if all(t.pos_ == "PROPN" for t in ent) and _has_office_title(doc, idx, ent):
            idx.person_ents.add(e_i)
            for k in range(ent.start, ent.end):
                idx.person_at[k] = e_i


class People:
    """Everyone a document names, with their mentions in text order."""

    def __init__(
        self,
        doc: Doc,
        idx: DocIndex,
        lookup: Lookup,
        describe: Describe,
        known: Known | None = None,
    ) -> None:
        self.doc = doc
        self._idx = idx
        self._lookup = lookup
        self._known: Known = known or (lambda _name: None)
        self._describe_parts = describe
        self.persons: list[Person] = []
        self._mentions: list[_Mention] = []
        self._ent_person: dict[int, int] = {}
        self._build()

    # ---------------------------------------------------------------- building
    def _name_text(self, ent: Span) -> str:
        """The name in a PERSON span, without titles, country words or a possessive."""
        keep = [
            t
            for t in ent
            if t.i not in self._idx.role_at
            and t.i not in self._idx.named_at
            and t.lower_ not in ("'s", "’s", "'", "’")
        ]
        if not keep:
            return ""
        return self.doc[keep[0].i : keep[-1].i + 1].text

    def _title_parts(self, ent: Span) -> Parts:
        """The title before a name ("Russian President") or an appositive after it."""
        idx = self._idx
        sent = idx.sent_of[ent.start]
        # inside the name's span only a title counts ("President" in "President Petro"), and a
        # country word only before such a title: "Jordan" in "Jordan Smith" says nothing
        inside_roles = [k for k in range(ent.start, ent.end) if k in idx.role_at]
        last_role = max(inside_roles, default=ent.start - 1)
        cover: list[int] = [k for k in range(ent.start, last_role + 1)]
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 8 and idx.sent_of[i] == sent:
            if i in idx.named_at or i in idx.role_at or self.doc[i].lower_ in _TITLE_FILLERS:
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
            if not any(k in idx.role_at and idx.role_at[k].role.office for k in right):
                right = []
        tokens = set(cover + right)
        named = [
            m
            for m in idx.named
            if m.start in tokens and m.anchor.kind != "media" and not siding(self.doc, m)
        ]
        roles = [m for m in idx.roles if m.start in tokens]
        return Parts(named, roles, None)

    def _build(self) -> None:
        for e_i, ent in enumerate(doc_ents(self.doc)):
            if e_i not in self._idx.person_ents:
                continue
            surface = self._name_text(ent)
            key = person_key(surface)
            if not key:
                continue
            p_i = self._find(key)
            if p_i is None:
                self.persons.append(Person(key=key, name=surface))
                p_i = len(self.persons) - 1
            person = self.persons[p_i]
            if surface not in person.variants and surface != person.name:
                person.variants.append(surface)
            if ent.text not in person.surfaces:
                person.surfaces.append(ent.text)
            for name in self._widened(ent):
                if name not in person.widened:
                    person.widened.append(name)
            if len(key) > len(person.key):
                person.key, person.name = key, surface
            if not person.established:
                self._describe(person, ent)
            else:
                self._sighted(person, ent)
            self._ent_person[e_i] = p_i
            subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                ent.root.dep_ == "poss" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
            )
            self._mentions.append(
                _Mention(ent.start_char, self._idx.sent_of[ent.start], subject, p_i)
            )
        for person in self.persons:
            if not person.established:
                self._from_registry(person)
            elif person.code == UNKNOWN:
                self._from_knowledge(person)

    def _widened(self, ent: Span) -> list[str]:
        """The mention grown by the capitalised words (and name particles between them) right
        beside it in its sentence, longest first: the tagger often clips a name ("Luiz" off
        "Luiz Inacio Lula da Silva", "Leyen" off "Ursula von der Leyen"). Only the knowledge
        base can confirm a grown name, so a wrong growth matches nothing."""
        doc, sent_of = self.doc, self._idx.sent_of

        def namelike(i: int) -> bool:
            tok = doc[i]
            return sent_of[i] == sent_of[ent.start] and tok.is_alpha and tok.text[:1].isupper()

        lefts = [ent.start]
        i = ent.start - 1
        while i >= 0 and ent.start - i <= _WIDEN and namelike(i):
            lefts.append(i)
            i -= 1
        rights = [ent.end]
        j = ent.end
        while j < len(doc) and j - ent.end < _WIDEN:
            if namelike(j):
                rights.append(j + 1)
            elif not (doc[j].lower_ in _NAME_PARTICLES and sent_of[j] == sent_of[ent.start]):
                break
            j += 1
        spans = {(a, b) for a in lefts for b in rights if (a, b) != (ent.start, ent.end)}
        ordered = sorted(spans, key=lambda ab: ab[0] - ab[1])
        return [doc[a:b].text for a, b in ordered]

    def _find(self, key: tuple[str, ...]) -> int | None:
        for p_i in range(len(self.persons) - 1, -1, -1):
            known = self.persons[p_i].key
            if _same_person(key, known):
                return p_i
        return None

    def _describe(self, person: Person, ent: Span) -> None:
        parts = self._title_parts(ent)
        if not parts.named and not parts.roles:
            return
        found = self._describe_parts(parts, ent)
        office = next((r.role.office for r in reversed(parts.roles) if r.role.office), None)
        if found.code == UNKNOWN and office is None:
            return
        person.code, person.sector, person.office = found.code, found.sector, office
        person.members = found.members
        sent = self._idx.sent_spans[self._idx.sent_of[ent.start]]
        person.evidence = self.doc[sent[0] : sent[1]].text.strip()
        person.sightings = [person.evidence]
        person.established = True
        starts = [m.start for m in parts.named] + [m.start for m in parts.roles]
        ends = [m.end for m in parts.named] + [m.end for m in parts.roles]
        person.why = f"described in the text as {self.doc[min(starts) : max(ends)].text!r}"

    def _sighted(self, person: Person, ent: Span) -> None:
        """A later mention with its own title or demonym agreeing on the country: one more
        sighting of the evidence (the registry reuses a profile seen twice)."""
        parts = self._title_parts(ent)
        if not parts.named and not parts.roles:
            return
        if self._describe_parts(parts, ent).code != person.code:
            return
        sent = self._idx.sent_spans[self._idx.sent_of[ent.start]]
        sentence = self.doc[sent[0] : sent[1]].text.strip()
        if sentence not in person.sightings:
            person.sightings.append(sentence)

    def _from_knowledge(self, person: Person) -> bool:
        """The role the knowledge base gives this person on the publication date, if any."""
        match = None
        names = sorted({person.name, *person.variants}, key=lambda n: (-len(n), n))
        # "Pope Francis": the title is part of it; a clipped name is tried whole first
        grown = [n for n in person.widened if len(person_key(n)) >= 2]
        for name in [*grown, *names, *person.surfaces]:
            match = self._known(name)
            if match is not None:
                break
        if match is None:
            return False
        if name in grown and person.identifier is None:
            person.identifier = match.name  # the whole name, not the tagger's clipped span
        person.code = match.role.code
        person.sector = person.sector or match.role.sector
        person.known = True
        if person.established:
            person.why = f"{person.why}; country from the {match.explanation}"
        else:
            person.why = match.explanation
        return True

    def _from_registry(self, person: Person) -> None:
        profile = self._lookup(person.name)
        pinned = profile is not None and profile.pinned
        if not pinned and (self._from_knowledge(person) or profile is None):
            return
        assert profile is not None
        person.code, person.sector, person.office = profile.code, profile.sector, profile.office
        if profile.identifier_text:
            person.identifier = profile.identifier_text
        kind = "pinned" if profile.pinned else "learned"
        person.why = f"{kind} actor profile {profile.name!r} ({len(profile.doc_ids)} documents)"

    # ---------------------------------------------------------------- look-ups
    def person_for(self, start: int, end: int) -> Person | None:
        """The person a PERSON entity overlapping tokens ``start:end`` names."""
        for e_i, ent in enumerate(doc_ents(self.doc)):
            if ent.start < end and start < ent.end and e_i in self._ent_person:
                return self.persons[self._ent_person[e_i]]
        return None

    def pronoun(self, tok_i: int, text: str) -> Entity:
        """He/she: the subject of this or one of the three sentences before, else the nearest."""
        sent = self._idx.sent_of[tok_i]
        start_char = self.doc[tok_i].idx
        for s in range(sent, max(-1, sent - 4), -1):
            here = [m for m in self._mentions if m.sent == s and m.start_char < start_char]
            if not here:
                continue
            subjects = [m for m in here if m.subject]
            chosen = (subjects or here)[-1]
            where = "this sentence" if s == sent else f"{sent - s} sentence(s) before"
            role = "subject" if subjects else "nearest person"
            person = self.persons[chosen.person]
            return person.entity(text, f"pronoun {text!r} -> {person.name} ({role}, {where})")
        return Entity(entity_text=text, explanation=f"pronoun {text!r}: no person before it")

    def by_title(self, parts: Parts, text: str, start: int, code: str | None) -> Entity | None:
        """ "the Russian leader", "the president" -> the person named earlier with that title."""
        head = head_role(parts)
        if head is None or head.role.office is None:
            return None
        wanted = head.role.office
        start_char = self.doc[start].idx
        for m in reversed(self._mentions):
            if m.start_char >= start_char:
                continue
            person = self.persons[m.person]
            if code and person.code != code:
                continue
            if person.office == wanted or (
                wanted in ("Leader", "Head of State") and person.office in LEADER_OFFICES
            ):
                return person.entity(text, f"{text!r} -> {person.name} (same title earlier)")
        return None

    def learned_profiles(self, doc_id: str) -> list[ActorProfile]:
        """People this document's own words tied to a country, as registry profiles."""
        out: list[ActorProfile] = []
        for person in self.persons:
            if not person.established or person.code == UNKNOWN or person.known:
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
                    evidence=list(person.sightings),
                    doc_ids=[doc_id],
                )
            )
        return out

"""A document's entity mentions: spaCy's spans, corrected with the knowledge files.

Corrections, each general (docs/actors.md, "Entities"): a person's span takes in the title,
rank and article before the name ("the Foreign Secretary Philip Hammond"); a capitalised
office alone is a person ("The Prime Minister"); a group named by its country or organisation
is an ORG that keeps the name inside it ("Iraqi forces" ORG + "Iraqi" NORP, the only nesting);
a known name that runs past spaCy's span wins; a possessive ending or a leading "Near" is
trimmed; a span that is wholly a demonym, country or organisation gets that label; a place
loses a leading "the" and takes its region words ("northern Syria"); gazetteer towns that
spaCy missed or called people become places; weapon acronyms are dropped; knowledge names
spaCy missed are added; pronouns that coreference resolves are listed with their antecedent.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.strings import StringStore
from spacy.tokens import Span, Token

from tidings.knowledge.gazetteer import city_country
from tidings.knowledge.words import PLACE_LABELS, honorifics, place_prepositions
from tidings.nlp.text import doc_ents, indices_where
from tidings.records import Entity, EntityMention
from tidings.resolve.actors._knowledge import COUNTRYISH, equipment, gazetteer_place
from tidings.resolve.actors._people import UNKNOWN
from tidings.resolve.actors._view import ActorsView

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# service names that stand before a rank ("Army Lt. Gen.", "Navy Capt.")
SERVICES = frozenset({"army", "navy", "marine", "marines", "air", "force", "coast", "guard"})
# collective role nouns that are singular ("the Syrian government")
_BODIES = frozenset(
    {
        "government",
        "regime",
        "administration",
        "military",
        "army",
        "navy",
        "police",
        "unit",
        "brigade",
        "battalion",
        "regiment",
        "militia",
        "faction",
        "cell",
    }
)
# prepositions after which a gazetteer name is a place, whatever spaCy said
_STRONG_PLACE_PREPS = frozenset({"in", "near", "outside", "around", "toward", "towards", "into"})
# a name of a town of the document's own country this large is read as the town
_TOWN = 20_000
_SPEECH = frozenset({"say", "tell", "add", "state", "note", "explain", "announce", "declare"})
_DIRECTIONS = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
    }
)
_PLACE_NOUNS = frozenset(
    {"city", "town", "village", "province", "district", "region", "governorate", "county"}
)
# collective nouns that, capitalised, name one body ("the Coalition")
_COLLECTIVE_NAMES = frozenset({"Coalition", "Alliance"})
# lower-case collective nouns that, after "the", refer to one body in the story
_DEFINITE_BODIES = frozenset({"regime", "coalition"})
# words that qualify an office within a title ("Deputy", "Acting", "Special")
_TITLE_MODIFIERS = frozenset(
    {"deputy", "acting", "special", "senior", "vice", "chief", "assistant", "under", "interim"}
)
# spaCy labels of names that are never places
_NOT_PLACES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "PERSON", "ORG"}
)
_LEADING_DROP = frozenset({"near", "in", "at", "outside"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _label_of_kind(kind: str) -> str:
    if kind == "demonym":
        return "NORP"
    if kind in ("country", "capital"):
        return "GPE"
    return "ORG"


def _trim(actors: ActorsView, start: int, end: int) -> tuple[int, int]:
    doc = actors.doc
    while start < end and doc[start].lower_ in _LEADING_DROP and start + 1 < end:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _relabel(actors: ActorsView, start: int, end: int, label: str) -> str:
    idx = actors.index
    named = idx.named_in(start, end)
    whole = len(named) == 1 and named[0].start == start and named[0].end == end
    if whole and (label != "PERSON" or named[0].anchor.kind in COUNTRYISH):
        return _label_of_kind(named[0].anchor.kind)
    if label in ("NORP", "PERSON") and not named:
        prev = actors.doc[start - 1].lower_ if start > 0 else ""
        text = actors.doc[start:end].text
        if (label == "NORP" or prev in place_prepositions()) and city_country(text):
            return "GPE"
    if label in ("PERSON", "ORG") and not named and _placed(actors, start, end):
        return "GPE"
    if label in ("ORG", "NORP", "GPE") and not named and end - start == 1:
        text = actors.doc[start].text
        for ent in doc_ents(actors.doc):
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == text:
                return "PERSON"  # "Votel" after "Gen. Joseph Votel": the same person
    return label


def _placed(actors: ActorsView, start: int, end: int) -> bool:
    """A gazetteer place name that the text also uses as a place.

    spaCy's small model often calls an unfamiliar town a person or an organisation
    ("fighting near Raqqah", "the liberation of Sinjar"). The name becomes a place when it
    is in the gazetteer and either follows a preposition of place, or the document calls
    the same name a place elsewhere; never when another person's name ends with it ("Kerry"
    after "John Kerry") or it is possessive.
    """
    doc = actors.doc
    text = doc[start:end].text
    if end < len(doc) and doc[end].text in _POSSESSIVE:
        return False
    if not text[:1].isupper() or not gazetteer_place(text):
        return False
    longer = (e for e in doc_ents(doc) if e.label_ == "PERSON" and len(e) > end - start)
    if any(e.text.endswith(" " + text) for e in longer):
        return False
    prev = doc[start - 1].lower_ if start > 0 else ""
    if prev in _STRONG_PLACE_PREPS:
        return True
    if gazetteer_place(text, actors.country, population=_TOWN):
        return True
    return any(e.label_ in PLACE_LABELS and e.text == text for e in doc_ents(doc))


def _extend_to_named(actors: ActorsView, start: int, end: int) -> tuple[int, int]:
    idx = actors.index
    for k in (start, end - 1):
        m = idx.named_at.get(k)
        if m is not None and (m.start < start or m.end > end):
            start, end = min(start, m.start), max(end, m.end)
    return start, end


def _title_start(actors: ActorsView, start: int) -> int:
    """Where a person's span begins once the title before the name is taken in.

    Titles are honorifics and ranks ("Lt. Gen."), offices ("Foreign Secretary"), the
    country or organisation before an office ("FCO Minister"), a service before a rank
    ("Army Lt. Gen."), and the article before all of it ("the Foreign Secretary Boris
    Johnson"): the whole noun phrase names the person.
    """
    idx = actors.index
    doc = actors.doc
    i = start - 1
    titled = False
    first = start
    # last token of an organisation name -> the token before that name
    org_end = {e.end - 1: e.start - 1 for e in doc_ents(doc) if e.label_ == "ORG" and e.start > 0}
    while i >= 0 and idx.sent_of[i] == idx.sent_of[start]:
        tok = doc[i]
        role = idx.role_at.get(i)
        if tok.text == "." and i > 0 and doc[i - 1].lower_ + "." in honorifics().titles:
            titled = True
            first = i - 1
            i -= 2
        elif tok.lower_ in honorifics().titles and (
            tok.text[:1].isupper() or tok.text.endswith(".")
        ):
            titled = True
            first = i
            i -= 1
        elif role is not None and role.role.office:
            titled = True
            first = role.start
            i = first - 1
        elif titled and i in idx.named_at:
            m = idx.named_at[i]
            if m.start > 0 and doc[m.start - 1].pos_ == "ADP":
                break  # "In Turkey Minister Ellwood": the country belongs to "in"
            first = m.start
            i = first - 1
        elif titled and i in org_end and doc[org_end[i]].pos_ != "ADP":
            first = org_end[i] + 1  # "FCO Minister Tobias Ellwood"
            i = first - 1
        elif titled and role is not None:
            first = role.start
            i = first - 1
        elif titled and tok.lower_ in _TITLE_MODIFIERS and tok.is_title:
            first = i  # "Deputy Secretary of State John Sullivan"
            i -= 1
        elif titled and tok.lower_ in SERVICES and tok.text[:1].isupper():
            first = i
            i -= 1
        else:
            break
    if titled and first > 0 and doc[first - 1].lower_ == "the":
        first -= 1
    return first if titled else start


def _capitalised(tokens: Span) -> bool:
    words = [t for t in tokens if t.is_alpha]
    return bool(words) and all(t.text[:1].isupper() for t in words)


def _role_people(actors: ActorsView) -> list[tuple[int, int, str]]:
    """Offices written as names stand for the person holding them ("the Foreign Secretary").

    A capitalised singular office ("Prime Minister", "the Minister for Central Asia",
    "Secretary of State") that is not the title of a name right after it is a PERSON
    mention, with the article and the "for"/"of" phrase that completes the office.
    """
    idx = actors.index
    doc = actors.doc
    if idx.lowercase:
        return []
    out: list[tuple[int, int, str]] = []
    for rm in idx.roles:
        if not rm.role.office:
            continue
        capitalised = _capitalised(doc[rm.start : rm.end])
        if doc[rm.end - 1].tag_ in ("NNS", "NNPS") or doc[rm.end - 1].text.endswith("s"):
            continue
        start, end = rm.start, rm.end
        if end + 1 < len(doc) and doc[end].lower_ in ("for", "of"):
            k = end + 1
            if doc[k].lower_ == "the" and k + 1 < len(doc):
                k += 1
            j = k
            while j < len(doc) and doc[j].text[:1].isupper() and j not in idx.person_at:
                j += 1
            if j > k:
                end = j
        if end < len(doc) and end in idx.person_at:
            continue  # a title: the person's own span takes it in
        while start > 0 and doc[start - 1].lower_ in _TITLE_MODIFIERS and doc[start - 1].is_title:
            start -= 1  # "the Deputy Secretary", "Special Advisor"
        while start > 0 and (start - 1) in idx.named_at:
            start = idx.named_at[start - 1].start
        if start > 0 and doc[start - 1].ent_type_ == "ORG" and doc[start - 1].ent_iob_ != "O":
            k = start - 1  # "507th Maintenance Group Commander": the unit's commander
            while k > 0 and doc[k].ent_iob_ == "I":
                k -= 1
            start = k
        if not capitalised and start == rm.start:
            continue  # "the commander" alone is generic; "CENTCOM commander" names one
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        out.append((start, end, "PERSON"))
    return out


def _group_orgs(actors: ActorsView) -> list[tuple[int, int, str]]:
    """Groups named by their country or organisation: "Iraqi forces", "the Asad regime".

    A collective role noun (a plural, or a body such as "government" or "regime") right
    after a country, demonym or organisation name, perhaps with other role words between
    ("U.S. military officials"), is an ORG mention of that group, with its article. A
    person's name before "regime", "government" or "administration" counts too.
    """
    idx = actors.index
    doc = actors.doc
    if idx.lowercase:
        return []
    out: list[tuple[int, int, str]] = []
    for rm in idx.roles:
        head = doc[rm.end - 1]
        body = head.lower_ in _BODIES
        if rm.role.office or not (body or head.tag_ in ("NNS", "NNPS")):
            continue
        if rm.end < len(doc) and doc[rm.end].text[:1].isupper() and doc[rm.end].is_alpha:
            continue  # part of a longer name ("Iraqi Security Forces Command")
        start = rm.start
        while start > 0:
            role = idx.role_at.get(start - 1)
            if role is not None and not role.role.office:
                start = role.start
            elif doc[start - 1].pos_ == "ADJ" and doc[start - 1].is_lower:
                start -= 1  # "ISIL tactical units"
            else:
                break
        named = False
        while start > 0 and (start - 1) in idx.named_at:
            m = idx.named_at[start - 1]
            if m.anchor.kind == "bloc":
                break
            start, named = m.start, True
            # a list of countries sharing the noun: "Russian, Belarusian and Tajik troops"
            k = start - 1
            before = idx.named_at.get(k - 1) if k > 0 else None
            listed = doc[k].lower_ in (",", "and", "or") if k >= 0 else False
            if listed and before and {before.anchor.kind, m.anchor.kind} <= COUNTRYISH:
                start = k
        if not named and start > 0 and doc[start - 1].text in _COLLECTIVE_NAMES:
            start, named = start - 1, True
        if not named and body and start > 0 and (start - 1) in idx.person_at:
            e_i = idx.person_at[start - 1]
            start, named = doc_ents(doc)[e_i].start, True
        if not named and body and start > 0 and doc[start - 1].ent_type_ in ("PERSON", "ORG"):
            k = start - 1
            while k > 0 and doc[k].ent_iob_ == "I":
                k -= 1
            start, named = k, True  # "the Asad regime", whatever spaCy called "Asad"
        if not named:
            continue
        if start > 0 and doc[start - 1].lower_ in ("the", "a", "an"):
            start -= 1
        out.append((start, rm.end, "ORG"))
    return out


def _place_phrase(actors: ActorsView, start: int, end: int) -> tuple[int, int]:
    """A place with the words that make it a region of the place: "northern Syria", "the
    city of Mosul", "Idlib province"."""
    doc = actors.doc
    if end < len(doc) and doc[end].lower_ in _PLACE_NOUNS and doc[end].tag_ in ("NN", "NNP"):
        end += 1
    if start > 0 and doc[start - 1].lower_ in _DIRECTIONS:
        start -= 1
    elif start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PLACE_NOUNS:
        first = start - 2
        if first > 0 and doc[first - 1].pos_ == "ADJ" and doc[first - 1].is_lower:
            first -= 1  # "the port city of Tartus"
        if first > 0 and doc[first - 1].lower_ == "the":
            start = first - 1
    return start, end


def _untagged_places(
    actors: ActorsView, taken: set[int], places: set[str]
) -> list[tuple[int, int, str]]:
    """Capitalised names spaCy left untagged (or tagged as something that is not an entity
    here, "Aleppo" LANGUAGE) that the gazetteer knows, right after "in"/"near"/a direction
    ("Near Rawah, a strike destroyed ...", "eastern Aleppo"), or that the document calls a
    place elsewhere (one name, one sense within a document)."""
    doc = actors.doc
    if actors.index.lowercase:
        return []
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        if i in taken or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
            i += 1
            continue
        if doc[i].ent_type_ in _NOT_PLACES:  # "May", "Saturday"
            i += 1
            continue
        prev = doc[i - 1].lower_ if i > 0 else ""
        cue = prev in _STRONG_PLACE_PREPS or prev in _DIRECTIONS
        run = i + 1
        while run < len(doc) and run not in taken and doc[run].text[:1].isupper() and run - i < 4:
            run += 1
        for end in range(run, i, -1):  # the longest name first
            text = doc[i:end].text
            if text in places or (cue and gazetteer_place(text)):
                out.append((*_place_phrase(actors, i, end), "GPE"))
                i = end
                break
        else:
            i += 1
    return out


def _collective_names(actors: ActorsView, taken: set[int]) -> list[tuple[int, int, str]]:
    """One body named by a collective noun: "the Coalition", "the Alliance" (capitalised),
    and the fixed definite references "the regime", "the coalition" and "the international
    community" (not "the government" or "the military": those are as often any government
    as a particular one)."""
    doc = actors.doc
    if actors.index.lowercase:
        return []
    out: list[tuple[int, int, str]] = []
    for tok in doc:
        if tok.i in taken:
            continue
        the = tok.i > 0 and doc[tok.i - 1].lower_ == "the"
        start = tok.i - 1 if the else tok.i
        after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
        definite = the and tok.lower_ in _DEFINITE_BODIES and after != "of"
        if tok.text in _COLLECTIVE_NAMES or definite:
            out.append((start, tok.i + 1, "ORG"))
        elif the and tok.lower_ == "international" and after == "community":
            out.append((start, tok.i + 2, "ORG"))
    return out


def _spans(actors: ActorsView, groups: bool = True) -> list[tuple[int, int, str]]:
    idx = actors.index
    spans: list[tuple[int, int, str]] = []
    for e_i, ent in enumerate(doc_ents(actors.doc)):
        if ent.label_ not in ENTITY_LABELS:
            continue
        label = "PERSON" if e_i in idx.person_ents else ent.label_
        start, end = _trim(actors, ent.start, ent.end)
        if start >= end:
            continue
        label = _relabel(actors, start, end, label)
        if label == "ORG" and actors.doc[start:end].text.removesuffix("s") in equipment():
            continue  # "a VBIED" is a weapon, not an organisation
        if label == "PERSON":
            start = _title_start(actors, start)
        else:
            start, end = _extend_to_named(actors, start, end)
        if label in PLACE_LABELS and actors.doc[start].lower_ == "the" and end - start > 1:
            start += 1  # OntoNotes: the article is not part of a place's name
        if label in PLACE_LABELS:
            start, end = _place_phrase(actors, start, end)
        spans.append((start, end, label))
    spans.extend(_role_people(actors))
    if groups:
        spans.extend(_group_orgs(actors))
    taken = {k for s, e, _ in spans for k in range(s, e)}
    places = {actors.doc[s:e].text for s, e, label in spans if label in PLACE_LABELS}
    spans.extend(_untagged_places(actors, taken, places))
    spans.extend(_collective_names(actors, taken))
    taken = {k for s, e, _ in spans for k in range(s, e)}
    for m in idx.named:
        if m.anchor.kind == "bloc" or any(k in taken for k in range(m.start, m.end)):
            continue
        if m.start in idx.person_at:
            continue
        spans.append((m.start, m.end, _label_of_kind(m.anchor.kind)))
    return spans


def _speaker(
    actors: ActorsView, tok_i: int, spans: list[tuple[int, int, str]]
) -> tuple[int, int, str] | None:
    """Who says the sentence of token ``tok_i``: the PERSON or ORG whose head is the subject
    of a speech verb ("said") in it, else in the next sentence, else in one of the five
    before (a quotation's attribution, "The Foreign Secretary said: ... I ...")."""
    idx = actors.index
    doc = actors.doc
    sent = idx.sent_of[tok_i]
    for s in (sent, sent + 1, *range(sent - 1, sent - 6, -1)):
        if not 0 <= s < len(idx.sent_spans):
            continue
        lo, hi = idx.sent_spans[s]
        for start, end, label in spans:
            if not (lo <= start and end <= hi) or label not in ("PERSON", "ORG"):
                continue
            root = doc[start:end].root
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in _SPEECH:
                return start, end, label
    return None


def _pronoun_mention(tok: Token, label: str, entity: Entity) -> EntityMention:
    fields = entity.model_dump(exclude={"entity_text", "text", "start", "end", "label"})
    said = entity.identifier_text or entity.entity_text
    fields["explanation"] = f"pronoun {tok.text!r} -> {said!r}; " + str(
        fields.get("explanation") or ""
    )
    return EntityMention(
        text=tok.text,
        start=tok.idx,
        end=tok.idx + len(tok.text),
        label=label,
        entity_text=tok.text,
        **fields,
    )


# the hashes spaCy keeps lower-case forms under (the same in every vocabulary)
_PRONOUN_IDS = frozenset(StringStore().add(w) for w in ("he", "she", "i", "we"))


def _pronoun_mentions(actors: ActorsView, spans: list[tuple[int, int, str]]) -> list[EntityMention]:
    """Pronouns that coreference ties to a named person or organisation.

    "he"/"she" -> the person they point at; "I" -> the person quoted; "we" -> the quoted
    speaker's organisation (coded as the speaker), or, outside any quotation, the author's
    organisation (ORG, code unknown: the publisher is not named in the text). "he", "she"
    and "I" stay out when no named person is found for them.
    """
    doc = actors.doc
    out: list[EntityMention] = []
    for i in indices_where(doc, LOWER, _PRONOUN_IDS):  # no ``Token`` for the other words
        tok = doc[i]
        low = tok.lower_
        if low in ("he", "she"):
            entity = actors.people.pronoun(tok.i, tok.text)
            label = "PERSON"
        elif low in ("i", "we") and tok.text != "i":
            found = _speaker(actors, tok.i, spans)
            if found is None and low == "we":
                # no one quoted: the author speaks; the text does not name the publisher,
                # and the story's country is no guide to it, so the code stays unknown
                entity = Entity(
                    entity_text=tok.text,
                    explanation="the author's 'we': the publishing organisation, not named",
                )
                out.append(_pronoun_mention(tok, "ORG", entity))
                continue
            if found is None:
                continue
            entity = actors.entity_mention(*found)
            if low == "we" and found[2] == "PERSON" and entity.code == UNKNOWN:
                continue  # a person with no known organisation: "we" stays unresolved
            label = "PERSON" if low == "i" else "ORG"
            if low == "i" and found[2] != "PERSON":
                continue
        else:
            continue
        if low in ("he", "she") and not entity.identifier_text and entity.code == UNKNOWN:
            continue
        out.append(_pronoun_mention(tok, label, entity))
    return out


def document_entities(actors: ActorsView) -> list[EntityMention]:
    """Every entity of the document, in text order, resolved.

    Entities do not overlap, except that a group named by its country, nationality or
    organisation ("Iraqi forces", ORG) keeps that name inside it ("Iraqi", NORP) too.
    """
    groups = _group_orgs(actors)
    kept: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for start, end, label in sorted(_spans(actors), key=lambda s: (s[0], s[0] - s[1])):
        if any(k in used for k in range(start, end)):
            continue
        kept.append((start, end, label))
        used.update(range(start, end))
    outer = [g for g in groups if g in kept]
    inner: list[tuple[int, int, str]] = []
    # only a name inside a kept group is kept beside it: without one, no second reading
    without_groups = _spans(actors, groups=False) if outer else []
    for start, end, label in sorted(without_groups, key=lambda s: (s[0], s[0] - s[1])):
        if (start, end, label) in kept:
            continue
        within = any(g[0] <= start and end <= g[1] and g[:2] != (start, end) for g in outer)
        if within and not any(k[0] < end and start < k[1] for k in inner):
            inner.append((start, end, label))
    spans = sorted(kept + inner, key=lambda s: (s[0], s[0] - s[1]))
    named = [actors.entity_mention(s, e, label) for s, e, label in spans]
    pronouns = _pronoun_mentions(actors, spans)
    return sorted(named + pronouns, key=lambda m: (m.start, -m.end))

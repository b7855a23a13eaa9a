"""Find place mentions: named places, gazetteer names the NER missed, and descriptive phrases.

:func:`find_toponyms` returns character-offset :class:`Mention` s, in text order, without
overlaps. The phrases it finds, besides spaCy's GPE/LOC/FAC entities:

* names in the gazetteer that spaCy did not tag (countries, admin-1 regions, towns of some
  size), capitalised, longer than one letter, not on the stoplist;
* places the NER gave another label where the words say place: "in Wichita Falls",
  "Dawlat Abad district, Balkh", "the Watertown man", datelines ("BEIRUT:"), and places
  inside organisation names ("the Texas Forest Service", "Gainesville Police Department");
* demonyms that stand for a country ("Russian", "Afghans"; LGL annotates these as toponyms);
* ``<Name> province|district|county|...`` ("Nad Ali district", "Helmand province") and each
  name of "Walton and Oconee counties";
* compass phrases: "western Kazakhstan", "the west of the country", "northern Syria";
* ``<demonym> <place noun>``: "Kazakh cities", "the Afghan capital";
* "the capital" on its own (the capital of the document's country).
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Span, Token

from tidings.extract.types import Mention
from tidings.knowledge.countries import us_state_abbreviations
from tidings.knowledge.datelines import dateline, is_wire_place
from tidings.knowledge.lexicon import Lexicon, get_lexicon
from tidings.nlp.text import doc_ents, doc_lowers, doc_orths, doc_text

__all__ = ["find_toponyms"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_BLOCKING_LABELS = {
    "PERSON",
    "WORK_OF_ART",
    "EVENT",
    "LAW",
    "PRODUCT",
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "CARDINAL",
    "ORDINAL",
}
_MAX_NGRAM = 4
# a town found only by the gazetteer must be at least this big to be trusted
_MIN_POPULATION = 5000
_MIN_POPULATION_SENTENCE_START = 100_000


def find_toponyms(doc: Doc) -> list[Mention]:
    """Place mentions in ``doc``, sorted by offset, never overlapping."""
    lex = get_lexicon()
    spans: list[tuple[int, int]] = []  # token spans [start, end)
    # 1. NER places and demonyms
    for ent in doc_ents(doc):
        span = _entity_span(ent, lex)
        if span is not None:
            spans.append(span)
    # 2. unit phrases and gazetteer names the NER missed
    spans.extend(_unit_phrases(doc, lex))
    spans.extend(_gazetteer_names(doc, lex, spans))
    spans.extend(_region_names_in_context(doc, lex, spans))
    spans.extend(_coordinated_units(doc, lex))
    spans.extend(_towns_after_prepositions(doc, lex, spans))
    spans.extend(_datelines(doc, lex))
    spans.extend(_local_modifiers(doc, lex, spans))
    # 3. descriptive phrases
    spans.extend(_compass_of_phrases(doc, lex))
    spans.extend(_demonym_phrases(doc, lex))
    spans.extend(_the_capital(doc))
    spans.extend(_repeated_names(doc, _non_overlapping(spans)))
    spans = [_with_compass(doc, s, lex) for s in spans]
    mentions = [_mention(doc, s, e) for s, e in _non_overlapping(spans)]
    # 4. state abbreviations the tokeniser glues to other text ("D-S.C.", "the S.C. Highway")
    for a, b in _state_abbreviation_spans(doc_text(doc)):
        if not any(m.start < b and a < m.end for m in mentions):
            mentions.append(Mention(doc_text(doc)[a:b], a, b))
    return sorted(mentions, key=lambda m: m.start)


@functools.lru_cache(maxsize=1)
def _abbreviation_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any AP state abbreviation after a party letter: "D-Ga.", "R-W. Va."; abbreviations
    of two initials or with an inner space anywhere: "S.C.", "N.J.", "W. Va.")."""

    def rx(abbr: str) -> str:
        parts = abbr.split(".")[:-1]
        out = re.escape(parts[0])
        for part in parts[1:]:
            # "W. Va." may be spaced; "N. C." is more often a person's initials
            out += (r"\.\s?" if len(part) > 1 else r"\.") + re.escape(part)
        return out + r"\."

    abbrs = sorted((a for a in us_state_abbreviations() if a.endswith(".")), key=len, reverse=True)
    party = re.compile(r"(?<=\b[DRI]-)(?:" + "|".join(rx(a) for a in abbrs) + r")(?![\w.])")
    # "S.C.", "N.J." or "W.Va.": at least two parts, each starting upper case
    initials = [a for a in abbrs if a.count(".") >= 2]
    anywhere = re.compile(r"(?<![\w.\-])(?:" + "|".join(rx(a) for a in initials) + r")(?![\w.])")
    return party, anywhere


def _state_abbreviation_spans(text: str) -> list[tuple[int, int]]:
    party, anywhere = _abbreviation_patterns()
    found = {(m.start(), m.end()) for m in party.finditer(text)}
    found |= {(m.start(), m.end()) for m in anywhere.finditer(text)}
    return sorted(found)


def _repeated_names(doc: Doc, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other occurrences of a name already taken as a place (one sense per story): the
    headline's "Alexandria woman charged ..." when the story says "of Alexandria" later.
    Not inside person, organisation or other entities, nor in a hyphenated compound."""
    names = {doc[s:e].text: e - s for s, e in found if doc[s].text[:1].isupper()}
    if not names:
        return []
    taken = {i for s, e in found for i in range(s, e)}
    blocked = {
        i
        for ent in doc_ents(doc)
        if ent.label_ in _BLOCKING_LABELS or ent.label_ == "ORG"
        for i in range(ent.start, ent.end)
    }
    out = []
    for tok in doc:
        for n in {n for t, n in names.items() if t.startswith(tok.text)}:
            end = tok.i + n
            if end > len(doc) or doc[tok.i : end].text not in names:
                continue
            if any(k in taken or k in blocked for k in range(tok.i, end)):
                continue
            if _in_compound(doc, tok.i, end):
                continue
            out.append((tok.i, end))
    return out


def _mention(doc: Doc, start: int, end: int) -> Mention:
    span = doc[start:end]
    return Mention(span.text, span.start_char, span.end_char)


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the longest of overlapping spans (earliest on ties)."""
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if s >= e or any(i in taken for i in range(s, e)):
            continue
        chosen.append((s, e))
        taken.update(range(s, e))
    return sorted(chosen)


def _strip_determiner(doc: Doc, start: int, end: int) -> int:
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return start


def _entity_span(ent: Span, lex: Lexicon) -> tuple[int, int] | None:
    doc = ent.doc
    start = _strip_determiner(doc, ent.start, ent.end)
    if start >= ent.end:
        return None
    text = doc[start : ent.end].text
    first = text[:1]
    if not first.isupper():
        return None  # "ex-Soviet", "post-Soviet"
    if ent.label_ in _PLACE_LABELS:
        if text in lex.not_places:
            return None
        if ent.label_ == "FAC" and not lex.is_place_name(text):
            return None  # streets and buildings: no gazetteer knows them
        return start, _known_prefix_end(doc, start, ent.end, lex)
    if ent.label_ == "NORP" and lex.is_demonym(text):
        return start, ent.end
    return None


def _known_prefix_end(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a place entity the gazetteer does not know should end: after its longest known
    leading name when it has one ("Lamar County Commissioners" -> "Lamar County"), else at
    its own end."""
    text = doc[start:end].text
    if end - start < 2 or lex.is_place_name(text) or lex.is_place_name(text.rstrip("'’s")):
        return end
    for e in range(end - 1, start, -1):
        head = doc[start:e]
        if head.text in lex.stoplist or not lex.is_place_name(head.text):
            continue
        # only a clear boundary: a unit word ("Lamar County"), a country or region, or a
        # break in the name ("Nice of Russia"); "Khak Chopan" is not the town of Khak
        found = lex.best_population(head.text)
        if (
            head[-1].lower_ in lex.unit_nouns
            or lex.is_country(head.text)
            or (found is not None and found[0])
            or not _is_name(doc[e].text)
        ):
            return e
    return end


def _is_name(t: str) -> bool:
    """A word's text capitalised and longer than one letter: "Kabul", "U.S.", "DeKalb"."""
    return len(t) > 1 and t[0].isupper() and (t[1:].isalpha() or "." in t or "'" in t)


_LINKERS = {"-", "e", "i", "ye", "wa", "al", "el"}


def _is_linker(doc: Doc, i: int) -> bool:
    """A hyphen or a Persian/Arabic linking word inside a name: "Nawa-e Barakzayi"."""
    return doc[i].lower_ in _LINKERS and 0 < i < len(doc) - 1


def _in_compound(doc: Doc, start: int, end: int) -> bool:
    """Whether a hyphen joins the span to more name: "Pul" in "Pul-e Khumri"."""
    before = start > 0 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
    after = end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
    # "Dara i Pech", "Tarnak Wa Jaldak": a linking word between two names
    linked_after = (
        end + 1 < len(doc) and doc[end].lower_ in _LINKERS and _is_name(doc[end + 1].text)
    )
    linked_before = (
        start > 1
        and doc[start - 1].lower_ in _LINKERS
        and (_is_name(doc[start - 2].text) or doc[start - 2].text == "-")  # "Sar-e Pol"
    )
    return before or after or linked_after or linked_before


def _in_longer_name(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the span is one word of a longer name the gazetteer does not know, before a
    locality or unit word: "Qala" in "the Bodana Qala area", "Kash" in "Kash Rod (Delaram)
    district" (a village, not Qala in Azerbaijan). A neighbour that is itself a place, a stop
    word or a local-institution word ("Athens City Council") does not make a longer name."""

    def joins(tok: Token) -> bool:
        return (
            _is_name(tok.text)
            and not tok.is_sent_start
            and tok.text not in lex.stoplist
            and tok.lower_ not in lex.local_institution_words
            and tok.lower_ not in lex.unit_nouns
            and not lex.is_place_name(tok.text)
            and not lex.is_demonym(tok.text)
        )

    name = doc[start:end].text
    if lex.is_demonym(name) or lex.is_country(name):
        return False  # countries stand by themselves
    s, e = start, end
    while s > 0 and doc[s - 1].whitespace_ and joins(doc[s - 1]):
        s -= 1
    while e < len(doc) and doc[e - 1].whitespace_ and joins(doc[e]):
        e += 1
    if (s, e) == (start, end) or e >= len(doc):
        return False
    # only before a locality word: "Metro Vancouver", "Vancouver International Airport" keep
    # their town
    nxt = doc[e]
    return nxt.text == "(" or nxt.lower_ in lex.unit_nouns or nxt.lower_ in _LOCALITY_NOUNS


_LOCALITY_NOUNS = {"area", "areas", "village", "villages", "locality", "neighbourhood"}


def _unit_phrases(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """``<Name> district`` / ``<Name> Province``: the name and the unit word."""
    out = []
    for i, lower in enumerate(doc_lowers(doc)):
        if lower not in lex.unit_nouns or i == 0:
            continue
        tok = doc[i]
        if tok.lower_ in ("state", "city", "town", "village") and not tok.text[0].isupper():
            continue  # "the state", "a city": too often not part of a name
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.like_num:
            continue  # "Fire District 2", "District 9"
        j = tok.i
        while (
            j > 0
            and j > tok.i - _MAX_NGRAM - 2
            and (_is_name(doc[j - 1].text) or _is_linker(doc, j - 1))
            and doc[j - 1].lower_ not in lex.unit_nouns
        ):
            j -= 1
        while j < tok.i and _is_linker(doc, j):
            j += 1
        if any(doc[k].lower_ in lex.institution_words for k in range(j, tok.i)):
            continue
        if j == tok.i or lex.is_country(doc[j : tok.i].text) or lex.is_demonym(doc[j : tok.i].text):
            continue  # "U.S. state", "Afghan province": the country is found by itself
        known = [
            k
            for k in range(j, tok.i)
            if lex.is_place_name(doc[k : tok.i + 1].text) or lex.is_place_name(doc[k : tok.i].text)
        ]
        if tok.text[0].isupper():
            if not known:
                continue  # "Historic District", "Following City": names of nothing we know
            j = known[0]  # "Decatur McLean County" -> "McLean County"
        else:
            while j < tok.i and (doc[j].lower_ in lex.directions or doc[j].text in lex.stoplist):
                j += 1
            if j == tok.i:
                continue
        out.append((j, tok.i + 1))
    return out


def _gazetteer_names(
    doc: Doc, lex: Lexicon, taken_spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Capitalised names in the gazetteer that no entity covers, and the places that name
    organisations ("the U.S. Department of Education", "Gainesville Police")."""
    taken = {i for s, e in taken_spans for i in range(s, e)}
    blocked = {
        i
        for ent in doc_ents(doc)
        if ent.label_ in _BLOCKING_LABELS
        for i in range(ent.start, ent.end)
    }
    orgs = {
        i: ent for ent in doc_ents(doc) if ent.label_ == "ORG" for i in range(ent.start, ent.end)
    }
    out: list[tuple[int, int]] = []
    names = list(map(_is_name, doc_orths(doc)))  # no Token for the words that are no name
    i, size = 0, len(doc)
    while i < size:
        if i in taken or i in blocked or not names[i]:
            i += 1
            continue
        found = None
        for n in range(_MAX_NGRAM, 0, -1):
            end = i + n
            if end > size or any(
                k in taken
                or k in blocked
                or not (names[k] or (i < k < end - 1 and _is_linker(doc, k)))
                for k in range(i, end)
            ):
                continue
            span = doc[i:end]
            org = orgs.get(i)
            if org is not None and (org.end < end or not _trusted_in_org(span, org, lex)):
                continue
            if org is None and any(k in orgs for k in range(i, end)):
                continue
            if (
                not _in_compound(doc, i, end)
                and not (org is None and _in_longer_name(doc, i, end, lex))
                and _trusted_name(span, lex, in_org=org is not None)
            ):
                found = (i, end)
                break
        if found:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out


_PLURAL_UNITS = {"counties", "districts", "provinces", "parishes", "states", "regions"}
_TOWN_PREPS = {"in", "near", "from", "to", "at", "outside"}


def _name_run_before(doc: Doc, end: int) -> int:
    start = end
    while start > 0 and end - start < _MAX_NGRAM and _is_name(doc[start - 1].text):
        start -= 1
    return start


def _coordinated_units(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """Each name of "Walton and Oconee counties", "Cooke, Grayson and Love counties"."""
    out = []
    for i, lower in enumerate(doc_lowers(doc)):
        if lower not in _PLURAL_UNITS:
            continue
        end = i
        while end > 0:
            start = _name_run_before(doc, end)
            if start == end or not lex.is_place_name(doc[start:end].text):
                break
            out.append((start, end))
            if start > 0 and doc[start - 1].lower_ in (",", "and", "or"):
                end = start - 1
                if end > 0 and doc[end].lower_ == "and" and doc[end - 1].text == ",":
                    end -= 1
            else:
                break
    return out


def _towns_after_prepositions(
    doc: Doc, lex: Lexicon, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Towns the NER took for people or organisations where the words say place:
    "in Wichita Falls", "trip to Cancun", "Amstutz, of Wooster"."""
    taken = {i for s, e in spans for i in range(s, e)}
    out = []
    for ent in doc_ents(doc):
        if ent.label_ not in ("PERSON", "ORG") or ent.start == 0 or ent.start in taken:
            continue
        if len(ent) > 3:
            continue
        prev = doc[ent.start - 1].lower_
        comma_of = prev == "of" and ent.start > 1 and doc[ent.start - 2].text == ","
        if prev not in _TOWN_PREPS and not comma_of:
            continue
        if ent.text in lex.stoplist:
            continue
        best = lex.best_population(ent.text)
        if best is not None and (best[0] or best[1] >= _MIN_POPULATION):
            out.append((ent.start, ent.end))
    return out


def _local_modifiers(doc: Doc, lex: Lexicon, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A town naming where someone or something is from: "The Watertown man", "a Gainesville
    restaurant" (whatever label the NER gave it)."""
    taken = {i for s, e in spans for i in range(s, e)}
    out = []
    for i, lower in enumerate(doc_lowers(doc)):
        if lower not in ("a", "an", "the") or i + 2 >= len(doc):
            continue
        tok = doc[i]
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 3 and _is_name(doc[end].text):
            end += 1
        if end == tok.i + 1 or end >= len(doc) or any(k in taken for k in range(tok.i + 1, end)):
            continue
        if doc[end].lower_ not in lex.local_nouns:
            continue
        name = doc[tok.i + 1 : end].text
        if name in lex.stoplist or lex.is_demonym(name):
            continue
        best = lex.best_population(name)
        if best is not None and (best[0] or best[1] >= _MIN_POPULATION):
            out.append((tok.i + 1, end))
    return out


def _datelines(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """A place in capitals opening a story or paragraph: "TORRINGTON —", "BEIRUT:" (the one
    dateline pattern, :mod:`tidings.knowledge.datelines`)."""
    out, text, pattern = [], doc_text(doc), dateline()
    found = {m.start("place"): m for m in pattern.finditer(text)}
    # also after a headline on the same line ("... struck by car . ROSWELL - A man ...")
    orths = doc_orths(doc)  # no Token for the words not after a full stop
    for i in range(1, len(doc)):
        if orths[i - 1] in (".", "?", "!") and (m := pattern.match(text[doc[i].idx :])):
            found.setdefault(doc[i].idx + m.start("place"), m)
    for offset, m in sorted(found.items()):
        if not is_wire_place(m) or len(m["place"]) <= 2:
            continue
        span = doc.char_span(offset, offset + len(m["place"]), alignment_mode="expand")
        if span is None or len(span) > _MAX_NGRAM:
            continue
        if lex.is_place_name(span.text.title()):
            out.append((span.start, span.end))
    return out


def _trusted_in_org(span: Span, org: Span, lex: Lexicon) -> bool:
    """A country, demonym or region anywhere in an organisation's name; a town only first."""
    text = span.text
    if lex.is_country(text) or lex.is_demonym(text):
        return True
    best = lex.best_population(text)
    if best is None:
        return False
    if best[0]:
        return True
    # a town first in the name of its own public body: "Gainesville Police Department",
    # "Hall County Sheriff's Office" (not "Toyota Motor", "Bell Helicopter")
    first = _strip_determiner(org.doc, org.start, org.end)
    follows = {t.lower_ for t in org.doc[span.end : org.end]}
    return (
        span.start == first
        and best[1] >= _MIN_POPULATION
        and bool(follows & lex.local_institution_words)
    )


def _region_names_in_context(
    doc: Doc, lex: Lexicon, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Countries and admin-1 regions the NER took for people, where the syntax says place:
    after "<place>," ("Dawlat Abad district, Balkh") or after "in"/"near"/"across"."""
    ends = {e for _, e in spans}
    starts = {s for s, _ in spans}
    out = []
    lowers, orths, size = doc_lowers(doc), doc_orths(doc), len(doc)
    for i in range(size - 1):
        after_place = orths[i] == "," and i in ends
        # "... in Dawlat Abad district center, Balkh." – a region closing the sentence
        end_of_sentence = i + 2 < size and orths[i + 2] in (".", ";")
        after_place = after_place or (orths[i] == "," and end_of_sentence)
        after_prep = lowers[i] in ("in", "near", "across", "throughout")
        if not (after_place or after_prep) or i + 1 in starts:
            continue
        end = i + 1
        while end < len(doc) and end < i + 1 + _MAX_NGRAM and _is_name(doc[end].text):
            end += 1
        for stop in range(end, i + 1, -1):
            text = doc[i + 1 : stop].text
            best = lex.best_population(text)
            if (
                lex.is_country(text)
                or (best is not None and best[0])
                or (after_place and lex.is_state_abbreviation(text))
            ):
                out.append((i + 1, stop))
                break
    return out


def _trusted_name(span: Span, lex: Lexicon, in_org: bool = False) -> bool:
    """Whether a capitalised name the NER missed is a place. Inside an organisation's name
    a stoplisted name ("Georgia", a first name too) is the country or region it names
    ("the Georgia Bureau of Investigation", "the University of Georgia")."""
    text = span.text
    if in_org and text in lex.stoplist:
        best = lex.best_population(text)
        return lex.is_country(text) or (best is not None and best[0])
    first = span[0]
    if first.is_stop or first.lower_ in ("the", "a", "an"):
        return False  # "We", "The Moscow ..."
    if span.doc.has_annotation("TAG") and not all(t.pos_ == "PROPN" for t in span):
        return False  # "Makes", "Split" in a title-case headline
    if text in lex.stoplist or (text.isupper() and len(text) <= 3 and not lex.is_country(text)):
        return False
    if lex.is_country(text) or lex.is_demonym(text):
        return True
    best = lex.best_population(text)
    if best is None:
        return False
    is_admin1, population = best
    sentence_start = span.start == 0 or span.doc[span.start].is_sent_start
    if is_admin1:
        return not sentence_start or len(span) > 1
    floor = _MIN_POPULATION_SENTENCE_START if sentence_start else _MIN_POPULATION
    return population >= floor


def _with_compass(doc: Doc, span: tuple[int, int], lex: Lexicon) -> tuple[int, int]:
    """Extend a place by a compass adjective before it: "western Kazakhstan"."""
    s, e = span
    if s > 0 and doc[s - 1].lower_ in lex.directions and doc[s - 1].text.islower():
        return s - 1, e
    return s, e


def _compass_of_phrases(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """ "the west of the country", "the north of Syria"."""
    out, lowers = [], doc_lowers(doc)
    for i, lower in enumerate(lowers):
        if lower != "the" or i + 3 >= len(doc):
            continue
        if lowers[i + 1] not in lex.directions or lowers[i + 2] != "of":
            continue
        k = i + 3
        if lowers[k] == "the" and k + 1 < len(doc) and lowers[k + 1] in lex.country_words:
            out.append((i, k + 2))
            continue
        end = k
        while end < len(doc) and end < k + _MAX_NGRAM and _is_name(doc[end].text):
            end += 1
        if end > k and lex.is_place_name(doc[k:end].text):
            out.append((i, end))
    return out


def _demonym_phrases(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """ "Kazakh cities", "the Afghan capital", "Syrian border"."""
    out = []
    lowers, orths = doc_lowers(doc), doc_orths(doc)
    for i in range(len(doc) - 1):
        if lowers[i + 1] in lex.demonym_place_nouns and lex.is_demonym(orths[i]):
            out.append((i, i + 2))
    return out


def _the_capital(doc: Doc) -> list[tuple[int, int]]:
    out = []
    lowers = doc_lowers(doc)
    for i in range(len(doc) - 1):
        if lowers[i] == "the" and lowers[i + 1] == "capital":
            if i + 2 < len(doc) and lowers[i + 2] in ("of", "city", "'s"):
                continue  # "the capital of Mali" is found through "Mali"
            out.append((i + 1, i + 2))
    return out

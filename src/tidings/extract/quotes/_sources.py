"""The medium a story cites for a statement: "according to RIA Novosti", "told Reuters",
"in a statement on Telegram", "said in an interview with CNN".

Only what the sentence says: a source is never carried over from another sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from tidings.extract.quotes._lexicon import Lexicon
from tidings.extract.quotes._speech import phrase_bounds, quoting_verb
from tidings.nlp.text import doc_lowers

_TELL = frozenset({"tell", "speak", "talk", "write", "say"})
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "FAC", "PERSON"})


def according_to(tok: Token) -> Token | None:
    """The object of "according to" when ``tok`` is its "according"."""
    if tok.lower_ != "according":
        return None
    for to in tok.children:
        if to.lower_ == "to":
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
    # some parses hang "to" beside "according"
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for obj in nxt.children:
            if obj.dep_ == "pobj":
                return obj
    return None


def _platform(doc: Doc, start: int, end: int, lex: Lexicon) -> tuple[int, int] | None:
    for i in range(start, end):
        if doc[i].text in lex.platforms:
            return i, i + 1
        if i + 1 < end and f"{doc[i].text} {doc[i + 1].text}" in lex.platforms:
            return i, i + 2
    return None


def _proper_run(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The longest run of proper nouns in ``[start, end)``, nationality words left out."""
    best: tuple[int, int] | None = None
    i = start
    while i < end:
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j < end and (doc[j].pos_ == "PROPN" or doc[j].text in ("-", "&")):
            j += 1
        while i < j - 1 and doc[i].ent_type_ in ("NORP", "GPE"):
            i += 1
        if best is None or j - i > best[1] - best[0]:
            best = (i, j)
        i = j
    return best


def _name(head: Token, lex: Lexicon, *, need_proper: bool) -> tuple[int, int] | None:
    """The name a medium phrase carries ("the state-run RIA Novosti news agency" → RIA Novosti)."""
    doc = head.doc
    start, end = phrase_bounds(head)
    platform = _platform(doc, start, end, lex)
    if platform:
        return platform
    if head.ent_type_ in ("PERSON", "GPE", "NORP", "DATE", "TIME", "CARDINAL"):
        media = any(doc[i].lemma_.lower() in lex.media_nouns for i in range(start, end))
        if not media:
            return None
    run = _proper_run(doc, start, end)
    media_head = head.lemma_.lower() in lex.media_nouns
    if run:
        if media_head or head.pos_ == "PROPN" or head.ent_type_ in _NAME_LABELS:
            return run
        return None
    if media_head and not need_proper:
        while start < end and doc[start].pos_ in ("DET", "PRON"):
            start += 1
        return start, end
    return None


def _through_vehicle(obj: Token, lex: Lexicon, depth: int = 0) -> tuple[int, int] | None:
    """A medium named by a preposition's object, possibly through "a statement on ..."."""
    name = _name(obj, lex, need_proper=False)
    if name:
        return name
    if depth >= 2 or obj.lemma_.lower() not in lex.vehicle_nouns:
        return None
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in lex.medium_prepositions:
            for inner in prep.children:
                if inner.dep_ == "pobj":
                    found = _through_vehicle(inner, lex, depth + 1)
                    if found:
                        return found
        if prep.dep_ == "acl":  # "a statement published on Telegram"
            for sub in prep.children:
                if sub.dep_ == "prep":
                    for inner in sub.children:
                        if inner.dep_ == "pobj":
                            found = _through_vehicle(inner, lex, depth + 1)
                            if found:
                                return found
    return None


def _addressee(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """A named medium right after "told" that the parser did not make its object."""
    doc = verb.doc
    end = verb.i + 1
    while end < len(doc) and end - verb.i <= 6 and not (doc[end].is_punct or doc[end].is_quote):
        if doc[end].pos_ in ("VERB", "AUX") or doc[end].lower_ == "that":
            break
        end += 1
    if not any(doc[i].lemma_.lower() in lex.media_nouns for i in range(verb.i + 1, end)):
        return None
    return _platform(doc, verb.i + 1, end, lex) or _proper_run(doc, verb.i + 1, end)


def _verb_sources(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    if verb.lemma_.lower() in _TELL and not any(
        c.dep_ in ("dobj", "dative") for c in verb.children
    ):
        found = _addressee(verb, lex)
        if found:
            return found
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and verb.lemma_.lower() in _TELL:
            found = _name(child, lex, need_proper=True)
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ in lex.medium_prepositions:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = _through_vehicle(obj, lex)
                    if found:
                        return found
        if child.dep_ == "advcl" and child.lemma_.lower() in ("speak", "talk", "write"):
            found = _verb_sources(child, lex)
            if found:
                return found
    return None


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def find_source(
    cue: Token, sentence: tuple[int, int], exclude: list[tuple[int, int]], lex: Lexicon
) -> tuple[int, int] | None:
    """Token bounds of the medium cited for the statement ``cue`` reports, if the text names one.

    ``sentence`` is the token range searched for "according to"; ``exclude`` the token ranges
    of the content and the speaker, which are never the cited medium.
    """
    doc = cue.doc
    quoting = quoting_verb(cue)
    if quoting is not None:  # "State TV quoted the governor as saying …": State TV
        for child in quoting.children:
            if child.dep_ == "nsubj":
                named = _name(child, lex, need_proper=False)
                if named:
                    return named
    found = _verb_sources(cue, lex)
    if found and not _inside(found[0], exclude):
        return found
    lowers = doc_lowers(doc)  # no Token for the words that are not "according"
    for i in range(*sentence):
        if lowers[i] != "according" or _inside(i, exclude):
            continue
        obj = according_to(doc[i])
        if obj is not None:
            found = _through_vehicle(obj, lex) or _name(obj, lex, need_proper=True)
            if found and not _inside(found[0], exclude):
                return found
    return None


def medium_name(head: Token, lex: Lexicon) -> tuple[int, int] | None:
    """The medium's name when the phrase headed by ``head`` names a news medium or platform."""
    doc = head.doc
    start, end = phrase_bounds(head)
    media = any(doc[i].lemma_.lower() in lex.media_nouns for i in range(start, end))
    if not media and _platform(doc, start, end, lex) is None:
        return None
    return _through_vehicle(head, lex)

"""Find trigger words in a sentence: lexicon lookups by lemma plus each entry's conditions."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from tidings.extract.events.lexicon import Entry, lexicon, words
from tidings.extract.events.syntax import agents, is_passive, prep_objects, subjects
from tidings.nlp.text import doc_lemmas, doc_lowers

_OBJ_DEPS = frozenset({"dobj", "attr", "oprd", "xcomp", "ccomp", "dative", "nsubjpass", "pobj"})
_MOD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
_NAME_ENTS = frozenset(
    {"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "GPE", "NORP", "DATE", "TIME"}
)
_PERSONISH_SKIP = frozenset(
    {
        "meeting",
        "election",
        "talk",
        "event",
        "rally",
        "session",
        "poll",
        "sabha",
        "march",
        "situation",
        "conference",
        "function",
        "programme",
        "program",
        "ceremony",
        "party",
    }
)


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    entry: Entry
    extra: tuple[Token, ...] = ()  # other words of a multi-word trigger


def _pos_ok(t: Token, e: Entry) -> bool:
    if not e.pos:
        return t.pos_ not in ("PUNCT", "DET", "ADP", "CCONJ", "PART", "SYM", "NUM")
    if t.pos_ in e.pos:
        return True
    if t.dep_ in ("prep", "mark", "advmod", "agent"):
        return False  # "according to", "following the attack"
    # lower-cased and headline text: gerunds and capitalised nouns, verbs tagged as nouns
    if "NOUN" in e.pos and (t.tag_ == "VBG" or t.pos_ == "PROPN"):
        return True
    if "VERB" in e.pos and t.pos_ in ("AUX", "ADJ") and t.tag_.startswith("VB"):
        return True
    return "VERB" in e.pos and t.pos_ == "NOUN" and t.tag_.startswith("VB")


def _rest_ok(t: Token, e: Entry) -> tuple[bool, tuple[Token, ...]]:
    if not e.rest:
        return True, ()
    doc = t.doc
    want = e.rest[0]
    for c in t.children:
        if c.dep_ in ("prt", "prep", "dobj", "advmod", "acomp", "oprd") and want in (
            c.lower_,
            c.lemma_.lower(),
        ):
            return True, (c,)
    if t.i + 1 < len(doc) and want in (doc[t.i + 1].lower_, doc[t.i + 1].lemma_.lower()):
        return True, (doc[t.i + 1],)
    return False, ()


def _obj_tokens(t: Token) -> list[Token]:
    out = [c for c in t.children if c.dep_ in _OBJ_DEPS]
    out += [p for c in t.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return out


def _obj_words(t: Token) -> set[str]:
    """Objects and their own modifiers ("an attempted *coup* d'etat")."""
    toks = _obj_tokens(t)
    toks += [m for o in toks for m in o.children if m.dep_ in ("compound", "amod", "nmod")]
    return {o.lemma_.lower() for o in toks} | {o.lower_ for o in toks}


def _mods(t: Token) -> set[str]:
    out = {c.lemma_.lower() for c in t.children if c.dep_ in _MOD_DEPS}
    out |= {c.lower_ for c in t.children if c.dep_ in _MOD_DEPS}
    if t.i > 0 and t.doc[t.i - 1].dep_ in _MOD_DEPS:
        out.add(t.doc[t.i - 1].lower_)
    return out


def _prev_words(t: Token) -> set[str]:
    doc = t.doc
    out: set[str] = set()
    j = t.i - 1
    while j >= 0 and len(out) < 2:
        if doc[j].text not in ("-", "–"):
            out.add(doc[j].lower_)
        j -= 1
    return out


def _is_negated(t: Token) -> bool:
    return any(c.dep_ == "neg" for c in t.children)


_PERSON_PRONOUNS = frozenset(
    {
        "he",
        "she",
        "they",
        "them",
        "him",
        "her",
        "we",
        "us",
        "i",
        "me",
        "you",
        "who",
        "whom",
        "those",
        "some",
        "many",
        "others",
        "all",
        "both",
        "several",
        "few",
        "one",
    }
)


def is_person_like(h: Token) -> bool:
    """People, not things: a person noun, a counted phrase, a personal pronoun, a PERSON."""
    low, lemma = h.lower_, h.lemma_.lower()
    if low in _PERSON_PRONOUNS or h.ent_type_ in ("PERSON", "NORP"):
        return True
    if lemma in _PERSONISH_SKIP:
        return False
    if lemma in words()["actor_nouns"] or low in words()["actor_nouns"]:
        return True
    if h.like_num or low in words().vague or low in words().numbers:
        return True
    return any(c.dep_ == "nummod" for c in h.children)


def _patients(t: Token) -> list[Token]:
    """The verb's direct object, or its subject in the passive: what was done to."""
    return [c for c in t.children if c.dep_ in ("nsubjpass", "dobj")]


def _person_ok(t: Token, rule: str) -> bool:
    objs = _patients(t)
    if rule == "soft":
        skip = words()["non_person_objects"]
        return not any(o.lemma_.lower() in skip or o.lower_ in skip for o in objs)
    armed = words()["armed_nouns"]
    if any(a.lemma_.lower() in armed or a.lower_ in armed for a in agents(t)):
        return True  # "was picked up by police": the agent says what kind of taking it was
    if (
        not objs
        and t.dep_ in ("acl", "amod", "relcl")
        and t.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON")
    ):
        objs = [t.head]
    if not objs:
        return rule == "soft"
    return any(is_person_like(o) for o in objs)


_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _place_ok(t: Token) -> bool:
    """Whether the object (or passive subject) is a place: one the NER names ("retook
    Mosul") or a place or target noun ("captured the town", "recaptured a base")."""
    w = words()
    kinds = w["place_nouns"] | w["target_nouns"]
    return any(o.ent_type_ in _PLACE_ENTS or o.lemma_.lower() in kinds for o in _patients(t))


def conditions_hold(t: Token, e: Entry) -> bool:
    """Whether entry ``e``'s conditions hold for trigger token ``t``."""
    if not _pos_ok(t, e):
        return False
    if e.obj and not _obj_words(t) & e.obj:
        return False
    if e.obj_any:
        found = {x.lemma_.lower() for o in _obj_tokens(t) for x in o.subtree}
        found |= {x.lower_ for o in _obj_tokens(t) for x in o.subtree}
        # a complement the parser reads as the verb's adverb counts too, as it does in the
        # passive ("was set *ablaze* by militants")
        found |= {c.lower_ for c in t.children if c.dep_ == "advmod"}
        if not found & e.obj_any:
            return False
    if e.prt and not ({c.lower_ for c in t.children if c.dep_ in ("prt", "prep")} & e.prt):
        return False
    if e.prep_obj and not e.prep_obj[1]:  # any phrase after the preposition: "from leaving"
        if not any(c.dep_ == "prep" and c.lower_ in e.prep_obj[0] for c in t.children):
            return False
    elif e.prep_obj:
        preps, objs = e.prep_obj
        pairs = [
            p.lemma_.lower()
            for c in t.children
            if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children
            if p.dep_ == "pobj"
        ]
        if not set(pairs) & objs:
            return False
    if e.prev and not (_prev_words(t) & e.prev):
        return False
    if e.mod and not (_mods(t) & e.mod):
        return False
    if e.not_mod and (_mods(t) & e.not_mod):
        return False
    if e.neg and not _is_negated(t):
        return False
    if e.passive is not None and is_passive(t) != e.passive:
        return False
    if e.person and not _person_ok(t, e.person):
        return False
    if e.place and not _place_ok(t):
        return False
    if e.subj_any:
        heads = subjects(t)
        # "thousands of garment workers walked out": the counted noun is the subject
        heads += [p for h in heads for _, p in prep_objects(h, {"of"})]
        subs = {s.lemma_.lower() for s in heads}
        if not subs & e.subj_any:
            return False
    return True


def _is_month(t: Token) -> bool:
    """ "march 15", "9 march": the month, even where lower case hides it from NER."""
    if t.lower_ not in ("march", "may"):
        return False
    doc = t.doc
    return any(0 <= j < len(doc) and doc[j].like_num for j in (t.i - 1, t.i + 1))


def find_triggers(sent: Span) -> list[Trigger]:
    """Every trigger in a sentence, at most one entry per token (the first that holds)."""
    found: list[Trigger] = []
    doc = sent.doc
    lemmas, lowers, lex = doc_lemmas(doc), doc_lowers(doc), lexicon()
    for i in range(sent.start, sent.end):
        # the lexicon look-up first, on the document's word lists: most words trigger
        # nothing, and the checks below (and making their Token) cost more than it
        lemma, lower = lemmas[i], lowers[i]
        tried = (lex.get(lemma, ()), lex.get(lower, ()) if lower != lemma else ())
        if not (tried[0] or tried[1]):
            continue
        t = doc[i]
        if t.is_punct or t.is_space or t.like_num or t.ent_type_ in _NAME_ENTS:
            continue  # "Security Treaty Organization", "On 9 March": names and dates, not events
        if _is_month(t):
            continue
        if (
            t.dep_ == "compound"
            and t.pos_ in ("NOUN", "PROPN")
            and t.head.pos_ in ("NOUN", "PROPN")
        ):
            continue  # "arrest warrant", "protest site": a modifier, not an event
        for entries in tried:
            hit = _first_match(t, entries)
            if hit is not None:
                found.append(hit)
                break
    return _drop_parts(found)


def _first_match(t: Token, entries: tuple[Entry, ...]) -> Trigger | None:
    for e in entries:
        ok, extra = _rest_ok(t, e)
        if ok and conditions_hold(t, e):
            return Trigger(t, e, extra)
    return None


def _drop_parts(found: list[Trigger]) -> list[Trigger]:
    """A word that is part of another trigger ("open *fire*", "lathi-*charge*") is not its own."""
    used = {x.i for tr in found for x in tr.extra}
    by_token = {tr.token.i: tr for tr in found}
    out = []
    for tr in found:
        if tr.token.i in used:
            continue
        head = by_token.get(tr.token.head.i)
        if (
            head is not None
            and head is not tr
            and tr.token.dep_ in ("dobj", "compound", "oprd", "attr", "amod")
            and (head.entry.type == tr.entry.type or tr.entry.casualty)
            and tr.token.pos_ != "VERB"
        ):
            continue  # "opened fire", "deployed reinforcements": one event, the verb's
        if _consumed(tr, by_token):
            continue
        out.append(tr)
    return out


def _argument_of(t: Token) -> tuple[Token, str]:
    """The word a noun phrase is an argument of (past coordination and prepositions), and
    the phrase's relation to it."""
    h = t
    while h.dep_ == "conj" and h.head.i != h.i:
        h = h.head
    if h.dep_ == "pobj" and h.head.dep_ in ("prep", "agent"):
        return h.head.head, "pobj"
    return h.head, h.dep_


def _consumed(tr: Trigger, by_token: dict[int, Trigger]) -> bool:
    """A noun that names a thing another trigger acts on, not an event of its own: weapons
    moved or given ("massed tanks and *artillery*"), a restriction lifted ("lifted the
    *curfew*"), protesters who are the victims or objects ("fired on *protesters*")."""
    t, e = tr.token, tr.entry
    if t.pos_ == "VERB" or t.tag_ == "VBG":
        return False
    head, rel = _argument_of(t)
    host = by_token.get(head.i)
    if host is None or host is tr:
        return False
    if e.type == "ASSAULT" and host.entry.type in ("MOBILIZE", "AID"):
        return rel == "dobj"
    if host.entry.type == "RETREAT" and "access" in host.entry.mode:
        return rel in ("dobj", "nsubjpass")
    if e.id == "protesters" and host.entry.type != "PROTEST":
        return rel in ("dobj", "pobj", "nsubjpass")
    return False


def is_lowercased(sent: Span) -> bool:
    alpha = [t for t in sent if t.is_alpha]
    return bool(alpha) and not any(t.text[0].isupper() for t in alpha[1:])


__all__ = ["Trigger", "conditions_hold", "find_triggers", "is_lowercased", "words"]

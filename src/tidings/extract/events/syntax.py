"""Dependency-tree helpers: noun-phrase spans, subjects and objects, voice, attached phrases."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tidings.extract.events.lexicon import words
from tidings.extract.types import Mention
from tidings.knowledge.datelines import dateline_end as text_dateline_end
from tidings.nlp.text import doc_text, token_sentence

_DATELINE_ENDS = "tidings.dateline_ends"  # per sentence start, on the doc's user_data

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ", "DET", "X"})
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_NOT_ACTOR_PRONOUNS = frozenset(
    {"it", "this", "that", "which", "what", "there", "these", "those", "itself", "something"}
    | {"anything", "nothing", "everything", "all", "one", "himself", "herself", "themselves"}
    | {"myself", "ourselves", "yourself"}
)
# right-hand children kept in an actor phrase: "of" PPs name the body ("Forces of Afghanistan")
_KEEP_RIGHT = frozenset({"compound", "amod", "nummod", "poss", "nmod", "flat"})


def mention(doc_text: str, start: int, end: int) -> Mention:
    return Mention(text=doc_text[start:end], start=start, end=end)


def span_mention(span: Span) -> Mention:
    return Mention(text=span.text, start=span.start_char, end=span.end_char)


def dateline_end(t: Token) -> int:
    """Character offset where the dateline of ``t``'s sentence ends (its start if none)."""
    sent = token_sentence(t)
    ends: dict[int, int] = t.doc.user_data.setdefault(_DATELINE_ENDS, {})
    end = ends.get(sent.start)
    if end is None:
        text = doc_text(t.doc)[sent.start_char : sent.end_char]
        end = ends[sent.start] = sent.start_char + text_dateline_end(text)
    return end


_RELATIVES = frozenset({"who", "which", "that", "whom"})


def _left_edge(h: Token) -> int:
    """First token index of h's phrase, leaving out coordinated siblings and punctuation."""
    left = h.i
    for c in h.lefts:
        if c.dep_ in ("cc", "preconj", "punct") and c.i < h.i:
            continue
        if c.dep_ == "conj":
            continue
        left = min(left, c.left_edge.i)
    return left


def _right_edge(h: Token) -> int:
    right = h.i
    for c in h.rights:
        if (
            c.dep_ in _KEEP_RIGHT
            or (c.dep_ == "prep" and c.lower_ == "of" and h.pos_ in ("NOUN", "PROPN"))
            or (c.dep_ == "appos" and c.pos_ == "PROPN" and c.i == right + 2)
        ):
            right = max(right, c.right_edge.i)
        else:
            break
    return right


def np_span(h: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``h`` without its conjuncts."""
    start, end = _left_edge(h), _right_edge(h) + 1
    doc = h.doc
    cut = dateline_end(h)
    while start < h.i and doc[start].idx < cut:
        start += 1
    while start < h.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > h.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    # an opening quote left unclosed inside the phrase: the quoted words are the name
    for j in range(h.i - 1, start - 1, -1):
        if (
            doc[j].is_quote
            and doc[j].is_left_punct
            and not any(doc[k].is_quote for k in range(j + 1, end))
        ):
            start = j + 1
            break
    return start, end


def conj_heads(h: Token) -> list[Token]:
    """``h`` and the nouns coordinated with it ("officials and media" -> both heads)."""
    out = [h]
    stack = [h]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ == "conj" and c.pos_ in NOMINAL and c.pos_ != "ADJ":
                out.append(c)
                stack.append(c)
    return sorted(out, key=lambda t: t.i)


def is_actor_like(h: Token) -> bool:
    """Whether a phrase head can name an actor or a victim (a who, not a what)."""
    w = words()
    low, lemma = h.lower_, h.lemma_.lower()
    if h.pos_ == "PRON":
        return low not in _NOT_ACTOR_PRONOUNS
    if h.ent_type_ in _ACTOR_ENTS:
        return True
    if lemma in w["actor_nouns"] or low in w["actor_nouns"]:
        return True
    if h.pos_ == "PROPN" and h.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"):
        return True
    if h.like_num or lemma in w.vague or low in w.vague:
        return True
    return any(c.dep_ == "nummod" for c in h.children) and h.pos_ == "NOUN"


def is_passive(v: Token) -> bool:
    """Passive voice, including reduced forms ("people killed in", "five injured")."""
    if any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in v.children):
        return True
    if v.tag_ != "VBN":
        return False
    if v.dep_ in ("acl", "amod"):
        return True
    if any(c.dep_ in ("aux", "dobj") for c in v.children):
        return False  # "have killed", "will be": voice is marked; "killed five": active
    subs = [c for c in v.children if c.dep_ == "nsubj"]
    if subs:
        # "five injured": a bare count is the victim; "police fired": a subject is the agent
        return all(s.like_num or s.lower_ in words().vague for s in subs)
    return v.dep_ == "conj" and is_passive(v.head)


def subjects(v: Token) -> list[Token]:
    """Grammatical subjects of a verb, inherited through conjunction, xcomp and relatives."""
    cur = v
    for _ in range(4):
        subs = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        subs = [s for s in subs if s.dep_ != "expl"]
        if subs and cur.dep_ == "relcl" and subs[0].lower_ in _RELATIVES:
            return [cur.head]  # "the policemen who killed ...": who = the policemen
        if subs:
            return subs
        if cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX"):
            cur = cur.head
        elif cur.dep_ == "xcomp":
            objs = [c for c in cur.head.children if c.dep_ == "dobj"]
            if objs and cur.head.lemma_.lower() in words()["object_control_verbs"]:
                return objs
            cur = cur.head
        elif cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            verb = cur.head.head
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            if (
                objs
                and cur.head.lower_ in ("of", "for")
                and (verb.lemma_.lower() in words()["charge_verbs"])
            ):
                return objs  # "Kyiv accused Moscow of shelling": Moscow shelled
            cur = verb  # "police resorted to firing"
        elif cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [cur.head]
        elif cur.dep_ == "advcl" and cur.tag_ == "VBG":
            cur = cur.head  # "Speaking at the summit, X called ...": X speaks
        else:
            return []
    return []


def agents(v: Token) -> list[Token]:
    """The "by X" agents of a passive verb."""
    out: list[Token] = []
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def objects(v: Token) -> list[Token]:
    return [c for c in v.children if c.dep_ in ("dobj", "dative")]


def prep_objects(h: Token, preps: frozenset[str] | set[str]) -> list[tuple[Token, Token]]:
    """(preposition, object) pairs under ``h`` for the given prepositions."""
    out: list[tuple[Token, Token]] = []
    for c in h.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            out.extend((c, p) for p in c.children if p.dep_ == "pobj")
    return out


def governing_verb(t: Token) -> Token | None:
    """For a noun trigger, the verb it is the object or subject of ("launched an attack")."""
    if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("pobj", "nsubj", "nsubjpass", "dobj"):
        return None
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ == "VERB":
        return t.head.head  # "resorted to firing", "put under house arrest"
    if t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") and t.head.pos_ in ("VERB", "AUX"):
        return t.head
    return None

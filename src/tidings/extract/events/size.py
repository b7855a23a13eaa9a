"""How many: numbers in digits ("2,500"), words ("twelve"), vague words ("dozens") and sums.

A count is returned with the words it came from and the token indices used, so that two
triggers counting the same phrase do not count it twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from tidings.extract.events.lexicon import words
from tidings.extract.events.syntax import conj_heads

_DIGITS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")
_RANGE = re.compile(r"^(\d+)[-–](\d+)$")
# a singular person noun with an article counts one ("a soldier was killed")
_ONE_DETS = frozenset({"a", "an", "the", "one", "this", "that"})


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    words: str
    tokens: frozenset[int]


def _number_value(t: Token) -> int | None:
    """The value of one number token, or None."""
    low = t.lower_.replace("\u00a0", "")
    if _DIGITS.match(low):
        return int(re.sub(r"[,.]", "", low)) if len(low) < 16 else None
    m = _RANGE.match(low)
    if m:
        return int(m.group(1))  # "5-7 policemen": a coder takes the lower bound
    w = words()
    if low in w.numbers:
        return w.numbers[low]
    return None


def _number_phrase(t: Token) -> tuple[int, list[Token]] | None:
    """A number with its compound parts ("two hundred", "1.5 million", "nearly 8,000")."""
    val = _number_value(t)
    if val is None:
        return None
    parts = [t]
    w = words()
    doc = t.doc
    if t.i >= 2 and doc[t.i - 1].text in ("-", "–", "to") and doc[t.i - 2].head == t:
        low = _number_value(doc[t.i - 2])
        if low is not None and low < val:  # "5-7 policemen": a coder takes the lower bound
            return low, [doc[t.i - 2], doc[t.i - 1], t]
    for c in t.children:
        if c.dep_ in ("compound", "nummod", "quantmod") and c.i < t.i:
            cv = _number_value(c)
            if cv is not None and t.lower_ in w.multipliers:
                val = cv * w.multipliers[t.lower_]
                parts.append(c)
            elif cv is not None and 20 <= cv <= 90 and cv % 10 == 0 and 0 < val < 10:
                val = cv + val  # "twenty-three": tens and units in words
                parts.append(c)
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.lower_ in w.multipliers and val < 1000 and nxt.head == t:
        val = val * w.multipliers[nxt.lower_]
        parts.append(nxt)
    return val, parts


def _phrase_words(tokens: list[Token]) -> str:
    doc = tokens[0].doc
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens)
    # keep "nearly"/"at least" style modifiers in the words
    while (
        lo > 0
        and doc[lo - 1].dep_ in ("advmod", "quantmod")
        and doc[lo - 1].head.i in {t.i for t in tokens}
    ):
        lo -= 1
    return doc[lo : hi + 1].text


_COLLECTIVE = frozenset(
    {
        "group",
        "force",
        "army",
        "police",
        "unit",
        "family",
        "crowd",
        "mob",
        "community",
        "detachment",
        "contingent",
        "battalion",
        "brigade",
        "government",
        "team",
        "gang",
        "people",
    }
)


def count_head(h: Token, singular_one: bool = True) -> Count | None:
    """The count of one noun-phrase head (not its conjuncts)."""
    w = words()
    low, lemma = h.lower_, h.lemma_.lower()
    # the head itself is a number: "5 were wounded", "Dozens have been killed"
    if h.like_num or (_number_value(h) is not None and h.pos_ == "NUM"):
        ph = _number_phrase(h)
        if ph is not None:
            return Count(ph[0], _phrase_words(ph[1]), frozenset(t.i for t in ph[1]))
    if low in w.vague and h.tag_ in ("NNS", "NN", "JJ", "CD", "NNP"):
        return Count(w.vague[low], h.text, frozenset({h.i}))
    for c in h.children:
        if c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.lower_ in w.vague):
            ph = _number_phrase(c)
            if ph is not None:
                return Count(ph[0], _phrase_words(ph[1]), frozenset(t.i for t in ph[1]))
            if c.lower_ in w.vague:
                return Count(w.vague[c.lower_], c.text, frozenset({c.i}))
    # "thousands of protesters", "a dozen people": the quantity governs the noun
    if h.dep_ == "pobj" and h.head.lower_ == "of":
        q = h.head.head
        if q.lower_ in w.vague or q.like_num:
            inner = count_head(q)
            if inner is not None:
                return inner
    if singular_one and h.tag_ in ("NN", "NNP") and lemma not in _COLLECTIVE:
        dets = {c.lower_ for c in h.children if c.dep_ == "det"}
        if dets & _ONE_DETS and h.pos_ == "NOUN":
            return Count(1, h.text, frozenset())
    return None


def count_phrase(h: Token, singular_one: bool = True) -> Count | None:
    """The count of a phrase and its coordinated phrases ("3 police and 2 civilians" -> 5)."""
    counts = [c for c in (count_head(x, singular_one) for x in conj_heads(h)) if c is not None]
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]
    return Count(
        sum(c.value for c in counts),
        " + ".join(c.words for c in counts),
        frozenset().union(*(c.tokens for c in counts)),
    )


def nearby_number(t: Token) -> Count | None:
    """A number just before a casualty word ("12 dead", "five injured")."""
    doc = t.doc
    for j in range(t.i - 1, max(-1, t.i - 4), -1):
        tok = doc[j]
        if tok.is_punct and tok.text not in ("-",):
            break
        if tok.like_num or tok.lower_ in words().vague:
            return count_head(tok)
    return None

"""Whether an event happened: asserted, negated, future, hypothetical or historical.

The rules read the trigger's clause: negation children, modal auxiliaries, the verb it is the
complement of ("threatened to impose", "failed to stop"), conditionals ("if"), and time
modifiers that put it in the past ("in 2016", "years ago").
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from tidings.extract.events.lexicon import words
from tidings.records import Modality

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp"})


def _negated(pred: Token, trigger: Token, ignore_neg: bool) -> str | None:
    w = words()
    if (
        pred != trigger
        and trigger.dep_ == "pobj"
        and trigger.head.lower_ in ("in", "during")
        and trigger.head.head == pred
    ):
        # "no one was hurt in the blast": the harm is denied, the blast is not
        pred = trigger
    for t in {pred, trigger}:
        for c in t.children:
            if c.dep_ == "neg" and not ignore_neg:
                return f"negation '{c.text}'"
            if c.dep_ == "det" and c.lower_ in ("no", "neither"):
                return f"determiner '{c.text}'"
    for c in pred.children:
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in ("nobody", "none", "noone")
            or any(d.lower_ in ("no", "not", "never") for d in c.children)
        ):
            return f"subject '{c.text}' negated"  # "no one", "not a single activist"
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "without":
        return "'without'"
    head = pred.head
    if pred.dep_ in ("xcomp", "pcomp", "ccomp") and head.lemma_.lower() in w["negating_heads"]:
        return f"'{head.text}' negates it"
    if pred.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_ in ("prevent", "stop"):
        return f"'{head.head.text}' prevented it"
    return None


def _aux_modality(pred: Token, ignore_future: bool) -> tuple[Modality, str] | None:
    w = words()
    for c in pred.children:
        if c.dep_ not in ("aux", "auxpass"):
            continue
        low = c.lower_
        if low in w["future_aux"] and not ignore_future:
            return "future", f"auxiliary '{c.text}'"
        if low in w["hypothetical_aux"]:
            if low in ("would", "'d") and pred.head.lemma_ in w["speech_verbs"]:
                return ("future", f"reported '{c.text}'") if not ignore_future else None
            return "hypothetical", f"modal '{c.text}'"
        if low == "going" or (low == "to" and pred.dep_ == "xcomp" and pred.head.lower_ == "going"):
            return "future", "'going to'"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in pred.children):
        return "hypothetical", "conditional clause"
    return None


def _embedding(pred: Token) -> tuple[Modality, str] | None:
    """The verb a trigger is the complement of decides whether it happened."""
    w = words()
    cur = pred
    for _ in range(4):
        if cur.dep_ == "conj":
            cur = cur.head  # "a ban on the party and arrest of its leaders"
            continue
        if cur.dep_ == "xcomp" and cur.head.lemma_ == "have" and cur.head.tag_ != "VBD":
            return "hypothetical", "obligation 'have to'"
        if cur.dep_ not in ("xcomp", "ccomp", "pcomp", "advcl") and not (
            cur.dep_ == "pobj" and cur.head.lower_ in ("for", "of")
        ):
            return None
        head = cur.head if cur.dep_ != "pobj" else cur.head.head
        lemma = head.lemma_.lower()
        if cur.dep_ == "advcl":
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
                return "hypothetical", "conditional clause"
            return None
        if lemma in w["speech_verbs"] and cur.dep_ == "ccomp":
            return None  # reported as fact: the event is as asserted as the report
        if cur.dep_ == "xcomp" or cur.dep_ == "pobj" or lemma in w["future_heads"]:
            if lemma in w["future_heads"]:
                return "future", f"complement of '{head.text}'"
            if lemma in w["hypothetical_heads"]:
                return "hypothetical", f"complement of '{head.text}'"
        if lemma in w["subjunctive_heads"] and cur.dep_ == "ccomp":
            return "hypothetical", f"complement of '{head.text}'"
        cur = head
    return None


def _shallow(t: Token) -> list[Token]:
    """``t``'s phrase without the clauses and appositions nested in it."""
    out = [t]
    for c in t.children:
        if c.dep_ not in _CLAUSE_DEPS and c.dep_ != "appos":
            out.extend(_shallow(c))
    return sorted(out, key=lambda x: x.i)


def _modifier_text(pred: Token) -> tuple[str, list[int]]:
    """Lower-cased text of the time/place modifiers of ``pred`` and the years in them."""
    parts: list[str] = []
    years: list[int] = []
    for c in pred.children:
        if c.dep_ in ("prep", "npadvmod", "advmod", "tmod"):
            sub = _shallow(c)
            parts.append(" ".join(t.lower_ for t in sub))
            years.extend(int(t.text[:4]) for t in sub if _YEAR.match(t.text))
    return " ".join(parts), years


def claimed_by(pred: Token) -> Token | None:
    """The verb of allegation an event is reported under ("X alleged that police fired")."""
    cur = pred
    claims = words()["claim_verbs"]
    if (
        cur.dep_ == "pcomp"
        and cur.head.lower_ in ("of", "for")
        and cur.head.head.lemma_.lower() in claims
    ):
        return cur.head.head  # "Kyiv accused Moscow of shelling the plant"
    for _ in range(3):
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in claims:
            return cur.head
        if cur.dep_ not in ("conj", "xcomp"):
            return None
        cur = cur.head
    return None


def modality(
    trigger: Token,
    pred: Token,
    *,
    speech: bool = False,
    trigger_negation: bool = False,
    published_year: int | None = None,
) -> tuple[Modality, str]:
    """The modality of the event at ``trigger`` whose clause verb is ``pred``, and why."""
    neg = _negated(pred, trigger, ignore_neg=trigger_negation)
    if neg:
        return "negated", neg
    aux = _aux_modality(pred, ignore_future=speech)
    if aux is None and pred == trigger and trigger.pos_ == "NOUN":
        # "can be arrested under the clauses of preventive detention": a noun shares the modal
        # of the clause it sits in (not its negation: "did not comment on the arrest")
        verb = next((a for a in trigger.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None:
            aux = _aux_modality(verb, ignore_future=False)
    if aux:
        return aux
    if (
        pred != trigger
        and trigger.dep_ == "dobj"
        and (pred.lemma_.lower() in words()["hypothetical_heads"])
    ):
        return "hypothetical", f"object of '{pred.text}'"
    if not speech:
        emb = _embedding(pred)
        if emb:
            return emb
    text, years = _modifier_text(pred)
    if pred != trigger:
        t2, y2 = _modifier_text(trigger)
        text, years = f"{text} {t2}", years + y2
    for phrase in words().phrases["historical_phrases"]:
        if phrase in text:
            return "historical", f"'{phrase}'"
    ref = published_year
    if years and ref and max(years) < ref:
        return "historical", f"year {max(years)} before {ref}"
    return "asserted", ""

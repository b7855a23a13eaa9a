"""Reporting verbs in a dependency parse: what each one reports, and who reports it.

A cue verb's content is read from its dependents by frame (see ``data/quotes/cues.yaml``):
a clause ("said that ..."), an accusation ("accused X of Y"), a denied claim ("dismissed
claims that ..."), a naming ("called X Y"), a preposition ("warned of ..."), an infinitive
("vowed to ...") or an object ("confirmed the deal"). Its speaker is its subject, inherited
through coordination and participles ("Putin said, calling ..."), or the noun a relative
clause hangs on ("officials, who said ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.extract.quotes._lexicon import Lexicon

_SUBJECTS = ("nsubj",)
_INHERIT = ("conj", "advcl", "xcomp")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_NOT_CUE_DEPS = frozenset({"amod", "compound", "acl", "nmod", "npadvmod"})
_COMPLEMENTS = frozenset({"oprd", "ccomp", "xcomp", "attr", "dobj", "npadvmod", "appos"})
_DROP_FROM_PHRASE = frozenset({"relcl", "acl", "advcl"})
MAX_PHRASE = 12  # tokens; a longer speaker phrase is a parse gone wrong
_PREMODIFIERS = frozenset({"det", "compound", "amod", "poss", "case", "nummod", "flat", "punct"})
_NOT_SPEAKERS = frozenset({"there", "that", "this", "which", "what"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_PASSIVE_SPEAKER_HEADS = frozenset({"quote", "cite"})
_QUOTING = frozenset({"quote", "cite"})
SAY_LIKE = frozenset(
    {"say", "tell", "state", "add", "report", "claim", "announce", "write", "insist", "warn"}
)


@dataclass(frozen=True, slots=True)
class Report:
    """One cue verb's content heads (their subtrees make the content) and its speaker head."""

    cue: Token
    content: tuple[Token, ...]
    frame: str
    speaker: Token | None = None  # given by the frame (a possessor), else the cue's subject


def enclosing_cue(verb: Token) -> Token | None:
    """The saying verb whose clause holds ``verb``, a subjectless coordinated or participial cue."""
    if verb.dep_ not in ("conj", "advcl", "acl"):
        return None
    for anc in verb.ancestors:
        if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in SAY_LIKE:
            return anc.head
        if anc.dep_ in ("ROOT", "relcl"):
            return None
    return None


def quoting_verb(verb: Token) -> Token | None:
    """The "quoted"/"cited" of "X quoted Y as saying …" when ``verb`` is its "saying"."""
    prep = verb.head
    if verb.dep_ == "pcomp" and prep.lower_ == "as" and prep.head.lemma_.lower() in _QUOTING:
        return prep.head
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The token naming who performs ``verb``, following coordination and participles."""
    quoting = quoting_verb(verb)
    if quoting is not None:  # "State TV quoted the governor as saying": the governor speaks
        return next((c for c in quoting.children if c.dep_ in ("dobj", "nsubjpass")), None)
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            # "it said" can be a ministry; "there", "that" and "this" never speak
            return None if child.lower_ in _NOT_SPEAKERS else child
    if depth >= 3:
        return None
    if verb.dep_ not in _INHERIT and verb.dep_ != "relcl":
        return _preceding_noun(verb)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    head = verb.head
    outer = enclosing_cue(verb)
    if outer is not None:
        # "Lamsa said X and noted Y" / "told X they objected, saying Y", parsed with the second
        # cue inside the first one's clause: both have the first one's speaker
        return subject_of(outer, depth + 1)
    if verb.dep_ in _INHERIT and head.i != verb.i:
        for child in head.children:
            if child.dep_ == "nsubjpass" and head.lemma_ in _PASSIVE_SPEAKER_HEADS:
                return child
        return subject_of(head, depth + 1)
    return None


_NP_INTERNAL = frozenset(
    {"compound", "pobj", "prep", "poss", "case", "amod", "nmod", "flat", "det", "punct"}
)


def _preceding_noun(verb: Token) -> Token | None:
    """The noun phrase right before a verb the parser left without a subject.

    "Speaking to X, a spokesperson from Y said: …" is often parsed with the spokesperson as an
    apposition of X; the phrase ending right before the verb is still its subject.
    """
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and (doc[i].is_space or doc[i].pos_ in ("ADV", "AUX", "PART")):
        i -= 1
    if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN", "PRON") or doc[i].sent != verb.sent:
        return None
    tok = doc[i]
    while tok.dep_ in _NP_INTERNAL and tok.head.i < verb.i and tok.head.i != tok.i:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN", "PRON") else None


def _edge_junk(tok: Token) -> bool:
    return tok.is_punct or tok.is_space or tok.dep_ in ("cc", "mark", "case")


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token bounds ``[start, end)`` of the noun phrase headed by ``head``, without clauses.

    Relative clauses and participle modifiers are cut ("Gitau, who specializes in ..."), and an
    apposition is cut after a proper name ("Thierry Zomahoun, chairman of ...") but kept after
    a common noun, where it is the name ("the organizer, Mahmad Mohammed").
    """
    dropped: set[int] = set()
    for child in head.children:
        cut = child.dep_ in _DROP_FROM_PHRASE or (
            child.dep_ == "appos" and head.pos_ in ("PROPN", "PRON")
        )
        if cut and child.i > head.i:
            dropped.update(t.i for t in child.subtree)
    kept = {t.i for t in head.subtree} - dropped
    start = end = head.i
    while start - 1 in kept:
        start -= 1
    while end + 1 in kept:
        end += 1
    doc = head.doc
    while start < end and _edge_junk(doc[start]):
        start += 1
    while end > start and _edge_junk(doc[end]):
        end -= 1
    if end - start >= MAX_PHRASE:
        # a runaway parse: keep the name itself (its determiners, modifiers and compounds)
        start = head.i
        while start > 0 and doc[start - 1].dep_ in _PREMODIFIERS and doc[start - 1].head.i >= start:
            start -= 1
        end = head.i
        while start < end and _edge_junk(doc[start]):
            start += 1
    # an opening bracket kept without its closing one
    span = doc[start : end + 1]
    if "(" in span.text and ")" not in span.text:
        # the bracket may be glued to a word ("(AFP"), so look inside tokens
        cut_at = next((t.i for t in span if "(" in t.text), None)
        if cut_at is not None:
            end = max(start, cut_at - 1)
    return start, end + 1


def _children(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _preps(tok: Token, allowed: frozenset[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "prep" and c.lower_ in allowed]


def _clause(verb: Token, lex: Lexicon) -> tuple[Token, ...]:
    clauses = _children(verb, ("ccomp",))
    if verb.lemma_.lower() in lex.cognition:
        clauses = [c for c in clauses if any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children)]
    if not clauses:
        # "X is Y, he said" parsed with the clause as a parataxis of the cue
        clauses = [c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i]
    if not clauses and verb.lemma_.lower() == "say":
        # "says the conflict, and its cause, remain": "say" takes no plain noun object, so an
        # object followed by more clause is a clause the parser split
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        rest = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        if objects and rest and all(r.i > objects[0].i for r in rest):
            clauses = objects[:1] + rest
        elif objects and any(t.tag_ in _FINITE for t in objects[0].subtree):
            clauses = objects[:1]
    return tuple(clauses)


def _accusation(verb: Token, lex: Lexicon) -> tuple[Token, ...]:
    preps = lex.accusation[verb.lemma_.lower()]
    objects = _children(verb, ("dobj",))
    if not objects:
        return ()
    charges = _preps(verb, preps)
    # "blamed X but also Y for Z": the charge can hang on a conjoined object
    targets = objects + [c for obj in objects for c in obj.children if c.dep_ == "conj"]
    targets += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    charged_object = any(_preps(obj, preps) for obj in targets)
    if not charges and not charged_object:
        return ()
    return tuple(objects + charges + [t for t in targets if t.head.i == verb.i])


def _denial(verb: Token, lex: Lexicon) -> tuple[Token, ...]:
    objects = _children(verb, ("dobj",))
    if not objects:
        return ()
    obj = objects[0]
    if verb.lemma_.lower() in lex.denial_needs_claim:
        has_clause = any(c.dep_ in ("acl", "ccomp", "relcl") for c in obj.children)
        if obj.lemma_.lower() not in lex.claim_nouns and not has_clause:
            return ()
    # "dismissed the report as “fake news”": the verdict is part of what was said
    return (obj, *_preps(verb, frozenset({"as"})))


def _naming(verb: Token, lex: Lexicon) -> tuple[Token, ...]:
    if _preps(verb, frozenset({"for", "on", "off", "up", "in"})) or any(
        c.dep_ == "prt" for c in verb.children
    ):
        return ()
    objects = _children(verb, ("dobj",))
    if not objects:
        return ()
    obj = objects[0]
    complements = [c for c in verb.children if c.dep_ in _COMPLEMENTS and c.i > obj.i]
    complements += _preps(verb, lex.naming[verb.lemma_.lower()])
    if not complements:
        return ()
    return (obj, *complements)


def _infinitive(verb: Token) -> tuple[Token, ...]:
    for x in _children(verb, ("xcomp",)):
        deps = {c.dep_ for c in x.children}
        if "neg" in deps and "auxpass" in deps:
            continue  # "asked not to be named": a condition of anonymity, not a claim
        if x.i > verb.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
            objects = [o for o in _children(verb, ("dobj",)) if o.i < x.i]
            return (*objects, x)
    return ()


def _prepositional(verb: Token, lex: Lexicon) -> tuple[Token, ...]:
    preps = _preps(verb, lex.prep_content[verb.lemma_.lower()])
    objects = [o for p in preps for o in p.children if o.dep_ in ("pobj", "pcomp")]
    return tuple(objects)


def report_of(verb: Token, lex: Lexicon) -> Report | None:
    """What ``verb`` reports, when it is a reporting verb used as one."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or not lex.is_cue(lemma):
        return None
    # participles modify nouns ("a group called X"), except a saying one inside a said-clause
    if verb.dep_ in _NOT_CUE_DEPS and not (verb.tag_ == "VBG" and enclosing_cue(verb)):
        return None
    frames: list[tuple[str, tuple[Token, ...]]] = []
    if lemma in lex.speech or lemma in lex.cognition or lemma in lex.denial:
        frames.append(("clause", _clause(verb, lex)))
    if lemma in lex.accusation:
        frames.append(("accusation", _accusation(verb, lex)))
    if lemma in lex.denial:
        frames.append(("denial", _denial(verb, lex)))
    if lemma in lex.naming:
        frames.append(("naming", _naming(verb, lex)))
    if lemma in lex.prep_content:
        frames.append(("preposition", _prepositional(verb, lex)))
    if lemma in lex.infinitive_content:
        frames.append(("infinitive", _infinitive(verb)))
    if lemma in lex.object_content and lemma not in lex.denial:
        objects = _children(verb, ("dobj",))
        frames.append(("object", tuple(objects[:1])))
    for frame, heads in frames:
        if heads:
            return Report(cue=verb, content=heads, frame=frame)
    head = verb.head
    if verb.dep_ == "parataxis" and head.left_edge.i < verb.left_edge.i and lemma in lex.speech:
        # "X remain undiagnosed, she said, and ...": the clause before the cue is its content
        return Report(cue=verb, content=(head,), frame="parataxis")
    return Report(cue=verb, content=(), frame="bare")


def nominal_report(noun: Token, lex: Lexicon) -> Report | None:
    """A claim noun with its owner and a that-clause: "Russia's claim that Kyiv attacked …"."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lex.claim_cue_nouns:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    for clause in noun.children:
        if clause.dep_ not in ("acl", "ccomp") or clause.i < noun.i:
            continue
        deps = {c.dep_ for c in clause.children}
        has_that = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
        if has_that and deps & {"nsubj", "nsubjpass"}:
            return Report(cue=noun, content=(clause,), frame="nominal", speaker=owner)
    return None

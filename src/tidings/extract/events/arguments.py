"""Who did it, to whom, where and when: dependency rules around a trigger.

Actor: the active subject, the passive "by X" agent, a possessor ("X's deployment") or an
actor-like compound ("police firing"); inside reported speech a speech-act trigger takes the
speaker. Recipient: the object, the passive subject of an assault verb (the victim), the object
of "against/on/at/upon/to/with". Coordinated phrases become separate mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tidings.extract.events.lexicon import words
from tidings.extract.events.match import Trigger
from tidings.extract.events.size import Count, count_phrase, nearby_number
from tidings.extract.events.syntax import (
    agents,
    conj_heads,
    dateline_end,
    governing_verb,
    is_actor_like,
    is_passive,
    np_span,
    objects,
    prep_objects,
    subjects,
)
from tidings.extract.types import Mention
from tidings.nlp.text import doc_text

_RECIPIENT_PREPS = {
    "ASSAULT": {"against", "on", "at", "upon", "with", "targeting"},
    "PROTEST": {"against"},
    "COERCE": {"against", "on"},
    "ACCUSE": {"against"},
    "THREATEN": {"against"},
    "SANCTION": {"against", "on"},
    "REQUEST": {"to", "from", "on", "upon"},
    "REJECT": set(),
    "CONSULT": {"with"},
    "AGREE": {"with"},
    "COOPERATE": {"with"},
    "AID": {"to", "for"},
    "SUPPORT": {"to", "for"},
    "RETREAT": {"from"},
    "CONCEDE": {"to"},
    "MOBILIZE": {"against"},
}
# a gerund in these positions is a noun ("killed in police firing")
_NOMINAL_DEPS = frozenset({"pobj", "compound", "nsubj", "nsubjpass", "dobj"})
_NOUN_ACTOR_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_NOT_PARTY_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})


@dataclass(slots=True)
class Arguments:
    pred: Token
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=dict)
    place: tuple[int, int] | None = None
    time: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)


def _actorish(heads: list[Token], compounds: bool = True) -> list[Token]:
    out: list[Token] = []
    for h in heads:
        for x in conj_heads(h):
            if x.idx < dateline_end(x) or x.ent_type_ in _NOT_PARTY_ENTS:
                continue  # "$50 million", "6%": amounts, not parties
            if is_actor_like(x):
                out.append(x)
            elif compounds:  # "the police lathi-charged": the parser made "lathi" the head
                out.extend(c for c in x.children if c.dep_ == "compound" and is_actor_like(c))
    return out


def _targets(heads: list[Token]) -> list[Token]:
    """Attacked things that stand for their people: homes, convoys, checkpoints, villages."""
    w = words()
    return [
        x
        for h in heads
        for x in conj_heads(h)
        if x.lemma_.lower() in w["target_nouns"] and x.idx >= dateline_end(x)
    ]


def _speaker(pred: Token) -> Token | None:
    """The subject of the speech verb whose complement holds ``pred``."""
    cur = pred
    for _ in range(3):
        if (
            cur.dep_ in ("ccomp", "parataxis")
            and cur.head.lemma_.lower() in words()["speech_verbs"]
        ):
            subs = [c for c in cur.head.children if c.dep_ == "nsubj"]
            return subs[0] if subs else None
        if cur.dep_ in ("conj", "xcomp"):
            cur = cur.head
            continue
        return None
    return None


def _verb_arguments(tr: Trigger, args: Arguments) -> list[Token]:
    """Fill actors/recipients of a verb trigger; return the patient heads (victims, theme)."""
    v, e = tr.token, tr.entry
    passive = is_passive(v)
    subs = subjects(v)
    patients: list[Token]
    if e.patient == "victim-subject":
        patients = subs
        args.notes.append("victim = subject")
    elif passive:
        patients = subs
        args.actors = _actorish(agents(v))
        if args.actors:
            args.notes.append("actor = 'by' agent")
    else:
        patients = objects(v)
        args.actors = _actorish(subs, compounds=True)
        if args.actors:
            args.notes.append("actor = subject")
    if e.patient == "theme":
        if not args.actors and patients:
            args.actors = _actorish(patients)
            args.notes.append("actor = the mobilised")
    elif e.patient == "recipient" or e.patient == "victim-subject":
        args.recipients = _actorish(patients)
        if e.type == "ASSAULT" and not args.recipients:
            args.recipients = _targets(patients)  # "shelled villages", "ambushed a convoy"
        if args.recipients:
            args.notes.append("recipient = " + ("victim" if passive else "object"))
    if e.patient == "none" and not passive:
        patients = subs
    if e.type == "ACCUSE" and not args.recipients:
        # "X alleged that police fired": the accused is who the claim is about
        for c in v.children:
            if c.dep_ == "ccomp":
                args.recipients = _actorish([s for s in subjects(c) if s.dep_ == "nsubj"])
                if args.recipients:
                    args.notes.append("recipient = subject of the claim")
                    break
    return patients


def _noun_before(t: Token) -> Token | None:
    """An actor noun written right before an event noun ("police firing", "army shelling")."""
    if t.i == 0 or t.tag_ not in ("VBG", "NN", "NNS"):
        return None
    prev = t.doc[t.i - 1]
    nouns = words()["actor_nouns"]
    if prev.pos_ == "NOUN" and (prev.lemma_.lower() in nouns or prev.lower_ in nouns):
        return prev if prev.dep_ not in ("nsubj", "nsubjpass", "dobj") or prev.head == t else None
    return None


def _named_modifier(n: Token) -> Token | None:
    """A named group among a noun's modifiers ("a Taliban-planted roadside bomb")."""
    for c in n.lefts:
        if c.dep_ in ("det", "punct", "nummod"):
            continue
        for x in c.subtree:
            if x.ent_type_ in ("ORG", "NORP", "GPE") or (x.pos_ == "PROPN" and is_actor_like(x)):
                return x
    return None


def _noun_arguments(tr: Trigger, args: Arguments) -> list[Token]:
    n, e = tr.token, tr.entry
    patients: list[Token] = []
    before = _noun_before(n)
    if before is not None:
        args.actors = [before]
        args.notes.append(f"actor = '{before.text}' before the noun")
    for c in n.children if not args.actors else ():
        if c.dep_ == "amod" and c.ent_type_ not in ("NORP", "GPE"):
            continue  # "anti-government unrest": an adjective names a side only as a nationality
        if c.dep_ in _NOUN_ACTOR_DEPS and is_actor_like(c) and c.i < n.i and not c.like_num:
            args.actors = _actorish([c])
            args.notes.append(f"actor = {c.dep_} '{c.text}'")
            break
    if not args.actors:
        by = [p for _, p in prep_objects(n, {"by", "from"}) if is_actor_like(p)]
        if by:
            args.actors = _actorish(by)
            args.notes.append("actor = 'by' phrase")
    between = [p for _, p in prep_objects(n, {"between", "among", "amongst"})]
    if between:
        heads = conj_heads(between[0])
        if not args.actors:
            args.actors = [h for h in heads[:1] if is_actor_like(h)]
            args.recipients = [h for h in heads[1:] if is_actor_like(h)]
            args.notes.append("'between X and Y'")
    of = [p for _, p in prep_objects(n, {"of"})]
    if of:
        patients = of
        if e.patient == "theme" or e.type == "PROTEST":
            if not args.actors:
                args.actors = _actorish(of)
                args.notes.append("actor = 'of' phrase")
        elif e.patient == "recipient":
            args.recipients = _actorish(of)
    gov = governing_verb(n)
    if not args.actors:
        named = _named_modifier(n)
        if named is not None:
            args.actors = [named]
            args.notes.append(f"actor = '{named.text}' in the modifiers")
    light = gov is not None and bool(
        {gov.lemma_.lower(), gov.lower_} & words()["light_verbs"]  # "staged" (lemma "stag")
    )
    if not light and n.dep_ == "pobj" and n.head.lower_ == "on":
        verb = n.head.head  # "went on strike", "has been on hunger strike", "were on alert"
        if verb.lemma_.lower() in ("be", "go", "remain", "stay"):
            gov, light = verb, True
    if n.dep_ == "pobj" and n.head.lower_ in words()["topic_preps"]:
        light = False  # "sanctions over the crackdown": the reason is not the verb's event
    if gov is not None and light and not args.actors and n.dep_ in ("dobj", "attr", "pobj"):
        args.actors = _actorish([s for s in subjects(gov)])
        if args.actors:
            args.notes.append(f"actor = subject of '{gov.text}'")
    if e.casualty and n.dep_ in ("nsubj", "attr", "dobj") and gov is not None:
        patients = patients or [s for s in subjects(gov) if s is not n]
    return patients


def _recipient_preps(tr: Trigger, args: Arguments) -> None:
    preps = _RECIPIENT_PREPS.get(tr.entry.type, set())
    if tr.entry.id == "set-fire":
        preps = preps | {"to"}  # "set fire to a church"
    if not preps or args.recipients:
        return
    hosts = [tr.token, args.pred, *objects(tr.token)]  # "registered a case against 20 people"
    for host in hosts:
        for _, p in prep_objects(host, preps):
            heads = _actorish([p], compounds=False)
            if not heads and tr.entry.type == "ASSAULT":
                heads = _targets([p])  # "a rocket attack on the airport"
            heads = [h for h in heads if h not in args.actors]
            if heads:
                args.recipients = heads
                args.notes.append("recipient = prepositional object")
                return


def _counts(tr: Trigger, patients: list[Token], args: Arguments) -> None:
    e = tr.entry
    if e.size is None:
        return
    count: Count | None = None
    for p in patients:
        count = count_phrase(p, singular_one=e.size != "participants")
        if count is not None:
            break
    if count is None and (e.casualty or tr.token.pos_ != "VERB"):
        count = count_phrase(tr.token) if tr.token.pos_ == "NOUN" else None
        if count is None and tr.token.lemma_ == "toll":
            nums = [c for c in tr.token.head.subtree if c.like_num and c.i > tr.token.i]
            count = count_phrase(nums[0]) if nums else None
        if count is None:
            count = nearby_number(tr.token)
    if count is not None and count.value > 0:
        args.counts[_size_field(tr)] = count


def _size_field(tr: Trigger) -> str:
    """Where the count goes: "shot dead", "stabbed to death" count the dead, not the hurt."""
    e, t = tr.entry, tr.token
    if e.size != "injured" or e.type != "ASSAULT":
        return e.size or "dead"
    death = words()["death_words"]
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.lower_ in death and nxt.pos_ == "ADJ":
        return "dead"  # "shot dead four workers" (the parser may hang "dead" on the object)
    for c in t.children:
        if c.dep_ in ("advmod", "acomp", "oprd", "xcomp", "ccomp") and c.lower_ in death:
            return "dead"
        if (
            c.dep_ == "prep"
            and c.lower_ == "to"
            and any(p.dep_ == "pobj" and p.lower_ in death for p in c.children)
        ):
            return "dead"
    return "injured"


def _span_of(t: Token) -> tuple[int, int]:
    return t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)


def _is_time(t: Token) -> bool:
    tw = words()["time_words"]
    return any(x.ent_type_ in _TIME_ENTS or x.lower_ in tw for x in t.subtree) and not any(
        x.ent_type_ in _PLACE_ENTS for x in t.subtree
    )


def _is_place_head(p: Token) -> bool:
    if p.ent_type_ in _PLACE_ENTS:
        return True
    if p.lemma_.lower() in words()["place_nouns"] or p.lower_ in words()["place_nouns"]:
        return True
    if p.pos_ == "PROPN" and p.ent_type_ not in ("PERSON", "ORG", "NORP", "DATE", "TIME"):
        return True
    return any(c.dep_ == "compound" and c.ent_type_ in _PLACE_ENTS for c in p.children)


def _time_and_place(tr: Trigger, args: Arguments) -> None:
    hosts = [tr.token] if args.pred is tr.token else [tr.token, args.pred]
    place_preps = words()["place_preps"]
    for host in hosts:
        for c in host.children:
            if (args.time is None and c.dep_ in ("npadvmod", "tmod") and _is_time(c)) or (
                args.time is None and c.dep_ == "advmod" and c.lower_ in words()["time_words"]
            ):
                args.time = _span_of(c)
            elif c.dep_ == "prep":
                pobjs = [p for p in c.children if p.dep_ == "pobj"]
                if not pobjs:
                    continue
                if args.time is None and _is_time(pobjs[0]) and not _is_place_head(pobjs[0]):
                    args.time = _span_of(c)
                elif args.place is None and c.lower_ in place_preps:
                    args.place = _find_place(c, pobjs[0])


def _place_on_arguments(args: Arguments) -> None:
    """A place the parser hung on a participant ("detained by police in Minsk")."""
    preps = words()["place_preps"]
    objs = [c for c in args.pred.children if c.dep_ in ("dobj", "nsubjpass")]
    for h in args.actors + args.recipients + objs:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                pobjs = [p for p in c.children if p.dep_ == "pobj" and p.ent_type_ in _PLACE_ENTS]
                if pobjs:
                    args.place = _span_of(c)
                    return


def _find_place(prep: Token, pobj: Token) -> tuple[int, int] | None:
    if _is_place_head(pobj):
        return _span_of(prep)
    # "protests over a fuel price hike in the west of the country": one level down
    for c in pobj.children:
        if c.dep_ == "prep" and c.lower_ in words()["place_preps"]:
            inner = [p for p in c.children if p.dep_ == "pobj"]
            if inner and _is_place_head(inner[0]):
                return _span_of(c)
    return None


def _speaker_acts(pred: Token, actors: list[Token]) -> bool:
    """Whether a reported speech act is the speaker's: "we will not allow", "the bloc will not
    allow ..., X said" (a stated intent), but not "Hamas rejected the plan, an official said"."""
    if not actors or all(a.pos_ == "PRON" for a in actors):
        return True
    w = words()
    modal = w["future_aux"] | w["hypothetical_aux"]
    return any(c.dep_ == "aux" and c.lower_ in modal for c in pred.children)


def arguments(tr: Trigger) -> Arguments:
    """Actors, recipients, counts, place and time of one trigger."""
    t = tr.token
    gov = governing_verb(t)
    verbal = t.pos_ in ("VERB", "AUX") and t.dep_ not in _NOMINAL_DEPS
    if (
        verbal
        and _noun_before(t) is not None
        and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in t.children)
    ):
        verbal = False  # "in police firing" parsed as a clause: read it as the noun it is
    pred = t if verbal else (gov or t)
    args = Arguments(pred=pred)
    patients = _verb_arguments(tr, args) if verbal else _noun_arguments(tr, args)
    if tr.entry.speech and _speaker_acts(pred, args.actors):
        sp = _speaker(pred)
        if sp is not None and is_actor_like(sp):
            args.actors = _actorish([sp])
            args.notes.append(f"actor = speaker '{sp.text}'")
    if not args.actors and tr.entry.type == "COERCE" and is_passive(t):
        # "the ministry said 8,000 had been detained": an institution reporting its own arrests
        sp = _speaker(pred)
        if sp is not None and sp.pos_ != "PRON" and sp.ent_type_ != "PERSON" and is_actor_like(sp):
            args.actors = _actorish([sp])
            args.notes.append(f"actor = reporting authority '{sp.text}'")
    _recipient_preps(tr, args)
    _counts(tr, patients, args)
    _time_and_place(tr, args)
    if args.place is None:
        _place_on_arguments(args)
    return args


def span_mention(doc: Doc, span: tuple[int, int] | None) -> Mention | None:
    """The mention of an argument's character span (a place or a time), if it has one."""
    if span is None:
        return None
    return Mention(text=doc_text(doc)[span[0] : span[1]], start=span[0], end=span[1])


def heads_to_mentions(heads: list[Token]) -> list[Mention]:
    """Phrase mentions of the heads; a bare number ("30 were wounded") names nobody."""
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for h in heads:
        bare = h.like_num or h.lower_ in words().vague
        if bare and not any(c.dep_ in ("compound", "amod") or c.lower_ == "of" for c in h.children):
            continue
        start, end = np_span(h)
        span = h.doc[start:end]
        key = (span.start_char, span.end_char)
        if key in seen:
            continue
        seen.add(key)
        out.append(Mention(text=span.text, start=span.start_char, end=span.end_char))
    return out

"""Rule-based event extraction over a parsed ``Doc``: triggers, arguments, modality, size.

For each sentence: 1. find triggers by lemma in the lexicon, 2. read their arguments off the
dependency tree, 3. decide modality, mode, ACLED type and context, 4. merge the reports of one
violent event ("3 killed and 5 wounded when police opened fire" is one ASSAULT), 5. score
confidence and write the explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from spacy.tokens import Doc, Span, Token

from tidings.extract.events.arguments import Arguments, arguments, heads_to_mentions, span_mention
from tidings.extract.events.lexicon import Entry, words
from tidings.extract.events.match import Trigger, find_triggers, is_lowercased
from tidings.extract.events.modality import claimed_by, modality
from tidings.extract.events.refine import acled_type, assault_mode, contexts, mobilize_mode
from tidings.extract.events.size import Count, count_head
from tidings.extract.events.syntax import agents, conj_heads, objects, subjects
from tidings.extract.types import EventMention, Mention
from tidings.nlp.text import doc_lemmas, doc_lowers, doc_text, span_text, span_words
from tidings.ontology import cameo_root
from tidings.records import Modality, Size

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_VIOLENCE_CUES = frozenset(
    {
        "violence",
        "riot",
        "rioting",
        "clash",
        "attack",
        "unrest",
        "fighting",
        "firing",
        "police",
        "militant",
        "taliban",
        "mob",
        "army",
        "soldier",
        "troop",
        "gunman",
        "insurgent",
        "rebel",
        "explosion",
        "blast",
        "bomb",
        "shot",
        "fire",
        "stabbing",
        "murder",
        "kill",
        "killed",
        "terrorist",
        "carnage",
        "massacre",
        "encounter",
        "ambush",
        "crossfire",
        "shelling",
    }
)
_MERGE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
_ACCIDENT_HEADS = frozenset({"explosion", "blast", "fire", "blaze", "leak", "burst"})
_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")
_CAUSE_PREPS = frozenset({"in", "during", "from", "by", "of"})


@dataclass(slots=True)
class _Draft:
    trigger: Trigger
    args: Arguments
    sent: Span
    sent_index: int
    modality: Modality
    why_modality: str
    mode: list[str]
    counts: dict[str, list[Count]] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    merged_strengths: list[float] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.trigger.entry.type

    @property
    def casualty(self) -> bool:
        return self.trigger.entry.casualty


def _doc_year(doc: Doc, published: Date | None) -> int | None:
    if published is not None:
        return published.year
    if Doc.has_extension("tidings_date"):
        val = doc._.tidings_date
        if isinstance(val, Date):
            return val.year
        if isinstance(val, str) and _YEAR.match(val):
            return int(val[:4])
    m = _YEAR.search(doc_text(doc)[:300])
    return int(m.group(1)) if m else None


def _draft(tr: Trigger, sent: Span, index: int, year: int | None) -> _Draft:
    args = arguments(tr)
    mod, why = modality(
        tr.token,
        args.pred,
        speech=tr.entry.speech,
        trigger_negation=tr.entry.neg,
        published_year=year,
    )
    e = tr.entry
    if e.type == "ASSAULT":
        mode = assault_mode(sent, e.mode, args.pred)
        mode = _air_bombing(mode, args.actors)
    elif e.type == "MOBILIZE" and not e.mode:
        # the mobilised say what was mobilised ("send 2,000 police officers"), else the actor
        theme = [c for c in tr.token.children if c.dep_ in ("dobj", "nsubjpass")]
        mode = mobilize_mode(theme or args.actors or [tr.token])
        if mode == ["troops"] and mobilize_mode(args.actors) == ["militia"]:
            mode = ["militia"]  # "the militia mobilised its fighters"
    else:
        mode = list(e.mode)
    d = _Draft(tr, args, sent, index, mod, why, mode)
    for key, c in args.counts.items():
        d.counts[key] = [c]
    return d


def _air_bombing(mode: list[str], actors: list[Token]) -> list[str]:
    """Bombs dropped by aircraft are an air or drone strike ("junta jets bombed a village")."""
    if mode != ["explosives"] or not actors:
        return mode
    lemmas = _lemma_set(actors)
    cues = words().mode_cues
    for air in ("drone", "aerial"):
        if lemmas & cues[air]:
            return [air]
    return mode


def _same_actors(a: _Draft, b: _Draft) -> bool:
    if not a.args.actors or not b.args.actors:
        return True
    ta = {t.lemma_.lower() for t in a.args.actors}
    tb = {t.lemma_.lower() for t in b.args.actors}
    return bool(ta & tb)


def _priority(d: _Draft) -> tuple[int, int, int, float]:
    return (
        int(not d.casualty),
        int(bool(d.args.actors)),
        int(bool(d.trigger.entry.mode)),
        d.trigger.entry.strength,
    )


def _absorb(host: _Draft, other: _Draft) -> None:
    harm_report = other.casualty or other.trigger.entry.size in ("dead", "injured")
    if harm_report and other.modality == "negated" and host.modality != "negated":
        host.merged.append(f"'{other.trigger.token.text}' (no casualties)")
        return
    if not host.args.actors and other.args.actors:
        host.args.actors = other.args.actors
    have = {t.i for t in host.args.recipients}
    host.args.recipients += [t for t in other.args.recipients if t.i not in have]
    for key, cs in other.counts.items():
        used = {i for c in host.counts.get(key, []) for i in c.tokens}
        for c in cs:
            if c.tokens and c.tokens & used:
                continue
            if not c.tokens and host.counts.get(key):
                continue
            host.counts.setdefault(key, []).append(c)
    if not host.trigger.entry.mode and other.trigger.entry.mode:
        host.mode = list(other.trigger.entry.mode)
    host.args.place = host.args.place or other.args.place
    host.args.time = host.args.time or other.args.time
    host.merged.append(f"'{other.trigger.token.text}' ({other.trigger.entry.id})")
    if not other.casualty:
        host.merged_strengths.append(other.trigger.entry.strength)


def _distance(a: _Draft, b: _Draft) -> int:
    """Path length between two triggers in the dependency tree (the closest host wins)."""
    ta, tb = a.trigger.token, b.trigger.token
    up_a = {t.i: n for n, t in enumerate([ta, *ta.ancestors])}
    for n, t in enumerate([tb, *tb.ancestors]):
        if t.i in up_a:
            return n + up_a[t.i]
    return 99


def _separate_attacks(h: _Draft, d: _Draft) -> bool:
    """A stabbing or beating by nobody named is not the same attack as a named side's use of
    another weapon ("one was stabbed to death even as police burst teargas shells")."""
    if d.type != "ASSAULT" or d.casualty or d.args.actors or not h.args.actors:
        return False
    hm, dm = h.trigger.entry.mode, d.trigger.entry.mode
    return bool(hm and dm and hm[0] != dm[0] and "beat" in (hm[0], dm[0]))


def _compatible(h: _Draft, d: _Draft) -> bool:
    if h.type != d.type or d.type not in _MERGE_TYPES:
        return False
    harm_report = d.casualty or d.trigger.entry.size in ("dead", "injured")
    if harm_report and d.modality == "negated" and h.modality == "asserted":
        return True  # "no one was hurt in the blast": the blast happened, harmlessly
    if h.modality != d.modality or not _same_actors(h, d):
        return False
    if _separate_attacks(h, d):
        return False
    return d.type != "COERCE" or ("arrest" in h.mode and "arrest" in d.mode)


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One violent event (or one arrest report) per sentence and modality, unless actors differ."""
    out: list[_Draft] = []
    pool = sorted(drafts, key=_priority, reverse=True)
    hosts: list[_Draft] = []
    for d in pool:
        fits = [h for h in hosts if _compatible(h, d)]
        host = min(fits, key=lambda h: _distance(h, d)) if fits else None
        if host is not None:
            _absorb(host, d)
            continue
        if d.casualty and not (_cues(d.sent) & _VIOLENCE_CUES):
            continue  # "died of illness": harm without violence is not an event
        hosts.append(d)
        out.append(d)
    return sorted(out, key=lambda d: d.trigger.token.i)


def _lemma_set(tokens: list[Token]) -> set[str]:
    """Lemmas and forms of the heads, their conjuncts and compounds ("Hurricane Milton")."""
    heads = [x for t in tokens for x in conj_heads(t)]
    heads += [c for h in heads for c in h.children if c.dep_ == "compound"]
    return {x.lemma_.lower() for x in heads} | {x.lower_ for x in heads}


def _harm_causes(d: _Draft) -> list[Token]:
    """Who or what did the harm: the subject, "by" agent, the "in/during" phrase, the object."""
    pred = d.args.pred
    out = subjects(pred) + agents(pred) + objects(pred)
    if pred.dep_ == "advcl" and pred.head.pos_ in ("VERB", "AUX"):
        out += subjects(pred.head)  # "an earthquake struck, killing 40"
    if not d.args.actors:
        out += [
            p
            for c in pred.children
            if c.dep_ == "prep" and c.lower_ in _CAUSE_PREPS
            for p in c.children
            if p.dep_ == "pobj"
        ]
    tok = d.trigger.token
    if tok is not pred:
        out.append(tok)  # "a car crash killed two": the noun is the cause
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text in ("-", "–"):
        out.append(doc[tok.i - 2])  # "earthquake-hit Morocco", "flood-struck villages"
    return out


def _not_political(d: _Draft) -> bool:
    """Harm done by nature, accidents, illness or markets is not a political event."""
    if d.type != "ASSAULT":
        return False
    found = _harm_causes(d)
    causes = _lemma_set(found)
    if causes & words()["non_political_causes"]:
        return True
    # "a gas explosion", "a cylinder blast": an accident unless someone is said to have done it
    mods = {
        c.lemma_.lower()
        for x in [*found, d.trigger.token]
        if x.lemma_.lower() in _ACCIDENT_HEADS
        for c in x.children
        if c.dep_ in ("compound", "amod")
    }
    return not d.args.actors and bool(mods & words()["accident_modifiers"])


def _score_like(sent: Span) -> bool:
    """A game score ("112-104", "5-0"): numbers joined by a dash, not counting a noun."""
    text = span_text(sent)
    if "-" not in text and "–" not in text:
        return False  # both readings below need one of the dashes
    toks = list(sent)
    for t in toks:
        if _SCORE.match(t.text) and t.head.lemma_.lower() in words()["sports_cues"]:
            return True  # "a 9-2 rout"
    for a, dash, b in zip(toks, toks[1:], toks[2:], strict=False):
        if dash.text not in ("-", "–") or not (a.like_num and b.like_num):
            continue
        if len(a.text) <= 3 and len(b.text) <= 3:
            nxt = sent.doc[b.i + 1] if b.i + 1 < len(sent.doc) else None
            if nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ"):
                return True
    return False


def _sports(sent: Span) -> bool:
    """Whether a sports word is used in ``sent`` as a common word ("the match", "a goal"), not
    as part of a name: "Awami League", "Chhatra League" and "Muslim League" are parties."""
    cues = words()["sports_cues"]
    if not _cues(sent) & cues:
        return False
    return any(t.pos_ != "PROPN" and (t.lower_ in cues or t.lemma_.lower() in cues) for t in sent)


def _is_play(d: _Draft, sports: bool) -> bool:
    """An ASSAULT in sports news without armed sides or deaths is play ("Arsenal attacked")."""
    if not sports or d.type != "ASSAULT" or "dead" in d.counts:
        return False
    armed = words()["armed_nouns"]
    sides = _lemma_set(d.args.actors + d.args.recipients)
    return not sides & armed


def _plausible(drafts: list[_Draft], sent: Span) -> list[_Draft]:
    """Drop violence that is not political: natural or accidental harm, sports."""
    sports = _sports(sent) or _score_like(sent)
    harmless = [d for d in drafts if _not_political(d) or _is_play(d, sports)]
    if not harmless:
        return drafts
    if any(not d.casualty for d in harmless):
        # the harm of a flood or a crash: its casualty words go with it
        return [d for d in drafts if d not in harmless and not d.casualty]
    return [d for d in drafts if d not in harmless]


def _cues(sent: Span) -> frozenset[str]:
    return span_words(sent)


def _size(d: _Draft) -> Size:
    size = Size()
    for key, cs in d.counts.items():
        setattr(size, key, sum(c.value for c in cs))
        size.words[key] = " + ".join(c.words for c in cs)
    return size


def _confidence(d: _Draft, lower: bool) -> float:
    e = d.trigger.entry
    score = 0.62
    score += 0.16 if d.args.actors else 0.0
    score += 0.1 if (d.args.recipients or d.counts) else 0.0
    score += 0.06 if d.args.place else 0.0
    score += 0.04 if d.args.time else 0.0
    score += 0.04 if d.merged else 0.0
    # merged reports of one event: the surest word among them names it
    strength = max([e.strength, *d.merged_strengths])
    conf = strength * min(score, 1.0)
    if lower:
        conf *= 0.95  # lower-cased text parses worse
    if _cues(d.sent) & words()["report_adverbs"] or claimed_by(d.args.pred) is not None:
        conf *= 0.9  # a claim, not an established fact
    return round(min(conf, 0.99), 3)


def _explain(d: _Draft, conf: float) -> str:
    e, t = d.trigger.entry, d.trigger.token
    parts = [
        f"trigger '{t.text}' (lemma '{t.lemma_.lower()}') matched lexicon entry '{e.id}' "
        f"-> {e.type}{'/' + ','.join(d.mode) if d.mode else ''} (strength {e.strength})"
    ]
    if d.args.notes:
        parts.append("; ".join(dict.fromkeys(d.args.notes)))
    if d.merged:
        parts.append("merged " + ", ".join(d.merged))
    if d.counts:
        parts.append(
            ", ".join(
                f"{k}={sum(c.value for c in cs)} from '{' + '.join(c.words for c in cs)}'"
                for k, cs in d.counts.items()
            )
        )
    if d.modality != "asserted":
        parts.append(f"modality {d.modality}: {d.why_modality}")
    claim = claimed_by(d.args.pred)
    if claim is not None:
        parts.append(f"reported as a claim ('{claim.text}')")
    parts.append(f"confidence {conf}")
    return "; ".join(parts)


def _finish(doc: Doc, d: _Draft, lower: bool) -> EventMention:
    e, t, sent = d.trigger.entry, d.trigger.token, d.sent
    acled = acled_type(e.type, d.mode, sent, d.args.actors, d.args.recipients, e.acled)
    if e.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE") and d.modality in (
        "negated",
        "hypothetical",
        "future",
    ):
        acled = None  # ACLED records only events that took place
    conf = _confidence(d, lower)
    trig_end = t.idx + len(t.text)
    for x in d.trigger.extra:
        trig_end = max(trig_end, x.idx + len(x.text))
    return EventMention(
        event_type=e.type,
        trigger=Mention(text=doc_text(doc)[t.idx : trig_end], start=t.idx, end=trig_end),
        sentence=Mention(text=span_text(sent), start=sent.start_char, end=sent.end_char),
        sentence_index=d.sent_index,
        mode=d.mode,
        context=contexts(e.type, d.mode, e.context, sent),
        actors=heads_to_mentions(d.args.actors),
        recipients=heads_to_mentions(d.args.recipients),
        place=span_mention(doc, d.args.place),
        time=span_mention(doc, d.args.time),
        size=_size(d),
        modality=d.modality,
        confidence=conf,
        cameo=e.cameo or cameo_root(e.type, d.mode),
        acled=acled,
        explanation=_explain(d, conf),
    )


def _toll(sent: Span) -> Count | None:
    """A stated death toll: "the death toll rose to 50", "officials put the toll at 30"."""
    nouns = words()["toll_nouns"]
    doc = sent.doc
    lemmas, lowers = doc_lemmas(doc), doc_lowers(doc)
    for i in range(sent.start, sent.end):
        if lemmas[i] not in nouns and lowers[i] not in nouns:
            continue
        t = doc[i]
        if t.dep_ not in ("nsubj", "nsubjpass", "dobj") or t.head.pos_ not in ("VERB", "AUX"):
            continue
        for prep in t.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "at", "as"):
                for num in prep.children:
                    if num.dep_ == "pobj" and num.like_num:
                        c = count_head(num)
                        if c is not None:
                            return Count(c.value, f"{t.text} {prep.text} {c.words}", c.tokens)
    return None


def _apply_toll(events: list[EventMention], index: int, toll: Count) -> None:
    """The stated total replaces the dead of the surest violent event up to its sentence."""
    targets = [
        e
        for e in events
        if e.event_type == "ASSAULT" and e.sentence_index <= index and e.modality == "asserted"
    ]
    if not targets:
        return
    ev = max(targets, key=lambda e: (e.confidence, -e.sentence_index))
    ev.size.dead = toll.value
    ev.size.words["dead"] = toll.words
    ev.explanation += f"; dead={toll.value} from the stated toll '{toll.words}'"


def extract_rule_events(doc: Doc, published: Date | None = None) -> list[EventMention]:
    """Every lexicon-triggered event in ``doc``, in text order."""
    year = _doc_year(doc, published)
    out: list[EventMention] = []
    for index, sent in enumerate(doc.sents):
        triggers = find_triggers(sent)
        if triggers:
            lower = is_lowercased(sent)
            drafts = _plausible([_draft(tr, sent, index, year) for tr in triggers], sent)
            out.extend(_finish(doc, d, lower) for d in _merge(drafts))
        toll = _toll(sent)
        if toll is not None:
            _apply_toll(out, index, toll)
    return out


def learned_event(
    doc: Doc, sent: Span, index: int, event_type: str, strength: float, published: Date | None
) -> EventMention | None:
    """An event the rules found no trigger for, of a type the learned classifier gives.

    The sentence's root stands in as the trigger: the arguments, modality, mode, size and the
    rules' ACLED type are read off the parse exactly as for a lexicon trigger, and the same
    plausibility checks (natural or accidental harm, sports) apply. None when they reject it.
    """
    root = sent.root
    entry = Entry(
        id="learned", lemma=root.lemma_.lower(), rest=(), type=event_type, strength=strength
    )
    draft = _draft(Trigger(root, entry), sent, index, _doc_year(doc, published))
    kept = _plausible([draft], sent)
    return _finish(doc, kept[0], is_lowercased(sent)) if kept else None

"""One incident, one event: merge the mentions of one happening across a document's sentences.

News (and ACLED notes) report one incident in several sentences: "An IED detonated, targeting
a water tanker in Buulo Xaaji village. Four people were killed." The extractor codes each
sentence on its own; this pass merges a later event into an earlier one when both are
asserted, of the same type family (ASSAULT, PROTEST, an arrest, ...), within ``_WINDOW``
sentences, with no cue of a separate incident ("in another attack", "separately"). Across
sentences only a **follow-up** folds in: a sentence with no side and no place of its own that
gives a figure ("Four people were killed") or re-mentions the happening ("The attack was
claimed by ...") without a new target. A sentence naming a side of its own stays an event of
its own (a riot report tells "police fired" of several places) unless the side only attributes
the act (a claim, an organiser, a pronoun) or the document is a brief report (``_BRIEF``
sentences at most: one incident), as do a death toll (it sums up days of unrest) and a quoted
count. Within one sentence, mentions of one family merge unless
they name two places or two dates. The merged event lists every sentence in ``event_text``,
takes the largest stated figure of each size, the stated date over the publication date, and
says in its explanation what it merged. Across families (a protest and the arrests or force
that met it) only mentions in one sentence merge: told in sentences of their own they stay
events of their own, as the seed gold and India's per-sentence labels count them.

Any other happening told twice is one event too (``_repeat``): a statement reported in the
lead and quoted later, a deployment told again with its figures. Both mentions are of one
type, by the same side (the same person or body, or the same country and sector; a pronoun as
the person it was resolved to; or a part of the other's sides: a multinational force and its
national contingents), with no two places, dates or figures; a statement must say the same
thing. The mention that tells more (figures, a stated date, sides) stands for the event, its
sentence first in ``event_text``. A period of happenings with no side or figure ("the week of
violence") folds into the nearest happening of its type the document reports (``_period``).
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Literal

from spacy.lang.en.stop_words import STOP_WORDS

from tidings.extract.events.lexicon import names_security_force, words
from tidings.records import AcledType, Entity, Event

Told = Literal["incident", "repeat", "period"]

__all__ = ["merge_incidents"]

_WINDOW = 2  # sentences between two mentions of one incident, at most
# a report of at most this many sentences (a brief, an incident note) tells one incident: its
# later sentences fold in whatever side they name (chosen on validation notes of training
# countries: 3 -> 1.18, 4 -> 1.16 conflict events per note, the same sub-event F1)
_BRIEF = 4
_SIZES = ("dead", "injured", "arrested", "participants")
_WORD = re.compile(r"[a-z]+(?: [a-z]+)?")
_SECURITY_SECTORS = frozenset({"COP", "MIL", "SPY"})
_RESPONSES = frozenset({"ASSAULT", "COERCE/arrest"})
_PRONOUNS = frozenset({"they", "them", "he", "she", "it", "we", "who"})
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|their|its)\s+$", re.IGNORECASE)
_TOLL = re.compile(r"\btoll\b", re.IGNORECASE)
_QUOTES = ('"', "\u201c")
_POSSESSIVES = frozenset({"his", "her", "their", "its"})
_CLAIM_GAP = 4  # words between a claimant and its act, at most ("claimed to have")
# the types the incident rules above merge; told again with a side of their own they are often
# another act (a riot report tells "police fired" of several places), so never a ``_repeat``
_INCIDENT_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE"})
_ANOTHER = frozenset({"also", "again", "further", "another", "too"})
_ANOTHER_GAP = 3  # words before a trigger that may tell of one more act
_LETTERS = re.compile(r"[a-z]+")
# a span of time longer than a day before "of" and the trigger: "the week of violence"
_SPAN_OF = re.compile(
    r"\b(?:weeks?|months?|years?|decades?|century|centuries|days|nights|hours)\s+of\s+$",
    re.IGNORECASE,
)
_VERBAL = frozenset({1, 3})  # PLOVER's verbal quad classes: statements
_CLAUSE_END = re.compile(r"[,;.:!?]")
_SAYS_WINDOW = 12  # content words after a statement's trigger compared, at most
_STEM = 5  # letters of a word compared ("revolutions", "revolution")


def _family(ev: Event) -> str | None:
    """What an event must share with another to be the same happening; None: never merged."""
    if ev.modality != "asserted" or ev.quad_code != 4 or not ev.event:
        return None
    kind = ev.event[0]
    if kind == "COERCE":
        return "COERCE/arrest" if "arrest" in ev.mode else None
    return kind


def _names(entities: list[Entity]) -> set[str]:
    return {(e.identifier_text or e.entity_text).lower() for e in entities}


def _place(ev: Event) -> str | None:
    loc = ev.event_loc
    if loc is None or loc.basis != "sentence":
        return None  # a place inferred from the paragraph or story does not tell incidents apart
    return (loc.resolved_place or loc.extracted_place).lower()


def _stated(ev: Event, published: Date | None) -> Date | None:
    return ev.date if ev.date is not None and ev.date != published else None


def _separate(ev: Event) -> bool:
    text = " ".join(ev.event_text).lower()
    cues = words()["separate_incident_cues"]
    return any(c in text for c in cues)


def _same_date(host: Event, ev: Event, published: Date | None) -> bool:
    """No two stated dates: one stated by neither or by one only, or the same by both."""
    dh, de = _stated(host, published), _stated(ev, published)
    return not (dh and de and dh != de)


def _figure(ev: Event) -> bool:
    return any(getattr(ev.size, key) for key in _SIZES)


def _definite(ev: Event) -> bool:
    """The trigger re-mentions what was told: "The attack was claimed by ...", "The
    protesters demanded ..." (a determiner right before it, no adjective of something new)."""
    text, trigger = ev.event_text[0], ev.trigger or ""
    pos = text.find(trigger) if trigger else -1
    return pos > 0 and bool(_DEFINITE.search(text[:pos]))


def _same_area(host: Event, ev: Event) -> bool:
    """No place of its own, or the host's, or one in the host's country."""
    pe, ph = _place(ev), _place(host)
    if pe is None or ph is None or pe == ph:
        return True
    hl, el = host.event_loc, ev.event_loc
    return hl is not None and el is not None and el.country_code == hl.country_code


def _claimed(ev: Event) -> bool:
    """The sentence says who claims the act: a claim verb between its side and its trigger
    ("Al Shabaab claimed to have killed 2 soldiers")."""
    if ev.spans is None or ev.spans.trigger is None:
        return False
    ends = [s.end for s in ev.spans.actor if s is not None]
    if not ends:
        return False
    start = max(ends) - ev.text_info.start
    between = ev.event_text[0][start : ev.spans.trigger.start - ev.text_info.start]
    stems = words()["claim_verbs"]
    return len(between.split()) <= _CLAIM_GAP and any(
        w.startswith(stem) for w in _WORD.findall(between.lower()) for stem in stems
    )


def _referring(e: Entity) -> bool:
    return e.entity_text.lower() in _PRONOUNS | _POSSESSIVES


def _response_side(host: Event, ev: Event) -> bool:
    """Police or troops acting after someone else's act: their response, another act."""
    return _security(ev.actor) and not _security(host.actor)


def _attribution(host: Event, ev: Event) -> bool:
    """A later sentence whose side only says who did what the host told: a claim ("Al
    Shabaab claimed to have killed 2 soldiers" after "an IED exploded"), a re-mention with
    its organiser ("Al Shabaab organized the protest"), or a pronoun ("They also damaged the
    cameras"). Police or troops after someone else's act are their response: another act."""
    if _claimed(ev):
        return _same_area(host, ev)
    if _response_side(host, ev):
        return False
    return _place(ev) is None and (_definite(ev) or all(_referring(e) for e in ev.actor))


def _follow_up(host: Event, ev: Event, brief: bool) -> bool:
    """A sentence that only adds to the incident told before it: with no side of its own, a
    figure with no place of its own ("Four people were killed"), or a re-mention that names
    no new target and no place outside the host's country ("The attack was claimed by ...");
    with one, an attribution (``_attribution``). In a brief report any sentence in the host's
    area does, unless police or troops follow someone else's act (their response)."""
    if brief and not _response_side(host, ev):
        return _same_area(host, ev)
    if ev.actor:
        return _attribution(host, ev)
    if _definite(ev) and not ev.recipient:
        # a re-mention may say where more broadly ("The attack ... in Somalia")
        return _same_area(host, ev)
    return _place(ev) is None and _figure(ev)


def _toll(ev: Event) -> bool:
    return bool(_TOLL.search(ev.event_text[0]))


def _quoted(ev: Event) -> bool:
    """A figure in a quotation is a speaker's count, often of more than this incident."""
    return ev.event_text[0].lstrip()[:1] in _QUOTES


def _near(host: Event, ev: Event) -> bool:
    """``ev`` in the host's sentence or at most ``_WINDOW`` after it, with no cue of another
    incident ("in another attack")."""
    gap = ev.text_info.sequence - host.text_info.sequence
    return 0 <= gap <= _WINDOW and not _separate(ev)


def _one_sentence(host: Event, ev: Event) -> bool:
    """A cross-family response is one event only when one sentence tells both acts; in
    sentences of their own they are events of their own (the protest, then the arrests)."""
    return ev.text_info.sequence == host.text_info.sequence and not _separate(ev)


def _security(entities: list[Entity]) -> bool:
    if any(e.sector in _SECURITY_SECTORS for e in entities):
        return True
    # armed groups in general ("rebels") are a side of their own, not the response to a protest
    return names_security_force([e.entity_text for e in entities], ("police_nouns",))


def _intervention(host: Event, ev: Event, brief: bool = False) -> bool:
    """Arrests or force after a protest by police, troops or an unnamed side: its response,
    told in the protest's sentence or, in a brief report, in a later one."""
    if _family(host) != "PROTEST" or _family(ev) not in _RESPONSES:
        return False
    if not (_one_sentence(host, ev) or (brief and _near(host, ev))):
        return False
    return not ev.actor or _security(ev.actor)


def _anaphoric(entities: list[Entity]) -> bool:
    """Sides that refer back ("they", "the militants") rather than name someone new."""
    if not entities:
        return False
    for e in entities:
        tokens = e.entity_text.split()
        if len(tokens) == 1 and tokens[0].lower() in _PRONOUNS:
            continue
        if (
            len(tokens) > 1
            and tokens[0].lower() == "the"
            and not any(w[0].isupper() for w in tokens[1:])
        ):
            continue
        return False
    return True


def _one_act(host: Event, ev: Event) -> bool:
    """Arrests and force by one side in one sentence ("soldiers arrested and beat four
    villagers"): one act of violence against civilians, as ACLED counts it."""
    kinds = {_family(host), _family(ev)}
    # both acts by one named side: an attack by nobody named beside police arrests ("after
    # the carnage in which 58 were burnt, police arrested two") is not the police's act
    same_side = bool(_names(host.actor) & _names(ev.actor))
    return kinds == _RESPONSES and ev.text_info.sequence == host.text_info.sequence and same_side


def _escalation(host: Event, ev: Event) -> bool:
    """Violence by the protesters themselves after a protest ("They burned tyres"): one
    violent demonstration, as ACLED counts it."""
    if _family(host) != "PROTEST" or _family(ev) != "ASSAULT":
        return False
    if _one_sentence(host, ev):
        return not ev.actor or _anaphoric(ev.actor) or bool(_names(host.actor) & _names(ev.actor))
    # in a later sentence only by a side that refers back ("The demonstrators burned tyres")
    if not ev.actor or not _near(host, ev) or _place(ev) is not None:
        return False
    if _security(ev.actor) or _security(host.actor):
        return False  # police or troops: their response, or a side that is not a crowd
    return _anaphoric(ev.actor) or all(_referring(e) for e in ev.actor)


def _captures(host: Event, ev: Event, brief: bool = False) -> bool:
    """Arrests by nobody named in a later sentence the attack already took in as a follow-up
    ("Three militants were killed, two arrested"): the incident's toll, as ACLED counts the
    captures of a battle; in a brief report, any arrests in a later sentence ("Police arrested
    the perpetrator")."""
    if _family(host) != "ASSAULT" or _family(ev) != "COERCE/arrest":
        return False
    if ev.text_info.sequence <= host.text_info.sequence:
        return False
    if brief:
        return _near(host, ev)
    return not ev.actor and ev.event_text[0] in host.event_text


def _fits(host: Event, ev: Event, published: Date | None, brief: bool = False) -> bool:
    if _intervention(host, ev, brief) or _one_act(host, ev) or _escalation(host, ev):
        return True
    if _captures(host, ev, brief):
        return True
    if _family(host) != _family(ev) or _family(ev) is None or not _near(host, ev):
        return False
    if _toll(host) or _toll(ev):
        return False  # a death toll sums up days of unrest, not one incident
    if ev.text_info.sequence > host.text_info.sequence:
        # across sentences only a follow-up folds in: a later sentence naming a side of its
        # own ("Police fired on the crowd" twice in a riot report) may be another incident
        return _follow_up(host, ev, brief) and not _quoted(ev)
    ph, pe = _place(host), _place(ev)
    if pe is None:
        return True
    if ph and ph != pe:
        return False
    # one sentence, one family, no two places or dates: one happening told twice
    return _same_date(host, ev, published)


def _unknown(e: Entity) -> bool:
    return e.code in ("", "---") or e.sector is None


def _same_side(a: Entity, b: Entity) -> bool:
    """One actor told twice: the same resolved person or body; else, neither a named person,
    the same country and sector ("A Moscow-led military detachment" and the Russian troops of
    a list); a pronoun only as the person it was resolved to ("He" -> Vladimir Putin)."""
    if a.identifier_text or b.identifier_text:
        return (a.identifier_text or "").lower() == (b.identifier_text or "").lower()
    if _referring(a) or _referring(b):
        return False  # a pronoun resolved to nobody may be anyone
    if _unknown(a) or _unknown(b):
        return a.entity_text.lower() == b.entity_text.lower()
    return (a.code, a.sector) == (b.code, b.sector)


def _part_of(mine: list[Entity], theirs: list[Entity]) -> bool:
    """Every side of the shorter list is one of the longer's: the same sides, or a part of
    them (a multinational force and its national contingents)."""
    few, many = sorted((mine, theirs), key=len)
    return all(any(_same_side(a, b) for b in many) for a in few)


def _same_place(host: Event, ev: Event) -> bool:
    """No two places: one told by neither or by one only, the same resolved place, or a
    country and a place in it ("Kazakhstan", "Kazakh cities")."""
    ph, pe = _place(host), _place(ev)
    if ph is None or pe is None or ph == pe:
        return True
    hl, el = host.event_loc, ev.event_loc
    if hl is None or el is None or hl.country_code != el.country_code:
        return False
    return 1 in (hl.resolution, el.resolution)


def _same_figures(host: Event, ev: Event) -> bool:
    """No size stated twice with two figures (two counts are two acts, or a toll that grew)."""
    for key in _SIZES:
        mine, theirs = getattr(host.size, key), getattr(ev.size, key)
        if mine is not None and theirs is not None and mine != theirs:
            return False
    return True


def _another(ev: Event) -> bool:
    """A word right before the trigger that tells of one more act ("Putin also stressed",
    "police fired again"): not the host told again."""
    pos = _trigger_at(ev)
    before = _LETTERS.findall(ev.event_text[0][:pos].lower())[-_ANOTHER_GAP:] if pos > 0 else []
    return any(w in _ANOTHER for w in before)


def _trigger_at(ev: Event) -> int:
    """Where the trigger starts in the event's first sentence (-1: not found)."""
    if ev.spans is not None and ev.spans.trigger is not None:
        return ev.spans.trigger.start - ev.text_info.start
    return ev.event_text[0].find(ev.trigger) if ev.trigger else -1


def _said(ev: Event) -> set[str]:
    """What a statement says: the stems (first ``_STEM`` letters) of the content words of the
    clause after its trigger, but its sides' names, times and reporting verbs."""
    pos = _trigger_at(ev)
    if pos < 0:
        return set()
    text = ev.event_text[0][pos:].lower()
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    found = _LETTERS.findall(clause)[1 : _SAYS_WINDOW + 1]  # the trigger's own word left out
    sides = {w for e in ev.actor + ev.recipient for w in _LETTERS.findall(e.entity_text.lower())}
    skip = sides | set(words()["time_words"]) | set(words()["speech_verbs"]) | STOP_WORDS
    return {w[:_STEM] for w in found if len(w) >= _STEM - 1 and w not in skip}


def _says_the_same(host: Event, ev: Event) -> bool:
    """A statement told twice says the same thing: a content word after the trigger in both
    ("will not allow 'color revolutions'", "'We will not allow ... color revolution
    scenarios'"); a material act needs no words in common."""
    if host.quad_code not in _VERBAL:
        return True
    return bool(_said(host) & _said(ev))


def _repeat(host: Event, ev: Event, published: Date | None) -> bool:
    """``ev`` tells again what the host told: a statement reported, then quoted ("Putin said
    he will not allow ...", then "'We will not allow ...,' Putin said"), or an act told in
    the lead and again with its figures. Both asserted, of the same PLOVER type (not one the
    incident rules merge: ``_INCIDENT_TYPES``) and a compatible mode, near (``_near``), by the
    same side (``_part_of``; a side on both), with compatible recipients, no two places,
    stated dates or figures, no death toll, no word of one more act (``_another``), and, for
    a statement, the same thing said (``_says_the_same``)."""
    if ev.modality != "asserted" or host.modality != "asserted" or not host.event:
        return False
    if not ev.event or ev.event[0] != host.event[0] or not _near(host, ev):
        return False
    if ev.event[0] in _INCIDENT_TYPES or _another(ev):
        return False
    if (
        host.mode
        and ev.mode
        and not (set(host.mode) <= set(ev.mode) or set(ev.mode) <= set(host.mode))
    ):
        return False
    if not host.actor or not ev.actor or not _part_of(host.actor, ev.actor):
        return False
    if host.recipient and ev.recipient and not _part_of(host.recipient, ev.recipient):
        return False
    if _toll(host) or _toll(ev) or not _same_place(host, ev) or not _same_figures(host, ev):
        return False
    return _same_date(host, ev, published) and _says_the_same(host, ev)


def _period(ev: Event) -> bool:
    """The trigger names a span of such happenings ("the week of violence", "days of
    unrest", "months of protests"), with no side and no figure: a summary of a period."""
    pos = _trigger_at(ev)
    if ev.modality != "asserted" or ev.actor or ev.recipient or _figure(ev) or pos <= 0:
        return False
    return bool(_SPAN_OF.search(ev.event_text[0][:pos]))


def _period_host(out: list[Event], ev: Event) -> Event | None:
    """The nearest asserted event of the period's type in its country: one of the happenings
    it sums up."""
    country = ev.event_loc.country_code if ev.event_loc else None
    hosts = [
        h
        for h in out
        if h is not ev
        and not _period(h)
        and h.modality == "asserted"
        and h.event[:1] == ev.event[:1]
        and (country is None or h.event_loc is None or h.event_loc.country_code in (None, country))
    ]
    if not hosts:
        return None
    return min(hosts, key=lambda h: abs(h.text_info.sequence - ev.text_info.sequence))


def _told(ev: Event, published: Date | None) -> tuple[int, int, int, float]:
    """How much a mention tells: its stated figures, a stated date, its sides, its confidence;
    of two mentions of one happening the one that tells more stands for it."""
    figures = sum(getattr(ev.size, key) is not None for key in _SIZES)
    stated = int(_stated(ev, published) is not None)
    return figures, stated, len(ev.actor) + len(ev.recipient), ev.confidence


def _add_sides(host: Event, ev: Event, role: str, repeat: bool = False) -> None:
    """``ev``'s actors (or recipients) the host lacks, with their spans (kept parallel); of
    a ``repeat``, only sides that are none of the host's (``_same_side``)."""
    mine: list[Entity] = getattr(host, role)
    seen = _names(mine)
    known = list(mine)
    theirs: list[Entity] = getattr(ev, role)
    their_spans = getattr(ev.spans, role) if ev.spans else []
    for i, e in enumerate(theirs):
        if (e.identifier_text or e.entity_text).lower() in seen:
            continue
        if repeat and any(_same_side(e, k) for k in known):
            continue
        mine.append(e)
        if host.spans is not None:
            getattr(host.spans, role).append(their_spans[i] if i < len(their_spans) else None)


def _take_sizes(host: Event, ev: Event, fill_only: bool) -> None:
    """The largest stated figure of each size (only a missing one with ``fill_only``)."""
    for key in _SIZES:
        theirs = getattr(ev.size, key)
        mine = getattr(host.size, key)
        if theirs is not None and (mine is None or (theirs > mine and not fill_only)):
            setattr(host.size, key, theirs)
            if key in ev.size.words:
                host.size.words[key] = ev.size.words[key]


def _absorb(
    host: Event,
    ev: Event,
    published: Date | None,
    brief: bool = False,
    told: Told = "incident",
) -> None:
    """Merge ``ev`` into ``host``; ``told``: how ``ev`` tells of the host's happening ("incident":
    a report of the same incident, ``_fits``; "repeat": the same happening told again, in a
    sentence before or after the host's, ``_repeat``; "period": a period of such happenings,
    ``_period``)."""
    repeat = told == "repeat"
    response = _intervention(host, ev, brief)
    riot = not response and _escalation(host, ev)
    captures = _captures(host, ev, brief)
    protest = host.acled is None or host.acled.event_type == "Protests"
    host.event_text += [t for t in ev.event_text if t not in host.event_text]
    host.event += [t for t in ev.event if t not in host.event]
    later = ev.text_info.sequence > host.text_info.sequence
    # a later sentence with a side of its own, or one only a brief report folds in, may give
    # its own count (a claim, another source's figure): it fills a missing figure only
    bare = later and not ev.actor and _follow_up(host, ev, brief=False)
    _take_sizes(host, ev, fill_only=later and not bare)
    if _stated(host, published) is None and _stated(ev, published) is not None:
        host.date, host.date_precision, host.enddate = ev.date, ev.date_precision, ev.enddate
    _add_sides(host, ev, "actor", repeat)
    _add_sides(host, ev, "recipient", repeat)
    host.event_loc = host.event_loc or ev.event_loc
    host.mode = (
        host.mode + [m for m in ev.mode if m not in host.mode]
        if response or riot or captures or repeat
        else host.mode or ev.mode
    )
    host.acled = host.acled or ev.acled
    host.confidence = max(host.confidence, ev.confidence)
    how = "a follow-up in a later sentence" if later else "same type, same sentence"
    if later and ev.actor:
        how = "a claim of the act" if _claimed(ev) else "its side named in a later sentence"
    if later and not _follow_up(host, ev, brief=False):
        how = "a later sentence of a brief report"
    if repeat:
        what = "statement" if host.quad_code in _VERBAL else "act"
        how = f"the same {what} told again: same type, same side"
    if told == "period":
        how = "it sums up a period of such happenings, one of which this is"
    if captures:
        how = "captures told with the incident's toll"
    if response:
        how = "the security forces' response to the protest"
        # ACLED's own coding of a protest met with arrests or force
        if protest and host.size.dead:
            host.acled = AcledType(
                event_type="Violence against civilians",
                sub_event_type="Excessive force against protesters",
            )
        elif protest:
            host.acled = AcledType(
                event_type="Protests", sub_event_type="Protest with intervention"
            )
    if riot:
        how = "the protesters' own violence: a violent demonstration"
        if protest:
            host.acled = AcledType(event_type="Riots", sub_event_type="Violent demonstration")
    why = (
        f"merged the mention in sentence {ev.text_info.sequence} ('{ev.trigger}') as the same "
        f"incident ({how})"
    )
    host.explanation = f"{host.explanation}; {why}" if host.explanation else why


def _redirect(merged: dict[str, str], gone: str, keep: str) -> dict[str, str]:
    """``merged`` (merged id -> the id it went into) after ``gone`` went into ``keep``: what
    went into ``gone`` goes into ``keep`` too."""
    out = {k: keep if v == gone else v for k, v in merged.items()}
    out[gone] = keep
    return out


def merge_incidents(
    events: list[Event], published: Date | None = None, sentences: int | None = None
) -> tuple[list[Event], dict[str, str]]:
    """The events with each incident's mentions merged, and merged id -> surviving id;
    ``sentences``, the document's number of sentences, tells a brief report (``_BRIEF``)."""
    out: list[Event] = []
    merged: dict[str, str] = {}
    brief = sentences is not None and sentences <= _BRIEF
    for ev in sorted(events, key=lambda e: (e.text_info.sequence, e.text_info.start)):
        hosts = [h for h in out if _fits(h, ev, published, brief)]
        if hosts:
            host = max(hosts, key=lambda h: h.text_info.sequence)
            _absorb(host, ev, published, brief)
            merged[ev.id] = host.id
            continue
        repeats = [h for h in out if _repeat(h, ev, published)]
        if not repeats:
            out.append(ev)
            continue
        # one happening told twice: the mention that tells more stands for it
        host = max(repeats, key=lambda h: h.text_info.sequence)
        keep, gone = (ev, host) if _told(ev, published) > _told(host, published) else (host, ev)
        out[next(i for i, h in enumerate(out) if h is host)] = keep
        _absorb(keep, gone, published, brief, told="repeat")
        merged = _redirect(merged, gone.id, keep.id)
    # a period of happenings ("the week of violence") the document reports: no event of its own
    for ev in [e for e in out if _period(e)]:
        sums_up = _period_host(out, ev)
        if sums_up is None:
            continue
        out = [e for e in out if e is not ev]
        _absorb(sums_up, ev, published, brief, told="period")
        merged = _redirect(merged, ev.id, sums_up.id)
    return out, merged

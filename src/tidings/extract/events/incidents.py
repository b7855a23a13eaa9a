"""One incident, one event: merge the mentions of one happening across a document's sentences.

News (and ACLED notes) report one incident in several sentences: "An IED detonated, targeting
a water tanker in Buulo Xaaji village. Four people were killed." The extractor codes each
sentence on its own; this pass merges a later event into an earlier one when both are
asserted, of the same type family (ASSAULT, PROTEST, an arrest, ...), within ``_WINDOW``
sentences, and compatible: the same actor named in both, no two different places, no two
different stated dates, and no cue of a separate incident ("in another attack",
"separately", "elsewhere"). A bare follow-up — no actor, no place — always fits the nearest
event of its family before it. The merged event lists every sentence in ``event_text``, takes
the largest stated figure of each size, the stated date over the publication date, and says
in its explanation what it merged. Across families (a protest and the arrests or force that met
it) only mentions in one sentence merge: told in sentences of their own they stay events of
their own, as the seed gold and India's per-sentence labels count them.
"""

from __future__ import annotations

import re
from datetime import date as Date

from tidings.extract.events.lexicon import names_security_force, words
from tidings.records import AcledType, Entity, Event

__all__ = ["merge_incidents"]

_WINDOW = 2  # sentences between two mentions of one incident, at most
_SIZES = ("dead", "injured", "arrested", "participants")
_WORD = re.compile(r"[a-z]+(?: [a-z]+)?")
_SECURITY_SECTORS = frozenset({"COP", "MIL", "SPY"})
_RESPONSES = frozenset({"ASSAULT", "COERCE/arrest"})
_PRONOUNS = frozenset({"they", "them", "he", "she", "it", "we", "who"})


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


def _compatible_sides(a: list[Entity], b: list[Entity]) -> bool:
    if not a or not b:
        return True
    if _names(a) & _names(b):
        return True
    codes_a = {(e.code, e.sector) for e in a if e.code != "---" or e.sector}
    codes_b = {(e.code, e.sector) for e in b if e.code != "---" or e.sector}
    return bool(codes_a & codes_b)


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


def _bare(ev: Event) -> bool:
    return not ev.actor and _place(ev) is None


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


def _intervention(host: Event, ev: Event) -> bool:
    """Arrests or force after a protest by police, troops or an unnamed side: its response."""
    if _family(host) != "PROTEST" or _family(ev) not in _RESPONSES or not _one_sentence(host, ev):
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
    same_side = not host.actor or not ev.actor or bool(_names(host.actor) & _names(ev.actor))
    return kinds == _RESPONSES and ev.text_info.sequence == host.text_info.sequence and same_side


def _escalation(host: Event, ev: Event) -> bool:
    """Violence by the protesters themselves after a protest ("They burned tyres"): one
    violent demonstration, as ACLED counts it."""
    if _family(host) != "PROTEST" or _family(ev) != "ASSAULT" or not _one_sentence(host, ev):
        return False
    return not ev.actor or _anaphoric(ev.actor) or bool(_names(host.actor) & _names(ev.actor))


def _fits(host: Event, ev: Event, published: Date | None) -> bool:
    if _intervention(host, ev) or _one_act(host, ev) or _escalation(host, ev):
        return True
    if _family(host) != _family(ev) or _family(ev) is None or not _near(host, ev):
        return False
    gap = ev.text_info.sequence - host.text_info.sequence
    if _bare(ev) or (gap == 0 and _place(ev) is None):
        return True
    ph, pe = _place(host), _place(ev)
    if ph and pe and ph != pe:
        return False
    dh, de = _stated(host, published), _stated(ev, published)
    if dh and de and dh != de:
        return False
    if gap == 0:
        return True  # one sentence, one family, no two places: one happening told twice
    # a named side must be the same, or the later one refer back to it ("they", "the
    # militants"): two events by unnamed sides may be two incidents
    same_actor = not ev.actor or bool(_names(host.actor) & _names(ev.actor)) or _anaphoric(ev.actor)
    return same_actor and _compatible_sides(host.recipient, ev.recipient)


def _add_sides(host: Event, ev: Event, role: str) -> None:
    """``ev``'s actors (or recipients) the host lacks, with their spans (kept parallel)."""
    mine: list[Entity] = getattr(host, role)
    seen = _names(mine)
    theirs: list[Entity] = getattr(ev, role)
    their_spans = getattr(ev.spans, role) if ev.spans else []
    for i, e in enumerate(theirs):
        if (e.identifier_text or e.entity_text).lower() in seen:
            continue
        mine.append(e)
        if host.spans is not None:
            getattr(host.spans, role).append(their_spans[i] if i < len(their_spans) else None)


def _absorb(host: Event, ev: Event, published: Date | None) -> None:
    response = _intervention(host, ev)
    riot = not response and _escalation(host, ev)
    protest = host.acled is None or host.acled.event_type == "Protests"
    host.event_text += [t for t in ev.event_text if t not in host.event_text]
    host.event += [t for t in ev.event if t not in host.event]
    for key in _SIZES:
        theirs = getattr(ev.size, key)
        mine = getattr(host.size, key)
        if theirs is not None and (mine is None or theirs > mine):
            setattr(host.size, key, theirs)
            if key in ev.size.words:
                host.size.words[key] = ev.size.words[key]
    if _stated(host, published) is None and _stated(ev, published) is not None:
        host.date, host.date_precision, host.enddate = ev.date, ev.date_precision, ev.enddate
    _add_sides(host, ev, "actor")
    _add_sides(host, ev, "recipient")
    host.event_loc = host.event_loc or ev.event_loc
    host.mode = (
        host.mode + [m for m in ev.mode if m not in host.mode]
        if response or riot
        else host.mode or ev.mode
    )
    host.acled = host.acled or ev.acled
    host.confidence = max(host.confidence, ev.confidence)
    how = "a bare follow-up" if _bare(ev) else "same type, compatible sides"
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


def merge_incidents(
    events: list[Event], published: Date | None = None
) -> tuple[list[Event], dict[str, str]]:
    """The events with each incident's mentions merged, and merged id -> surviving id."""
    out: list[Event] = []
    merged: dict[str, str] = {}
    for ev in sorted(events, key=lambda e: (e.text_info.sequence, e.text_info.start)):
        hosts = [h for h in out if _fits(h, ev, published)]
        if hosts:
            host = max(hosts, key=lambda h: h.text_info.sequence)
            _absorb(host, ev, published)
            merged[ev.id] = host.id
        else:
            out.append(ev)
    return out, merged

"""The learned classifier applied to the rules' events: veto non-events, type ACLED, score.

The rules find triggers and read arguments, modality, mode and size off the parse (what they
are precise at); the classifier, trained on labelled event texts, decides per sentence

- whether it reports a political event at all: an event whose sentence the classifier calls
  NOT AN EVENT (disasters, accidents, sport, business, products) with probability above its
  quad's ``veto()`` is dropped, unless the rules found an armed or police side (or, for
  cooperation, a named state or people);
- the ACLED event type (and its sub-event) of an asserted event the rules gave one (or a
  material conflict event they gave none), among the ACLED types consistent with its PLOVER
  type (``acled_plover`` in the ontology), when its probability is at least ``OVERRIDE``;
  within one ACLED event type the rules' sub-event (from the weapon or sides) stands unless
  the classifier's is at least ``OVERRIDE_SUB`` likely;
- the confidence, as the geometric mean of the rules' score and the classifier's calibrated
  probability that the sentence reports an event, scaled down when the classifier doubts the
  event's ACLED event type (``TYPE_WEIGHT``);
- a **learned fallback event** where the rules found no trigger in a sentence (or only verbal
  ones, of quads 1 and 3, of another type) but the classifier
  is at least ``FALLBACK`` sure that it reports an event of one of ``FALLBACK_TYPES``: its type
  comes from the PLOVER head, its ACLED type from the ACLED head, its arguments, modality and
  size from the parse (``extractor.learned_event``), its confidence from the calibrated
  probability of its type;
- the **whole text's ACLED type** (``DOC_TYPE``), read from the summed n-gram counts of the
  document's sentences, on its main event where that fits the type; else on the surest event
  that does, or on a learned event made from the whole text ("Al Shabaab were seen gathering",
  "heavy artillery fire was reported") where none does: that event becomes the main one.
"""

from __future__ import annotations

import functools
import logging
import math
from datetime import date as Date

from spacy.tokens import Doc, Span

from tidings.errors import ConfigError
from tidings.extract.events.extractor import learned_event
from tidings.extract.events.learned import NONE, Prediction, classifier
from tidings.extract.events.lexicon import names_security_force
from tidings.extract.types import EventMention
from tidings.knowledge.files import data_file, read_yaml
from tidings.knowledge.people import people_base
from tidings.nlp.text import span_text
from tidings.ontology import acled_plover_consistent, quad_code

__all__ = [
    "FALLBACK",
    "OVERRIDE",
    "OVERRIDE_SUB",
    "VETO_MATERIAL",
    "WHOLE_TEXT",
    "apply_classifier",
    "veto",
]

log = logging.getLogger(__name__)

# P(not an event) above which a sentence's events are dropped, by quad. Verbal conflict (3)
# and cooperation (2, 1) take the model's own limits (``meta.json`` scores.veto, written by
# ``train.veto_thresholds`` from held-out TRAINING event rows: the calibration bucket and the
# PLOVER gold test, never the dev sets or the not-an-event check): the larger of 0.5 (a
# non-event likelier than an event) and the 99th percentile of P(NONE) over the quad's true
# events, so at most 1 % of them would be vetoed. Material conflict (4) keeps VETO_MATERIAL:
# its training 99th percentile is about 0.05, but news is not notes, and "A car bomb killed 12
# people in the city on Monday." has P(NONE) near 0.7. Cooperation is vetoed only where no
# side is a named state or people (``_political``): "Japan sent food aid to the flood
# victims." stays AID though the NONE class takes aid to flood victims for relief work; so does
# an act of a person the actor dictionaries know ("Ashraf Ghani welcomed the talks").
VETO_MATERIAL = 0.7
_POLITICAL_ENTS = frozenset({"GPE", "NORP"})
# The thresholds below were chosen on a validation split of TRAINING countries (800 notes of
# the calibration bucket, never the held-out countries): ACLED sub-event weighted F1 of the
# main event 0.771 with the earlier 0.8 / rules-only sub-event / no fallback, 0.838 with these
# (0.5-0.6 and 0.6-0.8 for the first two are within 0.005 of each other).
# The classifier's ACLED event type replaces the rules' when it is at least this sure
OVERRIDE = 0.5
# within the rules' ACLED event type, the classifier's sub-event replaces theirs when this sure
OVERRIDE_SUB = 0.8
# P(type) above which a sentence with no rule trigger gets a learned event of that type
FALLBACK = 0.6
FALLBACK_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "AGREE", "RETREAT"})
# a learned event's confidence: its type's probability times this (no trigger word vouches)
FALLBACK_BASE = 0.6
# an ACLED-typed event's confidence is scaled by TYPE_WEIGHT + (1 - TYPE_WEIGHT) * P(its ACLED
# event type): on the validation notes, main-event sub-event F1 0.838 -> 0.871 at 0.5 (and
# 0.876 with a geometric mean, which drops more events under the threshold)
TYPE_WEIGHT = 0.5
# a material event (quads 2 and 4) that did not take place (negated, future, hypothetical) has
# its confidence scaled by this: "attempted to assassinate", "asking the authorities to arrest"
# must not outrank the attack or the protest that did happen (ACLED codes what happened)
UNREALISED_WEIGHT = 0.5
_UNREALISED = frozenset({"negated", "future", "hypothetical"})
# the classifier's reading of a document's whole text (as it reads an ACLED note): where its
# ACLED event type is at least DOC_TYPE likely, the document's main event takes it when it is of
# a fitting PLOVER type; else the surest asserted event that fits takes it, or where none does a
# learned event made from the whole text (its PLOVER type from ``labels.yaml``: the ``acled``
# table's, else ``document_event``) when the text is also at least DOC_EVENT likely to report an
# event; and that event becomes the main one, MAIN_STEP surer than the event it replaces.
# Chosen on the validation notes of training countries (docs/events.md, "The whole text")
DOC_TYPE = 0.6
DOC_EVENT = 0.9
MAIN_STEP = 0.001
# a learned event of the whole text needs no side the parse names where the text is this sure
# of its ACLED type (chosen on notes of 27 training countries set aside, scripts/cv_pipeline.py)
SIDELESS = 0.95
# the explanation of an event typed from the whole text: ``incident_types.type_incidents``
# leaves its type be (a reading of the whole document is better informed than one of its incident)
WHOLE_TEXT = "learned from the whole text"
_NEAR = 2  # sentences from a rules' material event within which no fallback is made
_MIN_TOKENS = 5  # shorter sentences ("Four dead.") are follow-ups, not events of their own


def _armed(ev: EventMention) -> bool:
    """Whether the event names an armed or police side ("troops stormed the building")."""
    return names_security_force([m.text for m in ev.actors + ev.recipients])


def _political(doc: Doc, ev: EventMention) -> bool:
    """Whether a side of the event is a named state or people ("Japan", "Indian"), or a person
    the actor dictionaries know ("Ashraf Ghani": a head of state, a minister, a rebel leader)."""
    sides = ev.actors + ev.recipients
    return any(
        e.label_ in _POLITICAL_ENTS and e.start_char < m.end and m.start < e.end_char
        for e in doc.ents
        for m in sides
    ) or any(people_base().lookup(m.text, None) is not None for m in sides)


def veto() -> dict[int, float]:
    """P(NONE) above which a rule event of each quad is vetoed (see VETO_MATERIAL)."""
    try:
        learned = {int(q): float(v) for q, v in classifier().meta["scores"]["veto"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"the event model's meta.json has no valid scores.veto: {e}") from e
    return {**learned, 4: VETO_MATERIAL}


def _vetoed(doc: Doc, ev: EventMention, p: Prediction, limits: dict[int, float]) -> bool:
    quad = quad_code(ev.event_type)
    if 1.0 - p.p_event <= limits.get(quad, 1.0) or _armed(ev):
        return False
    return quad not in (1, 2) or not _political(doc, ev)


def _acled(ev: EventMention, p: Prediction) -> tuple[tuple[str, str], float] | None:
    allowed = {
        label.split("|", 1)[0]
        for label in p.acled
        if acled_plover_consistent(label.split("|", 1)[0], ev.event_type)
    }
    if not allowed:
        return None
    label, prob = p.best_acled(allowed)
    event_type, sub = label.split("|", 1)
    return (event_type, sub), prob


def _p_type(ev: EventMention, p: Prediction) -> tuple[float, str]:
    """P(the event's ACLED event type), or for an untyped event P(the likeliest consistent
    one), with that type's name ("no ACLED type" where none is consistent)."""
    if ev.acled is not None:
        name = ev.acled[0]
    else:
        learned = _acled(ev, p)
        if learned is None:
            return 0.0, "no ACLED type"
        name = learned[0][0]
    return p.p_acled_type(name), name


def _learned_acled(ev: EventMention, p: Prediction) -> str | None:
    """Set the classifier's ACLED type on ``ev`` where it is surer than the rules; say so."""
    learned = _acled(ev, p)
    if learned is None:
        return None
    (event_type, sub), prob = learned
    same_type = ev.acled is not None and event_type == ev.acled[0]
    if ev.acled == (event_type, sub) or prob < (OVERRIDE_SUB if same_type else OVERRIDE):
        return None
    rules = ev.acled[1] if ev.acled else "none"
    ev.acled = (event_type, sub)
    return (
        f"ACLED {event_type}/{sub} (p={prob:.2f}) from the learned classifier, "
        f"not the rules' {rules}"
    )


def _fallback(
    doc: Doc, sent: Span, index: int, p: Prediction, published: Date | None, verbal: set[str]
) -> EventMention | None:
    """A learned event for ``sent``, whose rule events (if any) are the verbal ``verbal``."""
    label, prob = p.best_plover()
    if label == NONE or label not in FALLBACK_TYPES or prob < FALLBACK or label in verbal:
        return None
    ev = learned_event(doc, sent, index, label, prob, published)
    if ev is None or not ev.actors:
        return None  # a learned event needs a side the parse can name
    what = "no material rule trigger" if verbal else "no rule trigger"
    notes = [f"learned: {what}; P={prob:.2f} {label} ('{ev.trigger.text}' stands in)"]
    if ev.modality == "asserted":
        learned = _acled(ev, p)
        if learned is not None:
            ev.acled = learned[0]
            notes.append(f"ACLED {'/'.join(learned[0])} (p={learned[1]:.2f}) learned")
    ev.confidence = round(min(prob * FALLBACK_BASE, 0.99), 3)
    args = [x for x in ev.explanation.split("; ")[1:-1] if not x.startswith("trigger ")]
    ev.explanation = "; ".join([*notes, *args, f"confidence {ev.confidence}"])
    return ev


def apply_classifier(
    doc: Doc, events: list[EventMention], published: Date | None = None
) -> list[EventMention]:
    """``events`` less the vetoed ones, with learned ACLED types and blended confidence, and a
    learned event for each sentence without one the classifier is sure reports an event."""
    sents = list(doc.sents)
    # a sentence with only verbal rule events (quads 1 and 3: a weak "deal", a "warned") may
    # still report a material event the lexicon missed ("The militia handed over its weapons
    # under the ceasefire deal."): it may take a learned event too
    coded = {ev.sentence_index for ev in events if quad_code(ev.event_type) in (2, 4)}
    bare = [(i, s) for i, s in enumerate(sents) if i not in coded and len(s) >= _MIN_TOKENS]
    said = [span_text(s) for s in sents]
    texts = sorted({ev.sentence.text for ev in events} | {said[i] for i, _ in bare})
    if not texts:
        return events
    read = set(texts)
    rest = [t for t in said if t not in read]
    sent_preds, whole = classifier().predict_with_whole(texts, rest)
    preds = dict(zip(texts, sent_preds, strict=True))
    out: list[EventMention] = []
    limits = veto()
    for ev in events:
        p = preds[ev.sentence.text]
        if _vetoed(doc, ev, p, limits):
            log.debug("vetoed %s '%s': not an event (p=%.2f)", ev.event_type, ev.trigger.text, p)
            continue
        notes = [f"learned P(event)={p.p_event:.2f}"]
        typed = ev.acled is not None or quad_code(ev.event_type) == 4
        if typed and ev.modality == "asserted":
            # within one ACLED event type the rules' sub-event stands unless the classifier is
            # surer: it comes from the weapon or the sides, which the rules read precisely
            why = _learned_acled(ev, p)
            if why:
                notes.append(why)
        conf = math.sqrt(ev.confidence * p.p_event)
        is_material = quad_code(ev.event_type) in (2, 4)
        if ev.acled is not None or (is_material and ev.modality == "asserted"):
            # how sure the classifier is of the ACLED event type the event now has (for a
            # material event the rules and the classifier left untyped, of the likeliest type
            # consistent with its PLOVER type): of two events in a note, the one whose type
            # the text bears out is the surer ("a police patrol" is no event of its own)
            p_type, name = _p_type(ev, p)
            notes.append(f"P({name})={p_type:.2f}")
            conf *= TYPE_WEIGHT + (1.0 - TYPE_WEIGHT) * p_type
        if ev.modality in _UNREALISED and is_material:
            notes.append(f"{ev.modality}: x{UNREALISED_WEIGHT}")
            conf *= UNREALISED_WEIGHT
        conf = round(min(conf, 0.99), 3)
        ev.explanation = ev.explanation.replace(
            f"confidence {ev.confidence}", "; ".join([*notes, f"confidence {conf}"])
        )
        ev.confidence = conf
        out.append(ev)
    material = [ev.sentence_index for ev in out if quad_code(ev.event_type) in (2, 4)]
    for i, sent in bare:
        if any(abs(i - j) <= _NEAR for j in material):
            continue  # a sentence near a rules' material event most often tells more of it
        verbal = {ev.event_type for ev in events if ev.sentence_index == i}
        fb = _fallback(doc, sent, i, preds[said[i]], published, verbal)
        if fb is not None:
            out.append(fb)
    out.sort(key=lambda e: (e.sentence.start, e.trigger.start))
    _type_document(doc, out, preds, whole, published)
    return out


def _main_event(events: list[EventMention]) -> EventMention | None:
    """The event a reader takes for the document's main one (as ``evaluate.acled`` does): the
    surest material event, else the surest event (the earlier of two equally sure)."""
    if not events:
        return None
    material = [e for e in events if quad_code(e.event_type) in (2, 4)]
    return max(material or events, key=lambda e: (e.confidence, -e.trigger.start))


def _type_document(
    doc: Doc,
    events: list[EventMention],
    preds: dict[str, Prediction],
    whole: Prediction,
    published: Date | None,
) -> None:
    """The classifier's ACLED event type of the whole text, where it is ``DOC_TYPE`` sure, on
    the document's main event (``_main_event``) when that is an asserted event of a fitting
    PLOVER type; else on the surest asserted event that fits (material first), or where none
    does (and the text is ``DOC_EVENT`` likely to report an event) on a learned event made from
    the whole text; that event becomes the main one (``MAIN_STEP``)."""
    event_type, prob = whole.best_acled_type()
    if prob < DOC_TYPE:
        return
    sub = whole.best_acled({event_type})[0].split("|", 1)[1]
    why = f"ACLED {event_type}/{sub} (P={prob:.2f}) {WHOLE_TEXT}"
    main = _main_event(events)
    fits = [
        e
        for e in events
        if e.modality == "asserted" and acled_plover_consistent(event_type, e.event_type)
    ]
    chosen: EventMention | None
    if main is not None and main in fits:
        chosen = main
    elif fits:
        material = [e for e in fits if quad_code(e.event_type) in (2, 4)]
        chosen = max(material or fits, key=lambda e: e.confidence)
    elif whole.p_event >= DOC_EVENT:
        chosen = _document_event(doc, preds, whole, (event_type, sub), prob, published)
        if chosen is None:
            return
        events.append(chosen)
        events.sort(key=lambda e: (e.sentence.start, e.trigger.start))
    else:
        return
    if chosen.acled is None or chosen.acled[0] != event_type:
        chosen.acled = (event_type, sub)
        chosen.explanation = chosen.explanation.replace("; confidence ", f"; {why}; confidence ")
    if main is None or chosen is main:
        return
    # the event the whole text bears out is the document's main one: it takes the confidence
    # of the event it replaces (and, being as sure, an earlier place or a nudge above it)
    if quad_code(main.event_type) in (2, 4) and quad_code(chosen.event_type) not in (2, 4):
        return  # a verbal event is never the main one beside a material event
    conf = round(min(max(chosen.confidence, main.confidence + MAIN_STEP), 0.99), 3)
    if conf > chosen.confidence:
        chosen.explanation = chosen.explanation.replace(
            f"confidence {chosen.confidence}",
            f"main event of the whole text (was {chosen.confidence}); confidence {conf}",
        )
        chosen.confidence = conf


@functools.cache
def _document_plover() -> tuple[dict[str, str], dict[str, str]]:
    """ACLED "event type|sub-event" -> the PLOVER type of an event made from a whole text: the
    ``acled`` table's PLOVER type of the sub-event (the PLOVER head learned it), and
    ``document_event``'s for sub-events it gives none (a movement of forces)."""
    source = data_file("events", "labels.yaml")
    data = read_yaml(source)
    acled = data.get("acled") if isinstance(data, dict) else None
    table = data.get("document_event") if isinstance(data, dict) else None
    if not isinstance(table, dict) or not isinstance(acled, dict):
        raise ConfigError(f"{source}: no acled or document_event table (sub-event -> PLOVER type)")
    learned: dict[str, str] = {}
    for row in acled.values():
        label = row.get("acled") if isinstance(row, dict) else None
        if isinstance(label, list) and all(label) and row.get("plover"):
            learned.setdefault("|".join(map(str, label)), str(row["plover"]))
    return learned, {str(k): str(v) for k, v in table.items()}


def _document_event(
    doc: Doc,
    preds: dict[str, Prediction],
    whole: Prediction,
    acled: tuple[str, str],
    prob: float,
    published: Date | None,
) -> EventMention | None:
    """A learned event of the ACLED type ``acled`` (left for the caller to set) on the sentence
    that bears it out most, of the PLOVER type ``_document_plover`` gives that sub-event (none:
    no event), where the whole text's PLOVER reading agrees with a learned one."""
    learned, table = _document_plover()
    label = learned.get("|".join(acled))
    if label is not None and whole.best_plover()[0] != label:
        return None  # the PLOVER head, which learned the sub-event's type, does not bear it out
    label = label or table.get("|".join(acled))
    sents = [(i, s, t) for i, s in enumerate(doc.sents) if (t := span_text(s)) in preds]
    if label is None or not sents:
        return None
    i, sent, _ = max(sents, key=lambda x: preds[x[2]].p_acled_type(acled[0]))
    ev = learned_event(doc, sent, i, label, prob, published)
    sided = bool(ev and (ev.actors or ev.recipients))
    if ev is None or ev.modality != "asserted" or not (sided or prob >= SIDELESS):
        # a learned event needs a side the parse can name, unless the whole text is SIDELESS
        # sure of its type ("an unknown number of activists staged a protest action"): with no
        # side at DOC_TYPE, one more held-out not-an-event check sentence was coded (round 6)
        return None
    ev.acled = None  # the caller types it from the whole text, and says so
    ev.confidence = round(min(prob * FALLBACK_BASE, 0.99), 3)
    args = [x for x in ev.explanation.split("; ")[1:-1] if not x.startswith("trigger ")]
    notes = [f"learned: no event of the text's type; {label} ('{ev.trigger.text}' stands in)"]
    ev.explanation = "; ".join([*notes, *args, f"confidence {ev.confidence}"])
    return ev

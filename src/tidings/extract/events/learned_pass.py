"""The learned classifier applied to the rules' events: veto non-events, type ACLED, score.

The rules find triggers and read arguments, modality, mode and size off the parse (what they
are precise at); the classifier, trained on labelled event texts, decides per sentence

- whether it reports a political event at all: a material-conflict event (quad 4) whose
  sentence the classifier calls NOT AN EVENT (disasters, accidents, sport, business, products)
  with probability above ``VETO`` is dropped, unless the rules found an armed or police side;
- the ACLED event type (and its sub-event) of an asserted event the rules gave one (or a
  material conflict event they gave none), among the ACLED types consistent with its PLOVER
  type (``acled_plover`` in the ontology), when its probability is at least ``OVERRIDE``;
  within one ACLED event type the rules' sub-event (from the weapon or sides) stands;
- the confidence, as the geometric mean of the rules' score and the classifier's calibrated
  probability that the sentence reports an event.
"""

from __future__ import annotations

import logging
import math

from spacy.tokens import Doc

from tidings.extract.events.learned import Prediction, classifier
from tidings.extract.events.lexicon import words
from tidings.extract.types import EventMention
from tidings.ontology import acled_plover_consistent, quad_code

__all__ = ["OVERRIDE", "VETO", "apply_classifier"]

log = logging.getLogger(__name__)

VETO = 0.7  # P(not an event) above which the sentence's events are dropped
# the classifier's ACLED type replaces the rules' only when it is this sure (on held-out notes
# its sub-event is right 84% of the time at 0.8-0.9, about the rules' rate on unseen news)
OVERRIDE = 0.8


def _armed(ev: EventMention) -> bool:
    """Whether the event names an armed or police side ("troops stormed the building")."""
    w = words()
    armed = w["armed_nouns"] | w["police_nouns"]
    for m in ev.actors + ev.recipients:
        forms = {t.strip(".,;:'\"").lower() for t in m.text.split()}
        if (forms | {f[:-1] for f in forms if f.endswith("s")}) & armed:
            return True
    return False


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


def apply_classifier(doc: Doc, events: list[EventMention]) -> list[EventMention]:
    """``events`` less the vetoed ones, with learned ACLED types and blended confidence."""
    if not events:
        return events
    texts = sorted({ev.sentence.text for ev in events})
    preds = dict(zip(texts, classifier().predict(texts), strict=True))
    out: list[EventMention] = []
    for ev in events:
        p = preds[ev.sentence.text]
        if quad_code(ev.event_type) == 4 and 1.0 - p.p_event > VETO and not _armed(ev):
            log.debug("vetoed %s '%s': not an event (p=%.2f)", ev.event_type, ev.trigger.text, p)
            continue
        notes = [f"learned P(event)={p.p_event:.2f}"]
        typed = ev.acled is not None or quad_code(ev.event_type) == 4
        if typed and ev.modality == "asserted":
            learned = _acled(ev, p)
            # within one ACLED event type the rules' sub-event stands: it comes from the weapon
            # or the sides named, which the rules read precisely ("grenade", "rioters")
            same_type = (
                ev.acled is not None and learned is not None and learned[0][0] == ev.acled[0]
            )
            if learned is not None and not same_type and learned[1] >= OVERRIDE:
                rules = ev.acled[1] if ev.acled else "none"
                notes.append(
                    f"ACLED {learned[0][0]}/{learned[0][1]} (p={learned[1]:.2f}) from the "
                    f"learned classifier, not the rules' {rules}"
                )
                ev.acled = learned[0]
        conf = round(min(math.sqrt(ev.confidence * p.p_event), 0.99), 3)
        ev.explanation = ev.explanation.replace(
            f"confidence {ev.confidence}", "; ".join([*notes, f"confidence {conf}"])
        )
        ev.confidence = conf
        out.append(ev)
    return out

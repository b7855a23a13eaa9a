"""Each incident's ACLED type, read by the learned classifier over the incident's text.

The classifier was trained on whole ACLED notes; after ``incidents.merge_incidents`` each
asserted material event is read again as its incident (its sentences and those right after it
that report no event of their own) and takes the classifier's ACLED type where it is sure
(see "One incident, one event" in docs/events.md).
"""

from __future__ import annotations

from bisect import bisect_right

from tidings.extract.events.learned import classifier
from tidings.extract.events.learned_pass import OVERRIDE, OVERRIDE_SUB, WHOLE_TEXT
from tidings.ontology import acled_plover_consistent
from tidings.records import AcledType, Event

__all__ = ["type_incidents"]


def _sentence_indices(events: list[Event], text: str, starts: list[int]) -> dict[str, set[int]]:
    """Event id -> the indices of the sentences its ``event_text`` was read from."""
    out: dict[str, set[int]] = {}
    for ev in events:
        found = {max(bisect_right(starts, ev.text_info.start) - 1, 0)}
        for sentence in ev.event_text[1:]:
            pos = text.find(sentence)
            if pos >= 0:
                found.add(max(bisect_right(starts, pos) - 1, 0))
        out[ev.id] = found
    return out


def _incident_text(
    own: set[int], taken: set[int], text: str, spans: list[tuple[int, int]]
) -> tuple[str, int]:
    """The incident's sentences and those right after it that report no event of their own
    ("Al Shabaab claimed responsibility.", "The man died.")."""
    ids = set(own)
    nxt = max(own) + 1
    while nxt < len(spans) and nxt not in taken:
        ids.add(nxt)
        nxt += 1
    return " ".join(text[spans[i][0] : spans[i][1]] for i in sorted(ids)), len(ids)


def type_incidents(events: list[Event], text: str, spans: list[tuple[int, int]]) -> None:
    """Each asserted material event's ACLED type from the learned classifier read over its
    incident's text (``_incident_text``), as the classifier reads an ACLED note whole: set
    where the classifier is at least ``OVERRIDE`` sure of an ACLED event type consistent with
    the event's PLOVER types, and, within the event's own ACLED type, at least
    ``OVERRIDE_SUB`` sure of another sub-event; the explanation says so."""
    targets = [e for e in events if e.quad_code == 4 and e.modality == "asserted"]
    # an event typed from the whole document's text keeps that type
    targets = [e for e in targets if WHOLE_TEXT not in (e.explanation or "")]
    if not targets or not spans:
        return
    sentences = _sentence_indices(events, text, [a for a, _ in spans])
    taken = set().union(*sentences.values())
    incidents = [_incident_text(sentences[e.id], taken, text, spans) for e in targets]
    preds = classifier().predict([t for t, _ in incidents])
    for ev, (_, n), p in zip(targets, incidents, preds, strict=True):
        allowed = {
            label.split("|", 1)[0]
            for label in p.acled
            if any(acled_plover_consistent(label.split("|", 1)[0], t) for t in ev.event)
        }
        if not allowed:
            continue
        # the event type as the whole text's is read (``Prediction.p_acled_type``: the
        # sub-events' sum beside the event-type head), then its likeliest sub-event
        event_type, p_type = p.best_acled_type(allowed)
        label, prob = p.best_acled({event_type})
        sub = label.split("|", 1)[1]
        same_type = ev.acled is not None and ev.acled.event_type == event_type
        if p_type < OVERRIDE or (same_type and prob < OVERRIDE_SUB):
            continue
        if ev.acled == AcledType(event_type=event_type, sub_event_type=sub):
            continue
        ev.acled = AcledType(event_type=event_type, sub_event_type=sub)
        why = (
            f"ACLED {event_type}/{sub} (P={p_type:.2f}) from the learned classifier over the "
            f"incident's text ({n} sentence{'s' if n > 1 else ''})"
        )
        ev.explanation = f"{ev.explanation}; {why}" if ev.explanation else why

"""Events: PLOVER events from a parsed ``Doc`` (lexicon + dependency rules, a learned
classifier for event/not-event, ACLED types and confidence, + custom types).

``extract_events(doc)`` is what the pipeline calls; see ``docs/events.md`` for the rules and
``docs/custom_types.md`` for user-defined event types.
"""

from __future__ import annotations

import logging
from datetime import date as Date

from spacy.tokens import Doc

from tidings.extract.events.custom import CustomTypes, load_custom_types
from tidings.extract.events.extractor import extract_rule_events
from tidings.extract.events.learned_pass import apply_classifier
from tidings.extract.types import EventMention

__all__ = ["CustomTypes", "EventMention", "extract_events", "load_custom_types"]

log = logging.getLogger(__name__)


def extract_events(
    doc: Doc, *, custom: CustomTypes | None = None, published: Date | None = None
) -> list[EventMention]:
    """Events in ``doc``, in text order, each with its confidence and explanation.

    ``custom`` adds user-defined event types (:func:`load_custom_types`); ``published`` (the
    document date) lets past-year references be marked historical.
    """
    if not doc.has_annotation("DEP"):
        # the rules read the dependency parse; a tokenised-only Doc has no events to give
        log.warning("extract_events needs a parsed Doc (no dependency parse); none coded")
        return []
    events = apply_classifier(doc, extract_rule_events(doc, published), published)
    if custom is not None:
        events.extend(custom.extract(doc, events))
        events.sort(key=lambda e: (e.sentence.start, e.trigger.start))
    return events

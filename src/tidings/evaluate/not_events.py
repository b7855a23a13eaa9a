"""tidings' own "not an event" check: 120 sentences about disasters, accidents, sport,
business and technology (``data/events/checks/not_events.txt``, written for tidings, never
trained on). ``not_events.coded_share`` is the share of them that yield any event at or above
the threshold (lower is better; the target is at most 0.05); ``uncoded_share`` is one minus
it, the figure the gate's floor holds.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tidings.extract.events.train import not_event_checks
from tidings.pipeline import Pipeline
from tidings.records import RawDocument

__all__ = ["evaluate"]

log = logging.getLogger(__name__)


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    checks = not_event_checks()[:limit] if limit else not_event_checks()
    raws = [RawDocument(id=f"not-event-{i}", text=s) for i, (_, s) in enumerate(checks)]
    coded = [bool(r.events) for r in pipeline.run_many(raws)]
    for (category, text), hit in zip(checks, coded, strict=True):
        if hit:
            log.info("not_events: coded as an event (%s): %s", category, text)
    n = max(len(checks), 1)
    return {
        "not_events.coded_share": round(sum(coded) / n, 4),
        "not_events.uncoded_share": round(1.0 - sum(coded) / n, 4),
    }

"""tidings' own "not an event" check: 120 sentences about disasters, accidents, sport,
business and technology (``data/events/checks/not_events.txt``, written for tidings, never
trained on). ``not_events.coded_share`` is the share of them that yield any event at or above
the threshold (lower is better; the target is at most 0.05); ``uncoded_share`` is one minus
it, the figure the gate's floor holds. A held-out batch of 48 more sentences (adding culture,
health and crime without a political actor; ``not_events_holdout.txt``, written before the
changes it measures) is scored apart as ``holdout_coded_share`` / ``holdout_uncoded_share``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tidings.extract.events.train import not_event_checks
from tidings.pipeline import Pipeline
from tidings.records import RawDocument

__all__ = ["evaluate"]

log = logging.getLogger(__name__)


def _coded_share(pipeline: Pipeline, checks: list[tuple[str, str]], prefix: str) -> float:
    raws = [RawDocument(id=f"{prefix}-{i}", text=s) for i, (_, s) in enumerate(checks)]
    coded = [bool(r.events) for r in pipeline.run_many(raws)]
    for (category, text), hit in zip(checks, coded, strict=True):
        if hit:
            log.info("%s: coded as an event (%s): %s", prefix, category, text)
    return round(sum(coded) / max(len(checks), 1), 4)


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """``dev_dir`` is unused: the check ships with tidings. ``limit`` caps each batch."""
    main = not_event_checks()
    held = not_event_checks(holdout=True)
    coded = _coded_share(pipeline, main[:limit] if limit else main, "not_events")
    held_coded = _coded_share(pipeline, held[:limit] if limit else held, "not_events_holdout")
    return {
        "not_events.coded_share": coded,
        "not_events.uncoded_share": round(1.0 - coded, 4),
        "not_events.holdout_coded_share": held_coded,
        "not_events.holdout_uncoded_share": round(1.0 - held_coded, 4),
    }

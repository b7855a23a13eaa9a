"""tidings' own "not an event" check: 120 sentences about disasters, accidents, sport,
business and technology (``data/events/checks/not_events.txt``, written for tidings, never
trained on). ``not_events.coded_share`` is the share of them that yield any event at or above
the threshold (lower is better; the target is at most 0.05); ``uncoded_share`` is one minus
it, the figure the gate's floor holds. A held-out batch of 48 more sentences (adding culture,
health and crime without a political actor; ``not_events_holdout.txt``, written before the
changes it measures) is scored apart as ``holdout_coded_share`` / ``holdout_uncoded_share``,
and a second one of 40 (the verbs of politics and violence used for sport, business,
technology, accidents and nature; ``not_events_holdout2.txt``) as ``holdout2_*``. Its
counterpart, 30 held-out political events told in the same verbs (``events_holdout.txt``),
gives ``events_found_share``: the share coded as any event (higher is better), so a filter
that drops everything cannot pass.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tidings.extract.events.train import not_event_checks
from tidings.pipeline import Pipeline
from tidings.records import RawDocument

__all__ = ["evaluate"]

log = logging.getLogger(__name__)


def _coded(pipeline: Pipeline, checks: list[tuple[str, str]], prefix: str) -> list[bool]:
    raws = [RawDocument(id=f"{prefix}-{i}", text=s) for i, (_, s) in enumerate(checks)]
    return [bool(r.events) for r in pipeline.run_many(raws)]


def _coded_share(pipeline: Pipeline, checks: list[tuple[str, str]], prefix: str) -> float:
    coded = _coded(pipeline, checks, prefix)
    for (category, text), hit in zip(checks, coded, strict=True):
        if hit:
            log.info("%s: coded as an event (%s): %s", prefix, category, text)
    return round(sum(coded) / max(len(checks), 1), 4)


def _found_share(pipeline: Pipeline, checks: list[tuple[str, str]]) -> float:
    found = _coded(pipeline, checks, "events_holdout")
    for (category, text), hit in zip(checks, found, strict=True):
        if not hit:
            log.info("events_holdout: no event (%s): %s", category, text)
    return round(sum(found) / max(len(checks), 1), 4)


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """``dev_dir`` is unused: the check ships with tidings. ``limit`` caps each batch."""
    out: dict[str, float] = {}
    for batch, prefix in (("main", ""), ("holdout", "holdout_"), ("holdout2", "holdout2_")):
        checks = not_event_checks(batch=batch)
        coded = _coded_share(pipeline, checks[:limit] if limit else checks, f"not_events_{batch}")
        out[f"not_events.{prefix}coded_share"] = coded
        out[f"not_events.{prefix}uncoded_share"] = round(1.0 - coded, 4)
    events = not_event_checks(batch="events")
    out["not_events.events_found_share"] = _found_share(
        pipeline, events[:limit] if limit else events
    )
    return out

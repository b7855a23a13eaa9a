""" "Where": the event's country on the project's own sentences (``data/where.yaml``).

Each item is one event sentence with a gold ``country`` (ISO alpha-3) where it happened,
often a place with a famous namesake or an actor from another country. The first event
coded from the sentence is compared by its ``event_loc`` country (never its actors').

Metrics: ``where.country`` (share of items whose first event is located in the gold country;
no event or no location counts as wrong), ``where.event_found`` (share with an event at all).
"""

from __future__ import annotations

import logging
from pathlib import Path

from tidings.evaluate._checks import CheckReport, code_items, load_items
from tidings.export.common import alpha3
from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

SET = "where"


def check(pipeline: Pipeline) -> dict[str, CheckReport]:
    """Code the set and compare every item's event country with the gold."""
    ok = found = total = 0
    failures: list[str] = []
    for item, result in code_items(pipeline, SET, load_items(SET)):
        total += 1
        if not result.events:
            failures.append(f"no event in {item['text']!r}")
            continue
        found += 1
        loc = result.events[0].event_loc
        got = alpha3(loc.country_code) if loc else None
        if got == item["country"]:
            ok += 1
        else:
            place = f"{loc.extracted_place} -> {loc.resolved_place} ({loc.basis})" if loc else "-"
            failures.append(f"{item['text']!r}: {got} [{place}], want {item['country']}")
    return {
        "country": CheckReport(total, ok, failures),
        "event_found": CheckReport(total, found, []),
    }


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """``dev_dir`` and ``limit`` are unused: the set ships with tidings and is small."""
    reports = check(pipeline)
    for failure in reports["country"].failures:
        log.info("where: %s", failure)
    return {f"{SET}.{part}": report.fraction for part, report in reports.items()}

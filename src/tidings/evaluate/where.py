""" "Where": the event's country on the project's own sentences (``data/where.yaml``).

Each item is one event sentence with a gold ``country`` (ISO alpha-3) where it happened,
often a place with a famous namesake or an actor from another country. The first event
coded from the sentence is compared by its ``event_loc`` country (never its actors').

Metrics: ``where.country`` (share of items whose first event is located in the gold country;
no event or no location counts as wrong), ``where.event_found`` (share with an event at all).
Items marked ``holdout: true`` (a batch written before the changes it measures) are scored
apart as ``where.holdout_country``; the second such batch (``holdout: 2``) as
``where.holdout2_country``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from tidings.evaluate._checks import CheckReport, code_items, load_items
from tidings.export.common import alpha3
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult

log = logging.getLogger(__name__)

SET = "where"


def _score(pairs: list[tuple[dict[str, Any], DocumentResult]]) -> dict[str, CheckReport]:
    ok = found = total = 0
    failures: list[str] = []
    for item, result in pairs:
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


def check(pipeline: Pipeline) -> dict[str, CheckReport]:
    """Code the set and compare every item's event country with the gold; the held-out batch
    is reported apart (``holdout_country``)."""
    pairs = list(code_items(pipeline, SET, load_items(SET)))
    batches: dict[str, list[tuple[dict[str, Any], DocumentResult]]] = {}
    for pair in pairs:
        batches.setdefault(_batch(pair[0].get("holdout")), []).append(pair)
    reports = _score(batches.pop("", []))
    for name, batch in batches.items():
        reports[f"{name}_country"] = _score(batch)["country"]
    return reports


def _batch(mark: object) -> str:
    """The report name of an item's held-out batch: ``""`` (not held out), ``holdout`` for the
    first batch (``holdout: true``), ``holdout<n>`` for batch ``n``."""
    if mark is None or mark is False:
        return ""
    if mark is True:
        return "holdout"
    return f"holdout{mark}"


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """``dev_dir`` and ``limit`` are unused: the set ships with tidings and is small."""
    reports = check(pipeline)
    for part in [p for p in reports if p.endswith("country")]:
        for failure in reports[part].failures:
            log.info("where %s: %s", part, failure)
    return {f"{SET}.{part}": report.fraction for part, report in reports.items()}

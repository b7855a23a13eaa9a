""" "Who is who": actor countries and sectors on the project's own sentences (``data/who.yaml``).

Every gold actor (``name``, ``code``, optional ``sector``) is looked up in its coded sentence:
first among the events' actors and recipients, then among the document's entities; a
candidate matches when its text or identifier contains the gold name (or, for a surname
alone, the gold name ends with it).

Metrics: ``who.country`` (share of gold actors found with the right code; an actor not found
counts as wrong), ``who.sector`` (share of actors with a gold sector found with that sector),
``who.found`` (share of gold actors found at all). Items marked ``holdout`` (a batch written
before the changes it measures) are scored apart as ``who.holdout_country`` and
``who.holdout_sector``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from tidings.evaluate._checks import CheckReport, code_items, load_items
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult, Entity

log = logging.getLogger(__name__)

SET = "who"


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _candidates(result: DocumentResult) -> list[Entity]:
    out: list[Entity] = []
    for ev in result.events:
        out.extend(ev.actor)
        out.extend(ev.recipient)
    out.extend(result.entities)
    return out


def find_actor(result: DocumentResult, name: str) -> Entity | None:
    """The coded entity a reader would take for ``name`` in this result, if any."""
    want = _norm(name)
    candidates = _candidates(result)
    for e in candidates:
        if any(want in _norm(t) for t in (e.entity_text, e.identifier_text or "") if t):
            return e
    for e in candidates:
        ident = _norm(e.identifier_text or e.entity_text)
        if len(ident) >= 4 and (" " + want).endswith(" " + ident):
            return e
    return None


def _score(pairs: list[tuple[dict[str, Any], DocumentResult]]) -> dict[str, CheckReport]:
    country_ok = sector_ok = found = total = with_sector = 0
    failures: list[str] = []
    for item, result in pairs:
        gold: dict[str, Any]
        for gold in item.get("actors") or []:
            total += 1
            with_sector += "sector" in gold
            e = find_actor(result, str(gold["name"]))
            if e is None:
                failures.append(f"{gold['name']!r} not found in {item['text']!r}")
                continue
            found += 1
            got = f"{e.code} {e.sector}"
            if e.code == gold["code"]:
                country_ok += 1
            else:
                failures.append(f"{gold['name']!r}: {got}, want {gold['code']} ({e.explanation})")
            if "sector" in gold:
                if e.sector == gold["sector"]:
                    sector_ok += 1
                elif e.code == gold["code"]:
                    failures.append(f"{gold['name']!r}: {got}, want sector {gold['sector']}")
    return {
        "country": CheckReport(total, country_ok, failures),
        "sector": CheckReport(with_sector, sector_ok, []),
        "found": CheckReport(total, found, []),
    }


def check(pipeline: Pipeline) -> dict[str, CheckReport]:
    """Code the set and compare every gold actor; reports for country, sector and found, and
    for the held-out batch's country and sector."""
    pairs = list(code_items(pipeline, SET, load_items(SET)))
    reports = _score([p for p in pairs if not p[0].get("holdout")])
    held = _score([p for p in pairs if p[0].get("holdout")])
    reports["holdout_country"] = held["country"]
    reports["holdout_sector"] = held["sector"]
    return reports


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """``dev_dir`` and ``limit`` are unused: the set ships with tidings and is small."""
    reports = check(pipeline)
    for part in ("country", "holdout_country"):
        for failure in reports[part].failures:
            log.info("who %s: %s", part, failure)
    return {f"{SET}.{part}": report.fraction for part, report in reports.items()}

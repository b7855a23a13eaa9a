"""The seed page scored against its hand-written gold (``seed_gold.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tidings.errors import EvaluationError
from tidings.ingest import read_paths
from tidings.knowledge.files import read_yaml
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult, Event, Quote

SEED_NAME = "000_d44f5dc9505b8006.txt"


@dataclass(frozen=True, slots=True)
class SeedReport:
    """Which expectations held; ``failures`` names each one that did not, and why."""

    passed: dict[str, list[str]]
    failures: dict[str, list[str]]

    def fraction(self, part: str) -> float:
        ok = len(self.passed.get(part, []))
        total = ok + len(self.failures.get(part, []))
        return ok / total if total else 1.0


def load_gold() -> dict[str, Any]:
    source = resources.files("tidings.evaluate").joinpath("seed_gold.yaml")
    data = read_yaml(source)
    if not isinstance(data, dict):
        raise EvaluationError(f"{source}: the seed gold is not a mapping")
    return data


def seed_path(dev_dir: Path) -> Path:
    return dev_dir.parent / "seed" / SEED_NAME


def _event_problems(ev: Event, exp: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    codes = {a.code for a in ev.actor}
    if "actor_codes" in exp and not set(exp["actor_codes"]) <= codes:
        problems.append(f"actor codes {sorted(codes)} lack {exp['actor_codes']}")
    if "actor_sector" in exp and exp["actor_sector"] not in {a.sector for a in ev.actor}:
        problems.append(f"no actor with sector {exp['actor_sector']}")
    if "actor_text" in exp and not any(
        exp["actor_text"] in (a.identifier_text or a.entity_text) for a in ev.actor
    ):
        problems.append(f"no actor resolved to {exp['actor_text']}")
    if "recipient_sector" in exp and exp["recipient_sector"] not in {
        r.sector for r in ev.recipient
    }:
        problems.append(f"no recipient with sector {exp['recipient_sector']}")
    if "mode" in exp and exp["mode"] not in ev.mode:
        problems.append(f"mode {ev.mode} lacks {exp['mode']}")
    for field, want in (exp.get("size") or {}).items():
        got = getattr(ev.size, field)
        if got is None or (want != "any" and abs(got - want) > 0.05 * want):
            problems.append(f"size.{field}={got}, want {want}")
    if "size_words" in exp and exp["size_words"] not in ev.size.words:
        problems.append(f"size words lack {exp['size_words']}")
    country = ev.event_loc.country_code if ev.event_loc else None
    if "country" in exp and country != exp["country"]:
        problems.append(f"event_loc country {country}, want {exp['country']}")
    if "date" in exp and str(ev.date) != exp["date"]:
        problems.append(f"date {ev.date}, want {exp['date']}")
    if "month" in exp and not str(ev.date).startswith(exp["month"]):
        problems.append(f"date {ev.date}, want in {exp['month']}")
    return problems


def _is_for(ev: Event, exp: dict[str, Any]) -> bool:
    """Whether ``ev`` is told in the gold event's sentence with one of its types."""
    return exp["sentence"] in ev.event_text[0] and bool(set(ev.event) & set(exp["types"]))


def event_precision(result: DocumentResult, gold: dict[str, Any]) -> float:
    """The share of coded events that stand for a gold event (one incident, one event)."""
    if not result.events:
        return 1.0
    backed = sum(1 for ev in result.events if any(_is_for(ev, exp) for exp in gold["events"]))
    return backed / len(result.events)


def _check_events(result: DocumentResult, gold: dict[str, Any], report: SeedReport) -> None:
    for exp in gold["events"]:
        candidates = [ev for ev in result.events if _is_for(ev, exp)]
        if not candidates:
            report.failures["events"].append(f"{exp['name']}: no {exp['types']} event")
            continue
        best = min((_event_problems(ev, exp) for ev in candidates), key=len)
        if best:
            report.failures["events"].append(f"{exp['name']}: {'; '.join(best)}")
        else:
            report.passed["events"].append(exp["name"])
    for marker in gold["forbidden_event_sentences"]:
        if any(marker in ev.event_text[0] for ev in result.events):
            report.failures["forbidden"].append(f"event from chrome sentence with {marker!r}")
        else:
            report.passed["forbidden"].append(marker)


def _quote_ok(q: Quote, exp: dict[str, Any]) -> bool:
    if exp["content"] not in q.content:
        return False
    if q.speaker is None or q.speaker.code != exp["speaker_code"]:
        return False
    return "source" not in exp or exp["source"] == q.source


def _check_quotes(result: DocumentResult, gold: dict[str, Any], report: SeedReport) -> None:
    for exp in gold["quotes"]:
        if any(_quote_ok(q, exp) for q in result.quotes):
            report.passed["quotes"].append(exp["name"])
        else:
            report.failures["quotes"].append(f"{exp['name']}: missing or wrong speaker/source")
    for term in gold["forbidden_quote_contents"]:
        if any(q.content.strip(" “”\"'‘’,.") == term for q in result.quotes):
            report.failures["forbidden"].append(f"scare quote {term!r} made a quotation")
        else:
            report.passed["forbidden"].append(term)


def _check_document(result: DocumentResult, gold: dict[str, Any], report: SeedReport) -> None:
    doc = gold["document"]
    checks = {
        "date": str(result.date) == doc["date"],
        "title": result.title == doc["title"],
        "publisher": result.publisher == doc["publisher"],
        "text_starts": result.text.startswith(doc["text_starts"]),
    }
    for marker in doc["text_excludes"]:
        checks[f"text excludes {marker!r}"] = marker not in result.text
    for name, ok in checks.items():
        (report.passed if ok else report.failures)["document"].append(name)


def check_seed(result: DocumentResult, gold: dict[str, Any] | None = None) -> SeedReport:
    """Compare a coded seed page with the gold; every expectation passes or says why not."""
    gold = gold or load_gold()
    parts = ("document", "events", "forbidden", "quotes")
    report = SeedReport(passed={p: [] for p in parts}, failures={p: [] for p in parts})
    _check_document(result, gold, report)
    _check_events(result, gold, report)
    _check_quotes(result, gold, report)
    return report


def code_seed(pipeline: Pipeline, dev_dir: Path) -> DocumentResult:
    path = seed_path(dev_dir)
    if not path.is_file():
        raise EvaluationError(f"seed page not found at {path}")
    return next(iter(pipeline.run_many(read_paths([str(path)]))))


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    result, gold = code_seed(pipeline, dev_dir), load_gold()
    report = check_seed(result, gold)
    scores = {f"seed.{part}": report.fraction(part) for part in report.passed}
    scores["seed.event_precision"] = event_precision(result, gold)
    return scores

"""`tidings demo`: ingest the bundled sample and show what was found."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from importlib import resources

from tidings.batch import IngestOptions, ingest
from tidings.cli.common import settings_from_args
from tidings.ingest import read_paths
from tidings.records import DocumentResult, Event
from tidings.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="ingest the bundled sample news and print what tidings found")
    p.set_defaults(func=run)


def _sample_path() -> str:
    return str(resources.files("tidings").joinpath("data/sample/news.jsonl"))


def _actor_label(ev: Event) -> str:
    if not ev.actor:
        return "?"
    a = ev.actor[0]
    return f"{a.identifier_text or a.entity_text} ({a.code} {a.sector or '-'})"


def _show(results: list[DocumentResult], db_path: str) -> None:
    events = [ev for r in results for ev in r.events]
    out = sys.stdout.write
    out(f"Coded {len(results)} sample documents into {db_path}: {len(events)} events, ")
    out(f"{sum(len(r.quotes) for r in results)} quotes, ")
    out(f"{sum(len(r.places) for r in results)} places.\n\nEvents by type:\n")
    for etype, n in Counter(ev.event[0] for ev in events).most_common():
        out(f"  {etype:<10} {n}\n")
    out("\nTop actors:\n")
    for label, n in Counter(_actor_label(ev) for ev in events if ev.actor).most_common(8):
        out(f"  {n:>3}  {label}\n")
    example = max(events, key=lambda e: (bool(e.actor) and bool(e.event_loc), e.confidence))
    out("\nAn example record and its evidence:\n")
    out(f"  {example.event[0]} {example.mode} on {example.date} — {_actor_label(example)}")
    if example.recipient:
        r = example.recipient[0]
        out(f" → {r.entity_text} ({r.code} {r.sector or '-'})")
    if example.event_loc:
        loc = example.event_loc
        out(f"\n  where: {loc.resolved_place or loc.extracted_place} ({loc.country_code})")
    size = {k: v for k, v in example.size.model_dump(exclude={"words"}).items() if v}
    if size:
        out(f"\n  size: {size}")
    out(f"\n  source: {example.source.doc_id} ({example.source.publisher})")
    out(f"\n  sentence: “{example.event_text[0]}”\n")
    out(f"  why: {example.explanation}\n")
    out("\nNext: `tidings events` lists them; `tidings serve` opens the dashboard.\n")


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with Store(settings.store.path) as store:
        # the same path as `tidings ingest`: idempotent, so a second demo changes nothing
        ingest([_sample_path()], store, settings, IngestOptions(workers=1))
        # only the sample, even in a database that holds other documents too
        stored = (store.get_document(raw.id) for raw in read_paths([_sample_path()]))
        results = [r for r in stored if r is not None]
    _show(results, settings.store.path)
    return 0

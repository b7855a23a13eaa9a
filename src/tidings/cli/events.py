"""`tidings events [filters]`: list stored events as a table (on a terminal) or JSON Lines."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from collections.abc import Sequence

from tidings.cli.common import settings_from_args
from tidings.errors import InputError
from tidings.records import Entity, Event
from tidings.store import EventQuery, Store
from tidings.store.filters import validate_filters


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from e


def _near(value: str) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--near wants LAT,LON,KM, not {value!r}") from e
    return lat, lon, km


def _split(values: Sequence[str] | None) -> list[str]:
    """Repeated and comma-separated values: ``--type PROTEST,ASSAULT --type AID``."""
    return [v.strip() for chunk in values or [] for v in chunk.split(",") if v.strip()]


def add_db_arg(p: argparse.ArgumentParser) -> None:
    """``--db`` after the command too (``tidings events --db X``), as well as before it."""
    # SUPPRESS: when not given here, the global --db (or None) stays in the namespace
    p.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB database path")


def add_filter_args(p: argparse.ArgumentParser, *, default_limit: int | None) -> None:
    """The event filters ``events`` and ``export`` share."""
    g = p.add_argument_group("filters")
    g.add_argument("--type", action="append", metavar="TYPE", help="PLOVER event type(s)")
    g.add_argument("--mode", action="append", metavar="MODE", help="PLOVER mode(s)")
    g.add_argument("--quad", action="append", metavar="N", help="quad class(es) 1-4")
    g.add_argument("--actor", help="actor or recipient: a code (RUS, IGO) or a name")
    g.add_argument("--recipient", help="recipient only: a code or a name")
    g.add_argument("--sector", help="actor or recipient sector (GOV, COP, MIL, ...)")
    g.add_argument("--country", help="where it happened: ISO alpha-2 or alpha-3 code")
    g.add_argument("--near", type=_near, metavar="LAT,LON,KM", help="within KM of a point")
    g.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="on or after this date")
    g.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="on or before this date")
    g.add_argument("--text", help="words in the event's sentence")
    g.add_argument(
        "--distinct",
        action="store_true",
        help="one event per real-world event: the representative of each group of reports "
        "of the same event (see docs/dedupe.md)",
    )
    g.add_argument(
        "--limit",
        type=int,
        default=default_limit,
        help=f"at most this many events (default: {default_limit or 'all'})",
    )


def query_from_args(args: argparse.Namespace, *, sort: str) -> EventQuery:
    """The filters given on the command line; an unknown value is an error listing the valid
    ones (:func:`tidings.store.filters.validate_filters`), never an empty result."""
    near = args.near or (None, None, None)
    try:
        query = EventQuery.model_validate(
            {
                "types": _split(args.type),
                "modes": _split(args.mode),
                "quad": [int(q) for q in _split(args.quad)],
                "actor": args.actor,
                "recipient": args.recipient,
                "sector": args.sector,
                "country_code": args.country,
                "lat": near[0],
                "lon": near[1],
                "radius_km": near[2],
                "date_from": args.since,
                "date_to": args.until,
                "text": args.text,
                "distinct": bool(getattr(args, "distinct", False)),
                "sort": sort,
                "limit": args.limit,
            }
        )
    except ValueError as e:
        raise InputError(f"bad filter: {e}") from e
    return validate_filters(query)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "events",
        help="list stored events (table on a terminal, JSON Lines when piped)",
        description="List events from the database (--db, $TIDINGS_DB or settings store.path), "
        "newest first.",
    )
    add_db_arg(p)
    add_filter_args(p, default_limit=50)
    p.add_argument(
        "--format",
        choices=("table", "jsonl"),
        help="output format (default: table on a terminal, jsonl when piped)",
    )
    p.set_defaults(func=run)


def _who(entities: list[Entity]) -> str:
    if not entities:
        return "-"
    e = entities[0]
    label = e.identifier_text or e.entity_text
    return f"{label} ({e.code}{' ' + e.sector if e.sector else ''})"


def _size(ev: Event) -> str:
    s = ev.size
    parts = [
        f"{n} {label}"
        for n, label in (
            (s.dead, "dead"),
            (s.injured, "injured"),
            (s.arrested, "arrested"),
            (s.participants, "people"),
        )
        if n is not None
    ]
    return ", ".join(parts) or "-"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table_rows(events: list[Event]) -> list[list[str]]:
    return [
        [
            ev.date.isoformat() if ev.date else "?",
            ev.event[0] if ev.event else "?",
            ",".join(ev.mode) or "-",
            _who(ev.actor),
            _who(ev.recipient),
            (ev.event_loc.resolved_place or ev.event_loc.extracted_place) if ev.event_loc else "-",
            _size(ev),
            " ".join(ev.event_text),
        ]
        for ev in events
    ]


def format_table(events: list[Event], width: int) -> str:
    """Aligned columns; the sentence takes what is left of ``width``."""
    header = ["date", "type", "mode", "actor", "recipient", "place", "size", "sentence"]
    body = table_rows(events)
    caps = [10, 10, 14, 28, 28, 18, 22]
    widths = [min(cap, max(len(r[i]) for r in [header, *body])) for i, cap in enumerate(caps)]
    rest = max(width - sum(widths) - 2 * len(widths), 20)
    lines = []
    for row in [header, *body]:
        cells = [_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, _clip(row[-1], rest)]).rstrip())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    query = query_from_args(args, sort="-date")
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    with Store(settings.store.path, read_only=True) as store:
        events = store.query_events(query) if query.limit else list(store.iter_events(query))
    if fmt == "jsonl":
        for ev in events:
            sys.stdout.write(json.dumps(ev.model_dump(mode="json"), ensure_ascii=False) + "\n")
    elif events:
        width = shutil.get_terminal_size((160, 24)).columns
        sys.stdout.write(format_table(events, width) + "\n")
        sys.stdout.write(f"({len(events)} events)\n")
    else:
        sys.stdout.write("no events match\n")
    return 0

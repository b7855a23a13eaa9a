"""`tidings export --format plover|gdelt|acled|parquet --out PATH [filters]`."""

from __future__ import annotations

import argparse

from tidings.cli.common import eprint, settings_from_args
from tidings.cli.events import add_db_arg, add_filter_args, query_from_args
from tidings.export import FORMATS, export_events
from tidings.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="write stored events as PLOVER JSONL, GDELT-style TSV, ACLED-style CSV or Parquet",
        description="Export events from the database, oldest first. Formats and their "
        "columns: docs/api.md#exports.",
    )
    p.add_argument("--format", required=True, choices=FORMATS, help="output format")
    p.add_argument("--out", required=True, help="output file, or - for standard output")
    p.add_argument(
        "--include-modality",
        action="store_true",
        help="GDELT/ACLED: keep negated, future and hypothetical events, with a modality column",
    )
    add_db_arg(p)
    add_filter_args(p, default_limit=None)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    query = query_from_args(args, sort="date")
    with Store(settings.store.path, read_only=True) as store:
        report = export_events(
            store, args.format, args.out, query, include_modality=args.include_modality
        )
    where = "standard output" if args.out == "-" else args.out
    eprint(f"wrote {report.written} {args.format} rows to {where}; {report.summary()}")
    return 0

"""`tidings code PATH...`: print one JSON document result per input document (JSON Lines)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date as Date

from tidings.cli.common import input_problems, report_input_problems, settings_from_args
from tidings.ingest import read_paths, read_stream
from tidings.pipeline import Pipeline
from tidings.records import RawDocument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "code",
        help="code documents and print PLOVER JSON (one line per document)",
        description="Code .txt/.html/.jsonl/.warc/RSS files, directories or - (stdin) and "
        "print one JSON result per document, in input order.",
    )
    p.add_argument("paths", nargs="+", help="files, directories, globs, or - for stdin")
    p.add_argument("--threshold", type=float, help="drop events below this confidence")
    p.add_argument(
        "--date",
        type=Date.fromisoformat,
        help="publication date (YYYY-MM-DD) for documents that do not state one",
    )
    p.add_argument("--pretty", action="store_true", help="indent the JSON (not JSON Lines)")
    p.set_defaults(func=run)


def _documents(paths: list[str], default_date: Date | None) -> Iterator[RawDocument]:
    for path in paths:
        raws = read_stream(sys.stdin.buffer, "-") if path == "-" else read_paths([path])
        for raw in raws:
            if raw.date is None and default_date is not None:
                raw = raw.model_copy(update={"date": default_date})
            yield raw


def run(args: argparse.Namespace) -> int:
    """Code what can be read; exit 1, naming each path, when any input is missing or
    unreadable (the others are still coded)."""
    problems = input_problems(args.paths)
    readable = [p for p in args.paths if p not in problems]
    if not readable:
        return report_input_problems(problems)
    pipeline = Pipeline(settings_from_args(args))
    for result in pipeline.run_many(_documents(readable, args.date)):
        data = result.to_json_dict()
        indent = 2 if args.pretty else None
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
        sys.stdout.flush()
    return report_input_problems(problems)

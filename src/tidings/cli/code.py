"""`tidings code PATH...`: print one JSON document result per input document (JSON Lines)."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date as Date

from tidings.batch import WarmPool, default_workers
from tidings.cli.common import input_problems, report_input_problems, settings_from_args
from tidings.config import Settings
from tidings.errors import ConfigError
from tidings.ingest import read_paths, read_stream
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult, RawDocument


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
    p.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="worker processes (default: all cores; 1, or a single input document, codes in "
        "this process); output stays in input order",
    )
    p.set_defaults(func=run)


def _documents(paths: list[str], default_date: Date | None) -> Iterator[RawDocument]:
    for path in paths:
        raws = read_stream(sys.stdin.buffer, "-") if path == "-" else read_paths([path])
        for raw in raws:
            if raw.date is None and default_date is not None:
                raw = raw.model_copy(update={"date": default_date})
            yield raw


def _coded(
    settings: Settings, raws: Iterator[RawDocument], workers: int
) -> Iterator[DocumentResult]:
    """Results in input order: in this process when one worker (or one document) is all
    there is to use, else on a warm pool (which forks its workers from one loaded pipeline)."""
    first = list(itertools.islice(raws, 2))
    todo: Iterable[RawDocument] = itertools.chain(first, raws)
    if workers <= 1 or len(first) < 2:
        yield from Pipeline(settings).run_many(todo)
        return
    with WarmPool(settings, workers) as pool:
        yield from pool.code_many(todo)


def run(args: argparse.Namespace) -> int:
    """Code what can be read; exit 1, naming each path, when any input is missing or
    unreadable (the others are still coded)."""
    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    problems = input_problems(args.paths)
    readable = [p for p in args.paths if p not in problems]
    if not readable:
        return report_input_problems(problems)
    raws = _documents(readable, args.date)
    for result in _coded(settings_from_args(args), raws, args.workers):
        data = result.to_json_dict()
        indent = 2 if args.pretty else None
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
        sys.stdout.flush()
    return report_input_problems(problems)

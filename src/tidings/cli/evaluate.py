"""`tidings evaluate`: score the development sets, one line per metric."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tidings.cli.common import eprint, settings_from_args
from tidings.errors import InputError
from tidings.evaluate import SCORERS, default_dev_dir, floors, run_sets
from tidings.pipeline import Pipeline


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score the development sets (../shared/dev) and print one line per metric",
    )
    p.add_argument(
        "sets",
        nargs="*",
        default=list(SCORERS),
        help=f"sets to score (default all: {', '.join(SCORERS)})",
    )
    p.add_argument(
        "--dev-dir",
        type=Path,
        help="development data (default $TIDINGS_DEV_DIR, else ../shared/dev; when that "
        "default is absent the command says so and skips, exit 0)",
    )
    p.add_argument("--limit", type=int, help="score only the first N items of each set")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    unknown = [name for name in args.sets if name not in SCORERS]
    if unknown:
        raise InputError(
            f"unknown evaluation set(s) {', '.join(unknown)}; valid: {', '.join(SCORERS)}"
        )
    dev_dir = args.dev_dir or default_dev_dir()
    if not dev_dir.is_dir():
        if args.dev_dir is not None:
            raise InputError(f"development data not found at {dev_dir}")
        eprint(
            f"tidings evaluate: skipped, no development data at {dev_dir} (a clone without "
            "../shared beside it; give --dev-dir or set $TIDINGS_DEV_DIR to score the sets)"
        )
        return 0
    pipeline = Pipeline(settings_from_args(args))
    scores = run_sets(pipeline, dev_dir, list(args.sets), args.limit)
    if args.json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return 0
    pinned = floors()
    below = 0
    for name, value in scores.items():
        floor = pinned.get(name)
        mark = ""
        if floor is not None:
            ok = value >= floor
            below += not ok
            mark = f"  (floor {floor:.3f}{'' if ok else ' — BELOW'})"
        sys.stdout.write(f"{name:<36} {value:.3f}{mark}\n")
    return 1 if below and args.limit is None else 0

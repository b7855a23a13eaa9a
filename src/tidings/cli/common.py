"""What every command shares: settings from flags, and printing helpers (only the CLI prints)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from tidings.config import Settings, load_settings
from tidings.ingest.sources import expand_paths


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Shipped defaults ← --config file ← flags given on the command line."""
    overrides: dict[str, Any] = {}
    if getattr(args, "model", None):
        overrides.setdefault("nlp", {})["model"] = args.model
    if getattr(args, "db", None):
        overrides.setdefault("store", {})["path"] = args.db
    if getattr(args, "threshold", None) is not None:
        overrides.setdefault("events", {})["threshold"] = args.threshold
    return load_settings(getattr(args, "config", None), overrides)


def print_jsonl(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def eprint(message: str) -> None:
    sys.stderr.write(message + "\n")


def input_problems(paths: Sequence[str]) -> dict[str, str]:
    """Path -> problem for each input that is missing, matches nothing or cannot be read
    (``-``, standard input, is never a problem here)."""
    problems: dict[str, str] = {}
    for path, problem in expand_paths([p for p in paths if p != "-"]):
        if problem:
            problems[path] = problem
        elif not os.access(path, os.R_OK):
            problems[path] = "not readable (permission denied)"
    return problems


def report_input_problems(problems: Mapping[str, str]) -> int:
    """Print the input problems on stderr; the exit code: 1 when there were any, else 0."""
    if not problems:
        return 0
    eprint(f"tidings: {len(problems)} input(s) could not be read:")
    for path, problem in problems.items():
        eprint(f"  {path}: {problem}")
    return 1

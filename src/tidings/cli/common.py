"""What every command shares: settings from flags, and printing helpers (only the CLI prints)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tidings.config import Settings, load_settings


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

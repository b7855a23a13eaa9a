"""`tidings regroup`: relink the stored reports of the same real-world events.

``ingest`` regroups around the dates it stored (and a run stopped before that regroups them at
its next start); this command redoes it for a date window or the whole store, e.g. after
changing the grouping rules or merging databases.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date as Date
from pathlib import Path

from tidings.batch import PENDING_REGROUP_SUFFIX
from tidings.cli.common import settings_from_args
from tidings.errors import ConfigError
from tidings.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "regroup",
        help="relink stored reports of the same events (a date window, or everything)",
        description="Rebuild the same-event groups of the stored events dated in "
        "--from..--to (every event when neither is given). Deterministic: an unchanged "
        "window stays as it was.",
    )
    p.add_argument("--from", dest="date_from", type=Date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=Date.fromisoformat, help="YYYY-MM-DD")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise ConfigError("--from is after --to")
    settings = settings_from_args(args)
    with Store(settings.store.path) as store:
        groups = store.regroup_events(args.date_from, args.date_to)
    if args.date_from is None and args.date_to is None:
        # everything is regrouped: what a stopped ingest left to regroup is done too
        Path(f"{settings.store.path}{PENDING_REGROUP_SUFFIX}").unlink(missing_ok=True)
    sys.stdout.write(f"{groups} same-event groups of two or more reports\n")
    return 0

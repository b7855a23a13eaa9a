"""`tidings actors list|show|export`: the actor profiles the store has learned, and pinned ones.

Profiles come from the database (``--db`` or settings ``store.path``) and from the user's
overrides file (settings ``actors.overrides``); pinned profiles win where both name an actor.
``export --format yaml`` writes the overrides format, so an exported file can be corrected by
hand and pinned by pointing ``actors.overrides`` at it (see docs/actors.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from tidings.cli.common import eprint, print_jsonl, settings_from_args
from tidings.config import Settings
from tidings.errors import InputError
from tidings.records import ActorProfile
from tidings.resolve.actors import ActorRegistry, load_overrides
from tidings.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("actors", help="list, show or export learned and pinned actor profiles")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = actions.add_parser("list", help="list profiles")
    lst.add_argument("--code", help="only this country code (KAZ) or IGO")
    lst.add_argument("--sector", help="only this sector (GOV, MIL, ...)")
    lst.add_argument("--pinned", action="store_true", help="only pinned profiles")
    lst.add_argument("--format", choices=("table", "jsonl"), default="table")
    show = actions.add_parser("show", help="one profile with its evidence")
    show.add_argument("name", help="a name or surname as written (Tokayev)")
    exp = actions.add_parser(
        "export", help="write all profiles as YAML (overrides format) or JSONL"
    )
    exp.add_argument("--out", type=Path, help="file to write (default: standard output)")
    exp.add_argument("--format", choices=("yaml", "jsonl"), help="default: from --out, else yaml")
    p.set_defaults(func=run)


def load_profiles(settings: Settings) -> list[ActorProfile]:
    """Stored profiles merged with the pinned ones of the overrides file."""
    registry = ActorRegistry()
    db = Path(settings.store.path)
    if db.exists():
        with Store(db, read_only=True) as store:
            for profile in store.load_actor_profiles():
                registry.add(profile)
    if settings.actors.overrides.strip():
        for profile in load_overrides(settings.actors.overrides.strip()):
            registry.add(profile)
    return sorted(registry.profiles(), key=lambda p: (p.code, p.name))


def _row(p: ActorProfile) -> list[str]:
    return [
        p.name,
        p.code,
        p.sector or "",
        p.office or "",
        str(len(p.doc_ids)),
        "yes" if p.pinned else "",
        ", ".join(p.variants),
    ]


def _table(profiles: list[ActorProfile]) -> None:
    head = ["name", "code", "sector", "office", "docs", "pinned", "variants"]
    rows = [head] + [_row(p) for p in profiles]
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(head) - 1)]
    for r in rows:
        cells = [c[:w].ljust(w) for c, w in zip(r, widths, strict=False)] + [r[-1]]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


def _list(args: argparse.Namespace, profiles: list[ActorProfile]) -> int:
    chosen = [
        p
        for p in profiles
        if (not args.code or p.code == args.code.upper())
        and (not args.sector or (p.sector or "") == args.sector.upper())
        and (not args.pinned or p.pinned)
    ]
    if args.format == "jsonl":
        for p in chosen:
            print_jsonl(p.model_dump(mode="json"))
    else:
        _table(chosen)
    return 0


def _show(args: argparse.Namespace, profiles: list[ActorProfile]) -> int:
    registry = ActorRegistry()
    for p in profiles:
        registry.add(p)
    found = registry.lookup(args.name)
    if found is None:
        eprint(f"no actor profile matches {args.name!r}")
        return 1
    out = sys.stdout
    out.write(f"{found.name}\n")
    out.write(f"  code:       {found.code}\n  sector:     {found.sector or '-'}\n")
    out.write(f"  office:     {found.office or '-'}\n")
    if found.identifier_text:
        out.write(f"  identifier: {found.identifier_text}\n")
    out.write(f"  variants:   {', '.join(found.variants) or '-'}\n")
    out.write(f"  pinned:     {'yes' if found.pinned else 'no'}\n")
    out.write(f"  documents:  {len(found.doc_ids)} ({', '.join(found.doc_ids[:5])})\n")
    out.write("  evidence:\n")
    for sentence in found.evidence:
        out.write(f"    - {sentence}\n")
    return 0


def _override_entry(p: ActorProfile) -> dict[str, Any]:
    data = p.model_dump(mode="json", exclude={"pinned"})
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def _export(args: argparse.Namespace, profiles: list[ActorProfile]) -> int:
    fmt = args.format or ("jsonl" if args.out and args.out.suffix == ".jsonl" else "yaml")
    if fmt == "jsonl":
        text = "".join(
            json.dumps(p.model_dump(mode="json"), ensure_ascii=False) + "\n" for p in profiles
        )
    else:
        text = yaml.safe_dump(
            {"actors": [_override_entry(p) for p in profiles]},
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write {args.out}: {e}") from e
    eprint(f"wrote {len(profiles)} actor profiles to {args.out}")
    return 0


def run(args: argparse.Namespace) -> int:
    profiles = load_profiles(settings_from_args(args))
    if args.action == "list":
        return _list(args, profiles)
    if args.action == "show":
        return _show(args, profiles)
    return _export(args, profiles)

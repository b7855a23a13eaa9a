"""`tidings` command line: one module per command, each with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from tidings.errors import TidingsError

# Each module registers one sub-command and sets ``func`` (args -> exit code).
COMMANDS = ("code", "ingest", "regroup", "events", "actors", "export", "evaluate", "serve", "demo")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tidings")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tidings",
        description="Raw news in, structured and sourced PLOVER event data out — offline.",
    )
    parser.add_argument("--config", help="settings file (TOML) overriding the shipped defaults")
    parser.add_argument("--db", help="DuckDB database path (default: settings store.path)")
    parser.add_argument("--model", help="spaCy model: package, path, 'sm' or 'md'")
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="print the version"
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="errors only: no warnings, no progress bar"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"tidings.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"tidings.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.ERROR if args.quiet else logging.WARNING - 10 * min(args.verbose, 2)
    if args.quiet and getattr(args, "progress", None) is None and hasattr(args, "progress"):
        args.progress = False
    logging.basicConfig(
        level=level,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except TidingsError as e:
        sys.stderr.write(f"tidings: {e}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("tidings: interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())

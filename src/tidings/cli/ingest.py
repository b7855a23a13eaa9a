"""`tidings ingest PATH...`: code documents into the store on every core; resumable.

With ``--scheduler``/``--cluster`` the documents are coded on a Dask cluster instead and
written as Parquet under ``--out`` (see docs/scale.md).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from tidings.batch import IngestOptions, IngestSummary, default_workers, ingest
from tidings.cli.common import (
    eprint,
    input_problems,
    report_input_problems,
    settings_from_args,
)
from tidings.errors import ConfigError
from tidings.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ingest",
        help="code files, directories or globs into the store (all cores, resumable)",
        description="Code .txt/.html/.jsonl/.warc/RSS files, directories or globs into the "
        "DuckDB store. Documents already stored with the same content are skipped before "
        "parsing, so a stopped run picks up where it left off. Unreadable, empty, over-long, "
        "non-English and duplicate documents are recorded with the reason (see --report).",
    )
    p.add_argument("paths", nargs="*", help="files, directories or globs to ingest")
    p.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="worker processes, each with its own spaCy model (default: all cores; "
        "1 codes in this process)",
    )
    p.add_argument(
        "--report",
        action="store_true",
        help="list the skipped and duplicate documents and why (after the run, or alone)",
    )
    p.add_argument(
        "--resume",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="skip documents already stored with the same content (default); --no-resume "
        "codes them again and replaces what is stored",
    )
    p.add_argument(
        "--limit", type=int, help="read at most N input documents (on Dask: N input files)"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=1_000_000,
        help="skip documents longer than this many characters (default 1,000,000)",
    )
    p.add_argument(
        "--chunk-size",
        type=int,
        default=8,
        help="documents a worker codes at a time (on Dask: within each task)",
    )
    p.add_argument(
        "--doc-timeout",
        type=float,
        help="with 2+ workers: a document still coding after this many seconds is recorded as "
        "skipped and its worker replaced (default: no limit)",
    )
    dask = p.add_argument_group("scale-out on Dask (writes Parquet, not the store)")
    where = dask.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786")
    where.add_argument(
        "--cluster",
        choices=["local"],
        help="start a local Dask cluster of --workers processes",
    )
    dask.add_argument("--out", help="output directory or URL (s3://… needs s3fs) for Parquet")
    dask.add_argument(
        "--task-bytes",
        type=int,
        help="cut JSON Lines inputs larger than this into tasks of about this size (default 4 MiB)",
    )
    dask.add_argument(
        "--near-duplicates",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="after the tasks, mark near duplicates across tasks too (default; about 6 KB of "
        "client memory per document); --no-near-duplicates marks exact ones only",
    )
    p.set_defaults(func=run)


class _Bar:
    """The progress bar: documents/s, and an ETA when the total is known."""

    def __init__(self, enabled: bool, stream: TextIO, limit: int | None = None) -> None:
        self.enabled = enabled
        self.stream = stream
        self.limit = limit
        self.bar: tqdm | None = None

    def start(self, total: int | None) -> None:
        if self.limit is not None:  # --limit N reads at most N documents
            total = self.limit if total is None else min(total, self.limit)
        self.bar = tqdm(
            total=total,
            unit="doc",
            desc="ingest",
            file=self.stream,
            disable=not self.enabled,
            dynamic_ncols=True,
            smoothing=0.05,
        )

    def advance(self, n: int, summary: IngestSummary) -> None:
        if self.bar is not None:
            self.bar.set_postfix(
                coded=summary.coded,
                skipped=summary.skipped,
                dup=summary.duplicates,
                refresh=False,
            )
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _summary_line(s: IngestSummary) -> str:
    parts = [
        f"coded {s.coded} documents ({s.events} events, {s.quotes} quotes)",
        f"skipped {s.skipped}",
        f"duplicates {s.duplicates}",
        f"already stored {s.already_stored}",
        f"same-event groups {s.groups}",
        f"{s.seconds:.1f} s",
        f"{s.docs_per_second:.2f} docs/s",
    ]
    line = ", ".join(parts)
    if s.warnings:
        line += f"\n{len(s.warnings)} coded with input warnings (see --report)"
    if s.skip_reasons:
        kinds = ", ".join(f"{k} {n}" for k, n in s.skip_reasons.most_common())
        line += f"\nskipped by kind: {kinds}"
    return line


def _print_report(store: Store) -> None:
    skips = store.skipped()
    sys.stdout.write(f"skipped: {len(skips)}\n")
    for rec in skips:
        reason = rec.reason
        if not reason.startswith((rec.doc_id, rec.source_path or rec.doc_id)):
            reason = f"{rec.doc_id}: {reason}"
        sys.stdout.write(f"  {reason}\n")
    dups = sorted(
        (info for info in store.documents().values() if info.duplicate_of),
        key=lambda info: info.id,
    )
    sys.stdout.write(f"duplicates: {len(dups)}\n")
    for info in dups:
        sys.stdout.write(f"  {info.id}: duplicate of {info.duplicate_of}\n")


def _run_dask(args: argparse.Namespace) -> int:
    from tidings.scale import DaskOptions, run_on_dask

    if not args.out:
        raise ConfigError("--scheduler/--cluster write Parquet: give --out DIR")
    if not args.verbose:
        # distributed logs every worker's start and stop at INFO on its own handler
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if not args.paths:
        raise ConfigError("give the paths to ingest")
    settings = settings_from_args(args)
    profiles = []
    if Path(settings.store.path).exists():
        # start the workers from the actors the store knows (it is only read)
        with Store(settings.store.path, read_only=True) as store:
            profiles = store.load_actor_profiles()
    opts = DaskOptions(
        scheduler=args.scheduler,
        local_workers=args.workers if args.cluster == "local" else None,
        resume=args.resume,
        limit=args.limit,
        profiles=profiles,
        chunk_size=args.chunk_size,
        near_duplicates=args.near_duplicates,
    )
    if args.task_bytes is not None:
        if args.task_bytes < 1:
            raise ConfigError("--task-bytes must be at least 1")
        opts.task_bytes = args.task_bytes
    summary = run_on_dask(args.paths, args.out, settings, opts)
    sys.stdout.write(
        f"{summary.files_done} tasks coded, {summary.files_skipped} already done, "
        f"{summary.failed} failed; {summary.documents} documents, {summary.events} events, "
        f"{summary.duplicates} duplicates across tasks, {summary.groups} same-event groups "
        f"-> {args.out} ({summary.seconds:.1f} s)\n"
    )
    for problem in summary.problems:
        sys.stdout.write(f"  {problem}\n")
    return 1 if summary.failed else 0


def run(args: argparse.Namespace) -> int:
    if args.scheduler or args.cluster:
        return _run_dask(args)
    settings = settings_from_args(args)
    if not args.paths:
        if not args.report:
            raise ConfigError("give the paths to ingest (or --report for the last runs' skips)")
        with Store(settings.store.path, read_only=True) as store:
            _print_report(store)
        return 0
    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    problems = input_problems(args.paths)
    if all(p in problems for p in args.paths):  # nothing to read: say so before opening the store
        return report_input_problems(problems)
    options = IngestOptions(
        workers=args.workers,
        resume=args.resume,
        limit=args.limit,
        chunk_size=args.chunk_size,
        max_chars=args.max_chars,
        timeout=args.doc_timeout,
    )
    enabled = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = _Bar(enabled, sys.stderr, args.limit)
    with Store(settings.store.path) as store:
        try:
            summary = ingest(args.paths, store, settings, options, bar)
        finally:
            bar.close()
        sys.stdout.write(_summary_line(summary) + "\n")
        if args.report:
            _print_report(store)
            if summary.warnings:
                sys.stdout.write(f"coded with input warnings: {len(summary.warnings)}\n")
                sys.stdout.writelines(f"  {w}\n" for w in summary.warnings)
    if summary.coded == 0 and summary.skipped and not summary.already_stored:
        eprint("tidings: nothing was coded (see --report)")
        return max(report_input_problems(problems), 1)
    return report_input_problems(problems)

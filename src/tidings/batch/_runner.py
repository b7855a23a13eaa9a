"""One ingest run: read, skip what is stored, drop duplicates, code in workers, store.

The parent process is the only writer: the results of each chunk a worker returns are written
in one transaction as soon as they arrive, so a run killed at any moment resumes where it
stopped (documents whose content hash is stored are skipped before they are parsed).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tidings.batch._coders import (
    ActorRegistry,
    ChunkReply,
    Coded,
    Failed,
    InProcessCoder,
    Outcome,
    PipelineFactory,
    WorkItem,
    build_pipeline,
)
from tidings.batch._filing import duplicate_record, file_result, file_results, regroup_days
from tidings.batch._inputs import (
    InputProblem,
    count_documents,
    dedupe_text,
    input_files,
    problem_of,
    read_documents,
)
from tidings.batch._pool import PoolCoder, default_workers
from tidings.config import Settings
from tidings.errors import StoreError
from tidings.ingest import content_hash
from tidings.records import ActorProfile, RawDocument
from tidings.store import Store
from tidings.store.writes import PendingResult

log = logging.getLogger(__name__)


def _actor_registry(settings: Settings) -> ActorRegistry:
    from tidings.resolve.actors import ActorResolver

    return ActorResolver.from_settings(settings)


@dataclass(slots=True)
class IngestOptions:
    """How to run; the defaults are what ``tidings ingest`` does without flags."""

    workers: int = field(default_factory=default_workers)
    resume: bool = True
    limit: int | None = None
    chunk_size: int = 8
    max_chars: int = 1_000_000
    save_profiles_every: float = 15.0  # only the changed profiles are written
    start_method: str | None = None  # the pool's default: fork where the system can
    timeout: float | None = None  # seconds one document may take in a worker
    count_first: bool = True
    factory: PipelineFactory = build_pipeline
    registry: Callable[[Settings], ActorRegistry] = _actor_registry


@dataclass(slots=True)
class IngestSummary:
    """What a run did; ``seen`` counts input documents (and unreadable inputs)."""

    total: int | None = None
    seen: int = 0
    coded: int = 0
    events: int = 0
    quotes: int = 0
    skipped: int = 0
    duplicates: int = 0
    already_stored: int = 0
    groups: int = 0  # same-event groups (2+ reports) in the date window regrouped after the run
    seconds: float = 0.0
    peak_rss: dict[int, int] = field(default_factory=dict)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)  # coded, but the reader had a problem

    @property
    def docs_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds > 0 else 0.0


class Progress(Protocol):
    """Where a run reports how far it is (the CLI draws a progress bar)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, n: int, summary: IngestSummary) -> None: ...


class _NoProgress:
    def start(self, total: int | None) -> None:
        pass

    def advance(self, n: int, summary: IngestSummary) -> None:
        pass


@dataclass(frozen=True, slots=True)
class _Duplicate:
    raw: RawDocument
    content_hash: str
    original: str


def _kind_of(reason: str) -> str:
    """A short class for a skip reason, for the summary's counts."""
    kinds = (
        "binary",
        "empty",
        "language",
        "too long",
        "invalid JSON",
        "truncated",
        "died",
        "failed",
    )
    for kind in kinds:
        if kind.lower() in reason.lower():
            return kind
    return "other"


PENDING_REGROUP_SUFFIX = ".regroup-pending"


class _PendingRegroup:
    """The event dates stored but not yet regrouped, in a file beside the database, written
    before a document bringing a new date is stored and removed once the run has regrouped:
    a run killed before its final regroup leaves it, and the next run regroups those dates."""

    def __init__(self, store: Store) -> None:
        memory = store.path == ":memory:"
        self.path = None if memory else Path(f"{store.path}{PENDING_REGROUP_SUFFIX}")
        self.days: set[dt.date] = set()
        if self.path is not None and self.path.exists():
            try:
                self.days = {dt.date.fromisoformat(d) for d in json.loads(self.path.read_text())}
            except (OSError, ValueError, TypeError) as e:
                raise StoreError(
                    f"cannot read {self.path}: {e}; delete it and run `tidings regroup`"
                ) from e
            log.info("regrouping %d dates a stopped run left", len(self.days))

    def add(self, days: Iterable[dt.date]) -> None:
        new = set(days) - self.days
        if new:
            self.days |= new
            if self.path is not None:
                tmp = self.path.with_name(self.path.name + ".tmp")
                tmp.write_text(json.dumps(sorted(d.isoformat() for d in self.days)))
                tmp.replace(self.path)

    def done(self) -> None:
        self.days = set()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class _Run:
    def __init__(
        self, store: Store, settings: Settings, options: IngestOptions, progress: Progress
    ) -> None:
        self.store = store
        self.settings = settings
        self.options = options
        self.progress = progress
        self.summary = IngestSummary()
        from tidings.clean.duplicates import Deduplicator  # MinHash tables: only when used

        self.dedup = Deduplicator(settings.clean.near_duplicate_threshold)
        self.in_flight: set[str] = set()
        self.waiting_dups: dict[str, list[_Duplicate]] = {}
        self.last_save = time.monotonic()
        self.pending = _PendingRegroup(store)  # the dates of the events stored, to regroup
        self.saved: dict[str, ActorProfile] = {}  # the profiles as last saved

    # -- the run --------------------------------------------------------------------------------

    def go(self, paths: Sequence[str]) -> IngestSummary:
        started = time.perf_counter()
        files, problems = input_files(paths)
        if self.options.count_first:
            self.summary.total = count_documents(files)
            if self.summary.total is not None:
                self.summary.total += len(problems)
        self.progress.start(self.summary.total)
        for problem in problems:
            self._take(problem)
        profiles = self.store.load_actor_profiles()
        self.saved = {p.name: p for p in profiles}
        coder = self._coder(profiles)
        try:
            for item in read_documents(files):
                if self.options.limit is not None and self.summary.seen >= self.options.limit:
                    break
                self._take(item, coder)
                self._absorb(coder, coder.collect(block=False))
                while not coder.ready():
                    self._absorb(coder, coder.collect(block=True))
                self._maybe_save(coder.registry)
            for reply in coder.finish():
                self._absorb(coder, [reply])
        finally:
            coder.close()
            self._save(coder.registry)
            self._regroup()
            self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _coder(self, profiles: list[ActorProfile]) -> InProcessCoder | PoolCoder:
        opts = self.options
        if opts.workers <= 1:
            return InProcessCoder(opts.factory, self.settings, profiles, opts.chunk_size)
        registry = opts.registry(self.settings)
        if profiles:
            registry.add_profiles(profiles)
        return PoolCoder(
            opts.factory,
            self.settings,
            profiles,
            registry,
            workers=opts.workers,
            chunk_size=opts.chunk_size,
            start_method=opts.start_method,
            timeout=opts.timeout,
        )

    # -- one input document in ------------------------------------------------------------------

    def _take(
        self, item: RawDocument | InputProblem, coder: InProcessCoder | PoolCoder | None = None
    ) -> None:
        self.summary.seen += 1
        if isinstance(item, InputProblem):
            self._skip(item.doc_id, item.source_path, item.reason)
            return
        raw = item
        digest = content_hash(raw)
        words = dedupe_text(raw)
        if self.options.resume and self.store.has_document(raw.id, digest):
            self.summary.already_stored += 1
            self.dedup.check(raw.id, words)  # later documents may duplicate it
            self.progress.advance(1, self.summary)
            return
        if raw.id in self.in_flight:
            reason = f"{raw.id}: the same document id appears again in this run; first kept"
            self._skip(raw.id, raw.source_path, reason)
            return
        problem = problem_of(raw, self.options.max_chars)
        if problem is not None:
            self._skip(raw.id, raw.source_path, problem)
            return
        original = self.dedup.check(raw.id, words)
        if original is not None:
            dup = _Duplicate(raw, digest, original)
            if original in self.in_flight:
                self.waiting_dups.setdefault(original, []).append(dup)
            else:
                self._store_duplicate(dup)
            return
        assert coder is not None
        self.in_flight.add(raw.id)
        coder.submit(WorkItem(raw, digest))

    # -- outcomes back ---------------------------------------------------------------------------

    def _absorb(self, coder: InProcessCoder | PoolCoder, replies: list[ChunkReply]) -> None:
        for reply in replies:
            if reply.profiles and coder.registry is not None:
                coder.registry.add_profiles(reply.profiles)
            if reply.pid:
                old = self.summary.peak_rss.get(reply.pid, 0)
                self.summary.peak_rss[reply.pid] = max(old, reply.peak_rss)
            self._finish(reply.outcomes)

    def _finish(self, outcomes: list[Outcome]) -> None:
        """File one chunk's outcomes: the coded documents in one transaction."""
        coded: list[Coded] = []
        for outcome in outcomes:
            if isinstance(outcome, Failed):
                self.in_flight.discard(outcome.doc_id)
                self._skip(outcome.doc_id, outcome.source_path, outcome.reason)
                self._settle_duplicates(outcome.doc_id, outcome.reason)
            else:
                coded.append(outcome)
        if not coded:
            return
        self.pending.add(ev.date for o in coded for ev in o.result.events if ev.date is not None)
        items = [PendingResult(o.result, o.content_hash, o.source_path) for o in coded]
        filings = file_results(self.store, items, replace=not self.options.resume)
        for outcome, filing in zip(coded, filings, strict=True):
            result = outcome.result
            self.in_flight.discard(result.id)
            if filing.skip_reason is not None:
                self._count_skip(filing.skip_reason)
                self._settle_duplicates(result.id, filing.skip_reason)
                continue
            self.summary.coded += 1
            self.summary.warnings.extend(e.message for e in result.errors if e.code == "E100")
            self.summary.events += len(result.events)
            self.summary.quotes += len(result.quotes)
            log.info("stored %s (%d events)", result.id, len(result.events))
            self.progress.advance(1, self.summary)
            self._settle_duplicates(result.id, None)

    def _settle_duplicates(self, original: str, original_skipped: str | None) -> None:
        for dup in self.waiting_dups.pop(original, []):
            if original_skipped is None:
                self._store_duplicate(dup)
            else:
                reason = f"{dup.raw.id}: duplicate of {original}, which was skipped"
                self._skip(dup.raw.id, dup.raw.source_path, f"{reason} ({original_skipped})")

    def _store_duplicate(self, dup: _Duplicate) -> None:
        raw = dup.raw
        file_result(
            self.store,
            duplicate_record(raw),
            content_hash=dup.content_hash,
            source_path=raw.source_path,
            duplicate_of=dup.original,
            replace=not self.options.resume,
        )
        self.summary.duplicates += 1
        log.info("stored %s as a duplicate of %s", raw.id, dup.original)
        self.progress.advance(1, self.summary)

    def _skip(self, doc_id: str, source_path: str | None, reason: str) -> None:
        self.store.record_skip(doc_id, source_path, reason)
        self._count_skip(reason)

    def _count_skip(self, reason: str) -> None:
        self.summary.skipped += 1
        self.summary.skip_reasons[_kind_of(reason)] += 1
        log.info("skipped %s", reason)
        self.progress.advance(1, self.summary)

    # -- same-event groups (tidings.dedupe) -----------------------------------------------------

    def _regroup(self) -> None:
        """Link the new events to other reports of the same events: only around their dates
        (nearby dates in one window; a stray old date does not regroup the years between)."""
        try:
            self.summary.groups += regroup_days(self.store, self.pending.days)
            self.pending.done()
        except StoreError as e:  # the events are stored; grouping can be redone later
            log.warning("could not group same-event reports: %s", e)
            self.summary.warnings.append(f"same-event grouping failed: {e}")

    # -- the actor registry ------------------------------------------------------------------------

    def _maybe_save(self, registry: ActorRegistry | None) -> None:
        if time.monotonic() - self.last_save >= self.options.save_profiles_every:
            self._save(registry)

    def _save(self, registry: ActorRegistry | None) -> None:
        self.last_save = time.monotonic()
        if registry is not None and self.settings.actors.learn:
            changed = [p for p in registry.profiles() if self.saved.get(p.name) != p]
            if changed:
                self.store.save_actor_profiles(changed)
                self.saved.update((p.name, p) for p in changed)


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Code every document under ``paths`` into ``store``; see :class:`IngestOptions`."""
    run = _Run(store, settings, options or IngestOptions(), progress or _NoProgress())
    return run.go(paths)

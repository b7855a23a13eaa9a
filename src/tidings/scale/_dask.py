"""The Dask adapter: tasks of a bounded size, one pipeline per worker (a local cluster's
workers forked from the client's), Parquet out.

A task is a whole input file or, for a large JSON Lines file, a line-aligned byte range of
about ``DaskOptions.task_bytes`` (see :mod:`tidings.scale._split`), so one big export keeps
every worker busy.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import dask
import fsspec  # type: ignore[import-untyped]
from distributed import Client, LocalCluster, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from tidings.batch import (
    PipelineFactory,
    WorkerState,
    build_pipeline,
    duplicate_record,
    file_result,
    input_files,
)
from tidings.batch._coders import Failed, WorkItem
from tidings.batch._inputs import dedupe_text, problem_of
from tidings.clean.duplicates import Deduplicator
from tidings.config import Settings
from tidings.ingest import content_hash, read_stream
from tidings.records import ActorProfile, RawDocument
from tidings.scale._duplicates import mark_duplicates
from tidings.scale._fork import inherited_state, share_pipeline, stop_sharing
from tidings.scale._parquet import (
    PartRows,
    PartSink,
    read_manifest,
    read_manifests,
    remove_parts,
    write_parts,
)
from tidings.scale._regroup import regroup_parts
from tidings.scale._split import (
    DEFAULT_TASK_BYTES,
    Task,
    line_ranges,
    read_range,
    splittable,
)

log = logging.getLogger(__name__)

PLUGIN_NAME = "tidings-pipeline"

# worker address -> its pipeline; one entry per worker process (threads_per_worker=1)
_PIPELINES: dict[str, tuple[WorkerState, threading.Lock, Settings]] = {}


class PipelinePlugin(WorkerPlugin):
    """Builds the tidings pipeline (and loads the spaCy model) once when a worker starts, or
    takes over the one it inherited when it was forked from a process that built it
    (:mod:`tidings.scale._fork`)."""

    name = PLUGIN_NAME

    def __init__(
        self,
        settings: Settings,
        factory: PipelineFactory = build_pipeline,
        profiles: list[ActorProfile] | None = None,
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.profiles = profiles or []

    def setup(self, worker: Any) -> None:
        started = time.perf_counter()
        threadpool_limits(limits=1)  # one BLAS/OpenMP thread: one worker process per core
        inherited = inherited_state(self.settings, self.factory, self.profiles)
        if inherited is not None:
            state, how = inherited, "inherited"
        else:
            pipeline = self.factory(self.settings)
            if self.profiles:
                pipeline.actors.add_profiles(self.profiles)
            state = WorkerState(pipeline, self.profiles)
            how = "built"
        _PIPELINES[worker.address] = (state, threading.Lock(), self.settings)
        elapsed = time.perf_counter() - started
        log.info("pipeline %s on %s in %.1f s", how, worker.address, elapsed)

    def teardown(self, worker: Any) -> None:
        _PIPELINES.pop(worker.address, None)


@dataclass(slots=True)
class FileReport:
    """What one task did with one input file."""

    path: str
    key: str
    documents: int = 0
    coded: int = 0
    events: int = 0
    skipped: int = 0
    duplicates: int = 0
    parts: list[str] = field(default_factory=list)


def _input_size(path: str) -> int | None:
    try:
        fs, p = fsspec.core.url_to_fs(path)
        size = fs.info(p).get("size")
        return int(size) if size is not None else None
    except (OSError, ValueError):
        return None


def _read(task: Task) -> Iterator[RawDocument]:
    if task.start is not None:
        yield from read_range(task)
        return
    with fsspec.open(task.path, "rb") as fh:
        yield from read_stream(fh, task.path)


def code_file(path: str, out: str, max_chars: int = 1_000_000) -> FileReport:
    """Code every document in one input file and write its Parquet parts."""
    return code_task(Task(path), out, max_chars)


DEFAULT_CHUNK = 8  # documents coded at a time, as `tidings ingest` sends them to a worker


class _TaskRun:
    """One task's documents filed into its Parquet rows, coded a chunk at a time (a worker's
    memory then does not grow with the size of its task)."""

    def __init__(
        self, task: Task, state: WorkerState, lock: threading.Lock, dedup: Deduplicator
    ) -> None:
        self.path = task.path
        self.state, self.lock, self.dedup = state, lock, dedup
        self.report = FileReport(task.label, task.key)
        self.rows = PartRows()
        self.sink = PartSink(self.rows)
        self.todo: list[WorkItem] = []
        self.signatures: dict[str, bytes] = {}  # for the pass over near duplicates across tasks

    def add(self, raw: RawDocument, max_chars: int) -> None:
        """File ``raw`` if it is skipped or a duplicate, else keep it for :meth:`code`."""
        report, sink = self.report, self.sink
        report.documents += 1
        digest = content_hash(raw)
        sink.expect(raw, digest)
        problem = problem_of(raw, max_chars)
        if problem is not None:
            sink.record_skip(raw.id, self.path, problem)
            sink.forget(raw.id)
            report.skipped += 1
            return
        signature = self.dedup.signature(dedupe_text(raw))
        original = self.dedup.check_signature(raw.id, signature)
        if original is not None:
            record = duplicate_record(raw)
            file_result(
                sink, record, content_hash=digest, source_path=self.path, duplicate_of=original
            )
            sink.forget(raw.id)
            report.duplicates += 1
        else:
            self.todo.append(WorkItem(raw, digest))
            self.signatures[raw.id] = signature.to_bytes()

    def code(self) -> None:
        """Code the documents kept and file their results."""
        report, sink = self.report, self.sink
        with self.lock:
            reply = self.state.code(self.todo)
        self.todo = []
        for outcome in reply.outcomes:
            if isinstance(outcome, Failed):
                sink.record_skip(outcome.doc_id, self.path, outcome.reason)
                sink.forget(outcome.doc_id)
                report.skipped += 1
                continue
            result = outcome.result
            filing = file_result(
                sink, result, content_hash=outcome.content_hash, source_path=self.path
            )
            sink.forget(result.id)
            if filing.skip_reason is not None:
                report.skipped += 1
                continue
            report.coded += 1
            report.events += len(result.events)
            kept = self.signatures.pop(result.id, None)
            if kept is not None:
                self.rows.signatures.append({"id": result.id, "signature": kept})


def code_task(
    task: Task, out: str, max_chars: int = 1_000_000, chunk_size: int = DEFAULT_CHUNK
) -> FileReport:
    """The task: code every document of one file or range and write its Parquet parts."""
    address = get_worker().address
    if address not in _PIPELINES:
        raise RuntimeError(f"worker {address} has no tidings pipeline (plugin not set up)")
    state, lock, settings = _PIPELINES[address]
    run = _TaskRun(task, state, lock, Deduplicator(settings.clean.near_duplicate_threshold))
    for raw in _read(task):
        run.add(raw, max_chars)
        if len(run.todo) >= max(1, chunk_size):
            run.code()
    if run.todo:
        run.code()
    manifest = {
        "input": task.path,
        "range": [task.start, task.end] if task.start is not None else None,
        "size": _input_size(task.path),
        "documents": run.report.documents,
    }
    run.report.parts = write_parts(out, task.key, run.rows, manifest)
    return run.report


@dataclass(slots=True)
class DaskOptions:
    """Where to run: a scheduler address, or a local cluster of ``local_workers`` processes."""

    scheduler: str | None = None
    local_workers: int | None = None
    resume: bool = True
    limit: int | None = None  # input files
    task_bytes: int = DEFAULT_TASK_BYTES  # JSON Lines files larger than this are split
    factory: PipelineFactory = build_pipeline
    profiles: list[ActorProfile] = field(default_factory=list)  # known actors to start from
    fork: bool = True  # a local cluster's workers forked from this process's pipeline
    chunk_size: int = DEFAULT_CHUNK  # documents a worker codes at a time
    near_duplicates: bool = True  # across tasks too (about 6 KB per document in the client)


@dataclass(slots=True)
class DaskSummary:
    """What a run did; ``files_done`` and ``files_skipped`` count tasks (a file, or a range of
    a large JSON Lines file)."""

    files_done: int = 0
    files_skipped: int = 0
    failed: int = 0
    documents: int = 0
    coded: int = 0
    events: int = 0
    duplicates: int = 0  # documents repeating one an earlier task coded (marked afterwards)
    groups: int = 0  # same-event groups of 2+ reports over the whole output
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)


def _expand(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Local paths as ``tidings ingest`` expands them; URLs through fsspec's glob."""
    local = [p for p in paths if "://" not in p]
    files, problems = input_files(local)
    found = list(files)
    notes = [p.reason for p in problems]
    for url in (p for p in paths if "://" in p):
        fs, _ = fsspec.core.url_to_fs(url)
        protocol = url.split("://", 1)[0]
        matches = sorted(fs.glob(url)) if any(c in url for c in "*?[") else [url]
        if not matches:
            notes.append(f"{url}: no file matches")
        found.extend(m if "://" in m else f"{protocol}://{m}" for m in matches)
    return found, notes


def _plan(files: list[str], task_bytes: int) -> list[Task]:
    """Every file as one task, or as line-aligned ranges when it is a large JSON Lines file."""
    tasks: list[Task] = []
    for path in files:
        if splittable(path, _input_size(path), task_bytes):
            tasks.extend(line_ranges(path, task_bytes))
        else:
            tasks.append(Task(path))
    return tasks


def _todo(tasks: list[Task], out: str, resume: bool) -> tuple[list[Task], int]:
    """The tasks still to run; an earlier run's parts of changed inputs (or of ranges cut
    differently) are removed."""
    todo: list[Task] = []
    done = 0
    keys = {t.key for t in tasks}
    inputs = {t.path for t in tasks}
    for stale in read_manifests(out):
        if stale.get("input") in inputs and stale.get("key") not in keys:
            remove_parts(out, stale)
    for task in tasks:
        manifest = read_manifest(out, task.key)
        if manifest is not None and resume and manifest.get("size") == _input_size(task.path):
            done += 1
            continue
        if manifest is not None:
            remove_parts(out, manifest)
        todo.append(task)
    return todo, done


def _client(options: DaskOptions, settings: Settings) -> tuple[Client, LocalCluster | None]:
    """A client of the scheduler named, or of a local cluster. Where the system can fork, the
    local cluster's workers are forked from this process after it has built the pipeline
    (:func:`tidings.batch.state_to_fork`), as ``tidings ingest --workers`` does: they start
    in milliseconds and share its pages instead of each loading its own copy."""
    if options.scheduler:
        return Client(options.scheduler), None  # type: ignore[no-untyped-call]
    if options.fork:
        share_pipeline(settings, options.factory, options.profiles)
    with dask.config.set(_LOCAL_QUIET):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, options.local_workers or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


# a local cluster shares the machine with its client: its processes poll less often (the
# client's own CPU over a 400-article run: 6.6 -> 5.3 s; no dashboard reads these)
_LOCAL_QUIET = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def run_on_dask(
    paths: Sequence[str], out: str, settings: Settings, options: DaskOptions | None = None
) -> DaskSummary:
    """Code ``paths`` on a Dask cluster, one task per input file, into Parquet under ``out``."""
    opts = options or DaskOptions()
    started = time.perf_counter()
    summary = DaskSummary()
    files, summary.problems = _expand(paths)
    files = files[: opts.limit] if opts.limit is not None else files
    plan = _plan(files, opts.task_bytes)
    todo, summary.files_skipped = _todo(plan, out, opts.resume)
    if not todo:
        summary.seconds = time.perf_counter() - started
        return summary
    try:
        client, cluster = _client(opts, settings)
    except BaseException:
        if not opts.scheduler:
            stop_sharing()
        raise
    try:
        client.register_plugin(
            PipelinePlugin(settings, opts.factory, opts.profiles), name=PLUGIN_NAME
        )
        run_id = uuid.uuid4().hex[:8]
        futures = [
            client.submit(
                code_task, task, out, chunk_size=opts.chunk_size, key=f"tidings-{run_id}-{task.key}"
            )
            for task in todo
        ]
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            try:
                report: FileReport = future.result()
            except Exception as e:  # one input's failure is reported; a rerun retries it
                summary.failed += 1
                summary.problems.append(f"{future.key}: {type(e).__name__}: {e}")
                continue
            summary.files_done += 1
            summary.documents += report.documents
            summary.coded += report.coded
            summary.events += report.events
            summary.reports.append(report)
        if summary.files_done:
            keys = [task.key for task in plan]
            threshold = settings.clean.near_duplicate_threshold if opts.near_duplicates else None
            marked = mark_duplicates(out, keys, threshold)
            summary.duplicates = marked.documents
            summary.events -= marked.events  # what the output holds
            summary.groups = regroup_parts(out)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
            stop_sharing()
    summary.seconds = time.perf_counter() - started
    return summary

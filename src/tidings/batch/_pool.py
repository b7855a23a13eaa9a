"""One warm pool of worker processes: started once, each with its pipeline built once.

:class:`WarmPool` keeps ``workers`` processes, each holding a built pipeline, and codes chunks
of documents on whichever is idle. Where the operating system can fork, the parent builds the
pipeline once (the spaCy model, the gazetteer and actor tables), freezes it out of the garbage
collector and forks the workers from it, so they start in milliseconds and share those pages
with the parent instead of each loading a private copy. Elsewhere each worker builds its own.

A chunk that runs past its time limit (``timeout`` seconds per document) or whose worker dies
costs only that worker: it is killed and replaced, and the chunk's documents are retried one at
a time, so the document at fault is found and returned as an error while the others are coded.

:meth:`WarmPool.code_many` yields results in input order; :meth:`WarmPool.code` codes one
document and may be called from many threads at once (the API's request handlers);
:class:`PoolCoder` is the ingest run's face of the same pool.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from tidings.batch._coders import (
    ActorRegistry,
    ChunkReply,
    Coded,
    Failed,
    PipelineFactory,
    WorkerState,
    WorkItem,
    build_pipeline,
    peak_rss,
)
from tidings.config import Settings
from tidings.errors import DOC_TIMEOUT, DOC_WORKER_DIED, ModelError
from tidings.records import ActorProfile, DocumentError, DocumentResult, RawDocument

log = logging.getLogger(__name__)

_START_TIMEOUT = 600.0  # seconds a worker may take to build its pipeline
# allocations between a worker's young-generation collections (Python's default: 700): the
# knowledge is frozen before the fork and a document's objects die young, so collecting them
# every 700 allocations only promotes them to older generations that are collected again
# (0.8 -> 0.3 ms of collections an article)
_GC_YOUNG = 20_000


def default_workers() -> int:
    """The cores this process may run on (all of them unless restricted)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class _Recipe:
    """How a spawned worker builds its state (a forked one inherits the parent's)."""

    factory: PipelineFactory
    settings: Settings
    profiles: list[ActorProfile]
    sync_every: float | None
    level: int

    def build(self) -> WorkerState:
        logging.basicConfig(
            level=self.level, format="%(levelname)s %(name)s[%(process)d]: %(message)s"
        )
        return self.state()

    def state(self) -> WorkerState:
        pipeline = self.factory(self.settings)
        if self.profiles:
            pipeline.actors.add_profiles(self.profiles)
        return WorkerState(pipeline, self.profiles, sync_every=self.sync_every)


def state_to_fork(
    factory: PipelineFactory,
    settings: Settings,
    profiles: list[ActorProfile] | None = None,
    *,
    sync_every: float | None = None,
) -> WorkerState:
    """The state a parent builds once before forking its workers (the pool's, or a local Dask
    cluster's): the pipeline, the knowledge the warm-up document does not reach, then every
    object frozen out of the garbage collector's reach (``gc.freeze``), so the collector never
    writes to the pages the forked workers share."""
    state = _Recipe(factory, settings, list(profiles or []), sync_every, logging.NOTSET).state()
    if factory is build_pipeline:
        _load_shared_knowledge()
    gc.collect()
    gc.freeze()
    return state


def _load_shared_knowledge() -> None:
    """What the warm-up document does not reach (it names no person), loaded in the parent
    before the fork, so the workers share it instead of each loading a private copy on its
    first name (about 0.7 s of CPU and 30 MB per worker)."""
    from tidings.knowledge.people import people_base

    people_base()


def _serve(
    conn: Connection, source: WorkerState | _Recipe, inherited: tuple[Connection, ...] = ()
) -> None:
    """A worker's loop: build (or inherit) the state, then answer one message at a time.

    ``inherited``: the parent's ends of this worker's pipe and of the workers forked before
    it, which the fork copied; closed at once, so the parent alone holds them and a parent
    killed outright (``kill -9``) leaves every worker reading the end of its pipe, and exiting,
    instead of waiting on a copy of its own pipe forever."""
    for end in inherited:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    threadpool_limits(limits=1)  # one BLAS/OpenMP thread per worker: the pool fills the cores
    state = source.build() if isinstance(source, _Recipe) else source
    gc.set_threshold(_GC_YOUNG, *gc.get_threshold()[1:])
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, items = message
        if kind == "code":
            conn.send(state.code(items))
        else:  # "flush": the profiles changed since the last reply
            conn.send(ChunkReply([], state.changed_profiles(), os.getpid(), peak_rss()))


@dataclass(slots=True, eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    @property
    def pid(self) -> int:
        return self.process.pid or 0


class _Lost(Exception):
    """The worker could not finish the message (too slow or dead); it has been replaced."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class WarmPool:
    """``workers`` processes with a built pipeline each, started once by :meth:`start` (or on
    first use) and stopped by :meth:`close` (or the ``with`` block)."""

    def __init__(
        self,
        settings: Settings,
        workers: int | None = None,
        *,
        factory: PipelineFactory = build_pipeline,
        profiles: list[ActorProfile] | None = None,
        timeout: float | None = None,
        start_method: str | None = None,
        sync_every: float | None = None,
        chunk_size: int = 4,
    ) -> None:
        self.settings = settings
        self.workers = max(1, workers or default_workers())
        self.timeout = timeout
        self.chunk_size = max(1, chunk_size)
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("fork" if "fork" in methods else "spawn")
        self._context = multiprocessing.get_context(method)
        level = logging.getLogger().getEffectiveLevel()
        self._recipe = _Recipe(factory, settings, list(profiles or []), sync_every, level)
        self._parent_state: WorkerState | None = None  # what forked workers inherit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._threads: ThreadPoolExecutor | None = None
        self.peak_rss: dict[int, int] = {}  # worker pid -> its peak resident memory
        self.startup_seconds = 0.0

    # -- life ------------------------------------------------------------------------------

    def __enter__(self) -> WarmPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def started(self) -> bool:
        return self._threads is not None

    @property
    def forks(self) -> bool:
        return self._context.get_start_method() == "fork"

    def start(self) -> WarmPool:
        """Start every worker and wait until each is ready (idempotent)."""
        with self._lock:
            if self._threads is not None:
                return self
            started = time.perf_counter()
            if self.forks:
                r = self._recipe
                self._parent_state = state_to_fork(
                    r.factory, r.settings, r.profiles, sync_every=r.sync_every
                )
            launched = [self._launch() for _ in range(self.workers)]
            for worker in launched:
                self._await_ready(worker)
                self._idle.put(worker)
            self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="tidings-pool")
            self.startup_seconds = time.perf_counter() - started
            log.info("%d workers ready in %.1f s", self.workers, self.startup_seconds)
        return self

    def _launch(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        source: WorkerState | _Recipe = self._parent_state or self._recipe
        # a forked worker gets copies of the parent's ends of the pipes (its own and its elder
        # siblings'): it closes them (a spawned one inherits none)
        inherited = (ours, *(w.conn for w in self._live)) if self.forks else ()
        process: BaseProcess = self._context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, source, inherited), daemon=True, name="tidings-worker"
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._live.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        try:
            if not worker.conn.poll(_START_TIMEOUT):
                raise ModelError(f"a worker did not start within {_START_TIMEOUT:.0f} s")
            worker.conn.recv()
        except (EOFError, OSError) as e:
            worker.process.join(5)
            code = worker.process.exitcode
            raise ModelError(f"a worker died while building its pipeline (exit {code})") from e

    def _retire(self, worker: _Worker) -> None:
        self._live.discard(worker)
        worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(10)

    def _replace(self, worker: _Worker) -> None:
        self._retire(worker)
        fresh = self._launch()
        self._await_ready(fresh)
        self._idle.put(fresh)

    def close(self) -> None:
        """Stop every worker (documents in flight are lost; nothing is written by workers)."""
        with self._lock:
            threads, self._threads = self._threads, None
        if threads is not None:
            threads.shutdown(wait=True, cancel_futures=True)
        for worker in list(self._live):
            with contextlib.suppress(OSError):  # its pipe is gone: it is dead already
                worker.conn.send(None)
            worker.process.join(5)
            self._retire(worker)
        if self._parent_state is not None:
            self._parent_state = None
            gc.unfreeze()

    # -- coding ----------------------------------------------------------------------------

    def submit(self, items: list[WorkItem]) -> Future[ChunkReply]:
        """Code one chunk on the next idle worker."""
        threads = self.start()._threads
        if threads is None:
            raise RuntimeError("the pool was closed")
        return threads.submit(self._code_chunk, items)

    def _code_chunk(self, items: list[WorkItem]) -> ChunkReply:
        worker = self._idle.get()
        limit = self.timeout * len(items) if self.timeout is not None else None
        try:
            reply = self._exchange(worker, ("code", items), limit)
        except _Lost as lost:
            log.warning("%s; retrying its %d documents one by one", lost.reason, len(items))
            if len(items) == 1:
                item = items[0]
                failed = Failed(
                    item.raw.id,
                    item.content_hash,
                    item.raw.source_path,
                    f"{item.raw.id}: {lost.reason}",
                    lost.code,
                )
                return ChunkReply([failed])
            replies = [self._code_chunk([item]) for item in items]
            return ChunkReply([o for r in replies for o in r.outcomes])
        self._idle.put(worker)
        self.peak_rss[reply.pid] = max(self.peak_rss.get(reply.pid, 0), reply.peak_rss)
        return reply

    def _exchange(self, worker: _Worker, message: Any, limit: float | None) -> ChunkReply:
        try:
            worker.conn.send(message)
            if not worker.conn.poll(limit):
                self._replace(worker)
                raise _Lost(DOC_TIMEOUT, f"coding ran past its {limit:.0f} s limit")
            reply: ChunkReply = worker.conn.recv()
            return reply
        except (EOFError, OSError, BrokenPipeError) as e:
            worker.process.join(5)
            code = worker.process.exitcode
            self._replace(worker)
            reason = f"the worker process died while coding it (exit {code})"
            raise _Lost(DOC_WORKER_DIED, reason) from e

    def flush(self) -> list[ChunkReply]:
        """Every worker's actor profiles changed since its last reply (call when idle)."""
        taken = [self._idle.get() for _ in range(self.workers)]
        replies: list[ChunkReply] = []
        for worker in taken:
            try:
                replies.append(self._exchange(worker, ("flush", []), _START_TIMEOUT))
                self._idle.put(worker)
            except _Lost as lost:  # a lost flush costs recent profiles, not documents
                log.warning("could not collect a worker's actor profiles: %s", lost.reason)
        return replies

    def code_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]:
        """Code ``raws`` on every worker; results in input order, at most two chunks per
        worker in flight (memory stays bounded however long the input)."""
        pending: deque[tuple[list[RawDocument], Future[ChunkReply]]] = deque()
        chunk: list[RawDocument] = []

        def send() -> None:
            items = [WorkItem(raw, "") for raw in chunk]
            pending.append((list(chunk), self.submit(items)))
            chunk.clear()

        for raw in raws:
            chunk.append(raw)
            if len(chunk) >= self.chunk_size:
                send()
            while len(pending) >= 2 * self.workers:
                yield from self._results(*pending.popleft())
        if chunk:
            send()
        while pending:
            yield from self._results(*pending.popleft())

    def code(self, raw: RawDocument) -> DocumentResult:
        """Code one document on an idle worker (safe to call from many threads)."""
        reply = self.submit([WorkItem(raw, "")]).result()
        return next(self._results([raw], _done(reply)))

    def _results(
        self, raws: list[RawDocument], future: Future[ChunkReply]
    ) -> Iterator[DocumentResult]:
        for raw, outcome in zip(raws, future.result().outcomes, strict=True):
            if isinstance(outcome, Coded):
                yield outcome.result
            else:
                error = DocumentError(code=outcome.code, stage="pipeline", message=outcome.reason)
                yield DocumentResult(**raw.meta(), language=None, errors=[error])


def _done(reply: ChunkReply) -> Future[ChunkReply]:
    future: Future[ChunkReply] = Future()
    future.set_result(reply)
    return future


class PoolCoder:
    """The ingest run's pool: chunks of work items out, chunk replies back (in the order they
    finish), at most two chunks per worker in flight, the workers' actor profiles merged."""

    def __init__(
        self,
        factory: PipelineFactory,
        settings: Settings,
        profiles: list[ActorProfile],
        registry: ActorRegistry,
        *,
        workers: int,
        chunk_size: int,
        start_method: str | None = None,
        sync_every: float = 10.0,
        timeout: float | None = None,
    ) -> None:
        self.pool = WarmPool(
            settings,
            workers,
            factory=factory,
            profiles=profiles,
            timeout=timeout,
            start_method=start_method,
            sync_every=sync_every,
        )
        self._chunk_size = max(1, chunk_size)
        self._max_in_flight = 2 * self.pool.workers
        self._buffer: list[WorkItem] = []
        self._pending: list[Future[ChunkReply]] = []
        self.registry = registry

    def warm(self) -> float:
        """Start the workers now; the seconds they took."""
        return self.pool.start().startup_seconds

    def submit(self, item: WorkItem) -> None:
        self._buffer.append(item)
        if len(self._buffer) >= self._chunk_size:
            self._send()

    def _send(self) -> None:
        if self._buffer:
            self._pending.append(self.pool.submit(self._buffer))
            self._buffer = []

    def ready(self) -> bool:
        """Whether the parent may read more input (bounded memory, steady workers)."""
        return len(self._pending) < self._max_in_flight

    def collect(self, block: bool = False) -> list[ChunkReply]:
        if block and self._pending:
            wait(self._pending, return_when=FIRST_COMPLETED)
        done = [f for f in self._pending if f.done()]
        self._pending = [f for f in self._pending if not f.done()]
        return [f.result() for f in done]

    def finish(self) -> Iterator[ChunkReply]:
        self._send()
        while self._pending:
            yield from self.collect(block=True)
        if self.pool.started:
            yield from self.pool.flush()

    def close(self) -> None:
        self.pool.close()

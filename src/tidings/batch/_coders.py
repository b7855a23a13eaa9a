"""Coding documents in this process or in a pool of worker processes.

Each worker builds its pipeline once, in the pool's initializer (so the spaCy model loads once
per worker), and codes the chunks of documents the parent hands it. A worker that dies (a crash
or the out-of-memory killer) loses only its chunk: the pool is rebuilt and the chunk's
documents are retried one at a time, so the one that kills a worker is found and skipped.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from tidings.config import Settings
from tidings.records import ActorProfile, DocumentResult, RawDocument

log = logging.getLogger(__name__)


class ActorRegistry(Protocol):
    """What batch needs of the actor registry: read and extend its profiles."""

    def profiles(self) -> list[ActorProfile]: ...

    def add_profiles(self, profiles: list[ActorProfile]) -> None: ...


class Coder(Protocol):
    """What batch needs of a pipeline (``tidings.pipeline.Pipeline`` is one)."""

    @property
    def actors(self) -> ActorRegistry: ...

    def run_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]: ...


PipelineFactory = Callable[[Settings], Coder]


# codes nothing worth keeping; it only makes every stage load its model and tables
_WARM_UP = RawDocument(
    id="tidings-warm-up",
    text="Police detained two protesters in the capital on Monday, officials said.",
)


def build_pipeline(settings: Settings) -> Coder:
    """The tidings pipeline, warmed up: the spaCy model, the language detector, gazetteer
    and actor tables all loaded (call once per process, e.g. in a worker's initializer)."""
    from tidings.pipeline import Pipeline

    started = time.perf_counter()
    pipeline = Pipeline(settings)
    learned = pipeline.actors.profiles()
    pipeline.run(_WARM_UP)
    if pipeline.actors.profiles() != learned:  # keep the registry as it was
        log.debug("the warm-up document taught the registry something; rebuilding it")
        pipeline = Pipeline(settings, nlp=pipeline.nlp)
    log.info("pipeline ready in %.1f s", time.perf_counter() - started)
    return pipeline


def peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM; getrusage where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass(frozen=True, slots=True)
class WorkItem:
    raw: RawDocument
    content_hash: str


@dataclass(frozen=True, slots=True)
class Coded:
    result: DocumentResult
    content_hash: str
    source_path: str | None


@dataclass(frozen=True, slots=True)
class Failed:
    doc_id: str
    content_hash: str
    source_path: str | None
    reason: str


Outcome = Coded | Failed


@dataclass(slots=True)
class ChunkReply:
    """One chunk's outcomes, the actor profiles changed since the worker's last reply, memory."""

    outcomes: list[Outcome]
    profiles: list[ActorProfile] = field(default_factory=list)
    pid: int = 0
    peak_rss: int = 0
    cpu_seconds: float = field(default_factory=time.process_time)  # the worker's, so far


def _failed(item: WorkItem, reason: str) -> Failed:
    return Failed(item.raw.id, item.content_hash, item.raw.source_path, f"{item.raw.id}: {reason}")


class WorkerState:
    """One process's pipeline and what it last reported of its actor registry.

    With ``sync_every`` set, a chunk's reply carries the actor profiles changed since the last
    report, at most that often (listing the registry copies every profile, so not per chunk).
    """

    def __init__(
        self,
        pipeline: Coder,
        known: list[ActorProfile] | None = None,
        *,
        sync_every: float | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.sync_every = sync_every
        self._sent = {p.name: p for p in known or []}
        self._last_sync = time.monotonic()

    def code(self, items: list[WorkItem]) -> ChunkReply:
        outcomes = self._code_all(items) if items else []
        due = self.sync_every is not None and time.monotonic() - self._last_sync >= self.sync_every
        profiles = self.changed_profiles() if due else []
        return ChunkReply(outcomes, profiles, os.getpid(), peak_rss())

    def _code_all(self, items: list[WorkItem]) -> list[Outcome]:
        try:
            results = list(self.pipeline.run_many(item.raw for item in items))
            got = [r.id for r in results]
            if got != [item.raw.id for item in items]:
                raise RuntimeError(f"pipeline returned documents {got}")
        except Exception as e:  # one document's failure must not sink its chunk
            if len(items) == 1:
                log.warning("coding %s failed", items[0].raw.id, exc_info=True)
                return [_failed(items[0], f"coding failed: {type(e).__name__}: {e}")]
            log.info("a chunk failed (%s); coding its documents one by one", e)
            return [out for item in items for out in self._code_all([item])]
        return [
            Coded(r, item.content_hash, item.raw.source_path)
            for r, item in zip(results, items, strict=True)
        ]

    def changed_profiles(self) -> list[ActorProfile]:
        """Profiles new or changed since the last call (or since ``known``)."""
        self._last_sync = time.monotonic()
        changed = [p for p in self.pipeline.actors.profiles() if self._sent.get(p.name) != p]
        self._sent.update((p.name, p) for p in changed)
        return changed


# --- the worker process's side ---------------------------------------------------------------

_WORKER: WorkerState | None = None
_BARRIER: Any = None  # multiprocessing.Barrier(workers): one flush task per worker


def _init_worker(
    factory: PipelineFactory,
    settings: Settings,
    profiles: list[ActorProfile],
    level: int,
    barrier: Any,
    sync_every: float,
) -> None:
    global _WORKER, _BARRIER
    _BARRIER = barrier
    # one BLAS/OpenMP thread per worker: the pool already keeps every core busy
    threadpool_limits(limits=1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    logging.basicConfig(level=level, format="%(levelname)s %(name)s[%(process)d]: %(message)s")
    pipeline = factory(settings)
    if profiles:
        pipeline.actors.add_profiles(profiles)
    _WORKER = WorkerState(pipeline, profiles, sync_every=sync_every)
    log.debug("worker %d ready", os.getpid())


def _ready_pid(delay: float) -> tuple[int, float]:
    """Which worker answered and its CPU time so far (after ``delay`` s, so the others get
    tasks of their own)."""
    time.sleep(delay)
    return os.getpid(), time.process_time()


def _code_chunk(items: list[WorkItem]) -> ChunkReply:
    if _WORKER is None:
        raise RuntimeError("worker used before its initializer ran")
    return _WORKER.code(items)


def _flush(timeout: float) -> ChunkReply:
    """Every worker's last profile changes: the barrier makes each worker take one call."""
    if _WORKER is None:
        raise RuntimeError("worker used before its initializer ran")
    _BARRIER.wait(timeout)
    return ChunkReply([], _WORKER.changed_profiles(), os.getpid(), peak_rss())


# --- the parent's side ------------------------------------------------------------------------


class InProcessCoder:
    """Codes chunks right here (``--workers 1``): same outcomes, no processes."""

    def __init__(
        self,
        factory: PipelineFactory,
        settings: Settings,
        profiles: list[ActorProfile],
        chunk_size: int,
    ) -> None:
        self._factory = factory
        self._settings = settings
        self._profiles = profiles
        self._state: WorkerState | None = None  # built when the first document comes
        self._chunk_size = max(1, chunk_size)
        self._buffer: list[WorkItem] = []
        self._replies: list[ChunkReply] = []

    @property
    def registry(self) -> ActorRegistry | None:
        """The pipeline's registry; None while nothing needed coding (a resumed run)."""
        return self._state.pipeline.actors if self._state is not None else None

    def _worker(self) -> WorkerState:
        if self._state is None:
            pipeline = self._factory(self._settings)
            if self._profiles:
                pipeline.actors.add_profiles(self._profiles)
            self._state = WorkerState(pipeline, self._profiles)
        return self._state

    def submit(self, item: WorkItem) -> None:
        self._buffer.append(item)
        if len(self._buffer) >= self._chunk_size:
            self._run_buffer()

    def _run_buffer(self) -> None:
        if self._buffer:
            reply = self._worker().code(self._buffer)
            reply.profiles = []  # the registry is this process's own; nothing to merge
            self._replies.append(reply)
            self._buffer = []

    def ready(self) -> bool:
        return True

    def collect(self, block: bool = False) -> list[ChunkReply]:
        del block  # everything submitted is already done
        out, self._replies = self._replies, []
        return out

    def finish(self) -> Iterator[ChunkReply]:
        self._run_buffer()
        yield from self.collect()

    def close(self) -> None:
        self._buffer = []


@dataclass(slots=True)
class _Chunk:
    items: list[WorkItem]
    suspect: bool = False  # retried alone after a worker died while it was in flight


class PoolCoder:
    """Codes chunks in ``workers`` processes, at most two chunks per worker in flight."""

    def __init__(
        self,
        factory: PipelineFactory,
        settings: Settings,
        profiles: list[ActorProfile],
        registry: ActorRegistry,
        *,
        workers: int,
        chunk_size: int,
        start_method: str = "spawn",
        sync_every: float = 30.0,
    ) -> None:
        self._context = multiprocessing.get_context(start_method)
        level = logging.getLogger().getEffectiveLevel()
        barrier = self._context.Barrier(workers)
        self._initargs = (factory, settings, profiles, level, barrier, sync_every)
        self._workers = workers
        self._chunk_size = max(1, chunk_size)
        self._max_in_flight = 2 * workers
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False
        self._buffer: list[WorkItem] = []
        self._waiting: deque[_Chunk] = deque()
        self._suspects: deque[WorkItem] = deque()
        self._pending: dict[Future[ChunkReply], _Chunk] = {}
        self.registry = registry

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None or self._broken:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                log.warning("a worker process died; restarting the pool")
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=self._context,
                initializer=_init_worker,
                initargs=self._initargs,
            )
            self._broken = False
        return self._executor

    def warm(self, timeout: float = 300.0) -> dict[int, float]:
        """Start every worker and wait until each has built its pipeline; their process ids
        and the CPU seconds each has used so far."""
        cpu: dict[int, float] = {}
        deadline = time.monotonic() + timeout
        while len(cpu) < self._workers and time.monotonic() < deadline:
            pool = self._pool()
            futures = [pool.submit(_ready_pid, 0.2) for _ in range(2 * self._workers)]
            cpu.update(f.result() for f in futures)
        return cpu

    def submit(self, item: WorkItem) -> None:
        self._buffer.append(item)
        if len(self._buffer) >= self._chunk_size:
            self._waiting.append(_Chunk(self._buffer))
            self._buffer = []
        self._pump()

    def _send(self, chunk: _Chunk) -> None:
        future = self._pool().submit(_code_chunk, chunk.items)
        self._pending[future] = chunk

    def _pump(self) -> None:
        if any(c.suspect for c in self._pending.values()):
            return
        if self._suspects:
            # a suspect goes alone, so that if it kills its worker it takes nobody with it
            if not self._pending:
                self._send(_Chunk([self._suspects.popleft()], suspect=True))
            return
        while self._waiting and len(self._pending) < self._max_in_flight:
            self._send(self._waiting.popleft())

    def ready(self) -> bool:
        """Whether the parent may read more input (bounded memory, steady workers)."""
        return (
            not self._waiting and not self._suspects and (len(self._pending) < self._max_in_flight)
        )

    def collect(self, block: bool = False) -> list[ChunkReply]:
        replies: list[ChunkReply] = []
        if not self._pending:
            self._pump()
        if self._pending:
            done, _ = wait(
                list(self._pending), timeout=None if block else 0, return_when=FIRST_COMPLETED
            )
            for future in done:
                chunk = self._pending.pop(future)
                replies.extend(self._reply_of(future, chunk))
        self._pump()
        return replies

    def _reply_of(self, future: Future[ChunkReply], chunk: _Chunk) -> list[ChunkReply]:
        try:
            return [future.result()]
        except BrokenProcessPool:
            self._broken = True
            if chunk.suspect:
                item = chunk.items[0]
                reason = "a worker process died coding it (crash or out of memory)"
                return [ChunkReply([_failed(item, reason)])]
            self._suspects.extend(chunk.items)
            return []
        except Exception as e:  # e.g. a result that cannot be pickled back
            log.warning("a chunk failed in its worker: %s", e)
            if len(chunk.items) > 1:
                self._suspects.extend(chunk.items)
                return []
            item = chunk.items[0]
            return [ChunkReply([_failed(item, f"coding failed: {type(e).__name__}: {e}")])]

    def finish(self) -> Iterator[ChunkReply]:
        if self._buffer:
            self._waiting.append(_Chunk(self._buffer))
            self._buffer = []
        self._pump()
        while self._pending or self._waiting or self._suspects:
            yield from self.collect(block=True)
        yield from self._flush_profiles()

    def _flush_profiles(self, timeout: float = 300.0) -> Iterator[ChunkReply]:
        if self._executor is None or self._broken:
            return
        futures = [self._executor.submit(_flush, timeout) for _ in range(self._workers)]
        for future in futures:
            try:
                yield future.result()
            except Exception as e:  # a lost flush costs recent profiles, not documents
                log.warning("could not collect a worker's actor profiles: %s", e)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

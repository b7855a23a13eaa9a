"""Coding chunks of documents with one pipeline: what a worker holds and answers.

:class:`WorkerState` is one process's pipeline (a worker of :mod:`tidings.batch._pool`, or
this process for ``--workers 1`` through :class:`InProcessCoder`); a document whose coding
raises becomes a :class:`Failed` outcome and the rest of its chunk is coded one by one.
"""

from __future__ import annotations

import logging
import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from tidings.config import Settings
from tidings.errors import DOC_STAGE_FAILED
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
    code: str = DOC_STAGE_FAILED


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

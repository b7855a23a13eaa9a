"""Dask workers forked from a process that built the pipeline once, sharing its pages.

A local cluster's client (``run_on_dask`` without a scheduler), or the ``dask worker`` process
of a machine that preloads :mod:`tidings.scale.preload` into its nannies, calls
:func:`share_pipeline` before its workers start: it builds the pipeline
(:func:`tidings.batch.state_to_fork`, as ``tidings ingest --workers`` does) and has Dask start
the workers by ``fork`` (``distributed.worker.multiprocessing-method``). Each worker's
:class:`tidings.scale.PipelinePlugin` then takes over the inherited pipeline
(:func:`inherited_state`) instead of building its own: it starts in milliseconds, and the
spaCy model, gazetteer tables, actor and people knowledge are one copy on the machine.
"""

from __future__ import annotations

import logging
import multiprocessing
from dataclasses import dataclass

import dask

from tidings.batch import PipelineFactory, WorkerState, build_pipeline, state_to_fork
from tidings.config import Settings
from tidings.records import ActorProfile

log = logging.getLogger(__name__)

_METHOD = "distributed.worker.multiprocessing-method"


@dataclass(frozen=True, slots=True, eq=False)
class _Shared:
    settings: Settings
    factory: PipelineFactory
    profiles: list[ActorProfile]
    state: WorkerState


# built in this process before its workers were forked; they inherit it
_SHARED: _Shared | None = None
_BEFORE: list[object] = []  # the start method configured before share_pipeline set "fork"


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def share_pipeline(
    settings: Settings,
    factory: PipelineFactory = build_pipeline,
    profiles: list[ActorProfile] | None = None,
) -> bool:
    """Build the pipeline here (once for the same settings) and have Dask fork the workers
    this process starts from now on; False (nothing done) where the system cannot fork."""
    global _SHARED
    if not can_fork():
        return False
    known = list(profiles or [])
    current = _SHARED
    if current is None or not _same(current, settings, factory, known):
        _SHARED = _Shared(settings, factory, known, state_to_fork(factory, settings, known))
    if not _BEFORE:
        _BEFORE.append(dask.config.get(_METHOD))
    dask.config.set({_METHOD: "fork"})
    return True


def stop_sharing() -> None:
    """Drop the shared pipeline (once the workers that inherited it are gone: freeing it
    writes to the pages they share) and start workers as configured before."""
    global _SHARED
    _SHARED = None
    if _BEFORE:
        dask.config.set({_METHOD: _BEFORE.pop()})


def _same(
    shared: _Shared, settings: Settings, factory: PipelineFactory, profiles: list[ActorProfile]
) -> bool:
    return factory is shared.factory and settings == shared.settings and profiles == shared.profiles


def inherited_state(
    settings: Settings, factory: PipelineFactory, profiles: list[ActorProfile]
) -> WorkerState | None:
    """The state this (forked) worker inherited, if it was built for these settings and
    factory: with no known actors, or the same ``profiles`` (else the worker builds its own)."""
    shared = _SHARED
    if shared is None or factory is not shared.factory or settings != shared.settings:
        return None
    if profiles == shared.profiles:
        return shared.state
    if shared.profiles:
        return None
    shared.state.pipeline.actors.add_profiles(profiles)  # this worker's copy only
    return WorkerState(shared.state.pipeline, profiles)

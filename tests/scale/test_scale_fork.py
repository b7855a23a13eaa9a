"""Dask workers forked from a process that built the pipeline take it over."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import dask
import pytest

from tidings.batch import WorkerState
from tidings.config import Settings, load_settings
from tidings.records import ActorProfile
from tidings.scale import PipelinePlugin, _dask, _fork, preload

_METHOD = "distributed.worker.multiprocessing-method"


class _Registry:
    def __init__(self) -> None:
        self.added: list[ActorProfile] = []

    def profiles(self) -> list[ActorProfile]:
        return list(self.added)

    def add_profiles(self, profiles: list[ActorProfile]) -> None:
        self.added.extend(profiles)


class _Built:
    """A stand-in pipeline that counts how many were built."""

    made = 0

    def __init__(self) -> None:
        type(self).made += 1
        self.actors = _Registry()


def _factory(settings: Settings) -> Any:
    del settings
    return _Built()


@pytest.fixture
def shared() -> Iterator[WorkerState]:
    before = dask.config.get(_METHOD)
    assert _fork.share_pipeline(load_settings(), _factory)
    assert dask.config.get(_METHOD) == "fork"
    assert _fork._SHARED is not None
    yield _fork._SHARED.state
    _fork.stop_sharing()
    assert dask.config.get(_METHOD) == before and _fork._SHARED is None
    for key in list(_dask._PIPELINES):
        if key.startswith("tcp://fork-"):
            del _dask._PIPELINES[key]


def _setup(plugin: PipelinePlugin, address: str) -> WorkerState:
    plugin.setup(SimpleNamespace(address=address))
    return _dask._PIPELINES[address][0]


def test_scale_forked_worker_takes_over_the_pipeline(shared: WorkerState) -> None:
    before = _Built.made
    assert _fork.share_pipeline(load_settings(), _factory)  # the same settings: not rebuilt
    assert _setup(PipelinePlugin(load_settings(), _factory), "tcp://fork-a") is shared
    assert _Built.made == before


def test_scale_forked_worker_adds_the_clients_actors(shared: WorkerState) -> None:
    known = [ActorProfile(name="Riverton Police")]
    state = _setup(PipelinePlugin(load_settings(), _factory, known), "tcp://fork-b")
    assert state.pipeline is shared.pipeline
    assert state.pipeline.actors.profiles() == known


def test_scale_worker_builds_its_own_for_other_settings(shared: WorkerState) -> None:
    before = _Built.made
    other = load_settings(overrides={"clean": {"near_duplicate_threshold": 0.5}})
    assert _setup(PipelinePlugin(other, _factory), "tcp://fork-c") is not shared
    assert _Built.made == before + 1


def test_scale_preload_shares_the_default_settings_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Settings] = []
    monkeypatch.setattr(preload, "share_pipeline", lambda s: calls.append(s) or True)
    preload.dask_setup(SimpleNamespace())
    assert calls == [load_settings()]


def _inherits() -> bool:
    """In a worker: whether its pipeline is the one it inherited."""
    shared = _fork._SHARED
    return shared is not None and any(s is shared.state for s, _, _ in _dask._PIPELINES.values())


@pytest.mark.slow  # a real two-worker cluster, the pipeline built in this process
def test_scale_preloaded_nannies_fork_their_workers_from_one_pipeline(tmp_path: Any) -> None:
    from distributed import Client, LocalCluster

    from tidings.scale import DaskOptions, run_on_dask

    text = tmp_path / "n.txt"
    text.write_text("Police arrested 12 protesters in Nairobi on Monday after a march.\n")
    try:
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2,
                threads_per_worker=1,
                dashboard_address=None,
                preload_nanny=["tidings.scale.preload"],
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            opts = DaskOptions(scheduler=cluster.scheduler_address)
            summary = run_on_dask([str(text)], str(tmp_path / "out"), load_settings(), opts)
            assert summary.failed == 0 and summary.events >= 1
            assert list(client.run(_inherits).values()) == [True, True]
    finally:
        _fork.stop_sharing()

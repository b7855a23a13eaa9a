"""A local cluster's workers forked from the client take over the pipeline it built."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from tidings.batch import WorkerState
from tidings.config import Settings, load_settings
from tidings.scale import PipelinePlugin, _dask


class _Registry:
    def profiles(self) -> list[object]:
        return []

    def add_profiles(self, profiles: list[object]) -> None:
        del profiles


class _Built:
    """A stand-in pipeline that counts how many were built."""

    made = 0

    def __init__(self) -> None:
        type(self).made += 1
        self.actors = _Registry()


def _factory(settings: Settings) -> _Built:
    del settings
    return _Built()


@pytest.fixture
def inherited() -> Iterator[WorkerState]:
    state = WorkerState(_Built())  # type: ignore[arg-type]
    _dask._INHERITED = _dask._Inherited(load_settings(), _factory, [], state)  # type: ignore[arg-type]
    yield state
    _dask._INHERITED = None
    for key in ("tcp://fork-a", "tcp://fork-b"):
        _dask._PIPELINES.pop(key, None)


def test_scale_forked_worker_takes_over_the_clients_pipeline(inherited: WorkerState) -> None:
    before = _Built.made
    PipelinePlugin(load_settings(), _factory).setup(SimpleNamespace(address="tcp://fork-a"))  # type: ignore[arg-type]
    assert _dask._PIPELINES["tcp://fork-a"][0] is inherited
    assert _Built.made == before


def test_scale_worker_builds_its_own_for_other_settings(inherited: WorkerState) -> None:
    before = _Built.made
    other = load_settings(overrides={"clean": {"near_duplicate_threshold": 0.5}})
    PipelinePlugin(other, _factory).setup(SimpleNamespace(address="tcp://fork-b"))  # type: ignore[arg-type]
    assert _dask._PIPELINES["tcp://fork-b"][0] is not inherited
    assert _Built.made == before + 1

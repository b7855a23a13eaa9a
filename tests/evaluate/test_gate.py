"""The quality gate: every scored metric stays at or above its pinned floor.

Every development set runs in the default suite (about three minutes together), each with a
fresh actor registry so one set's learning never moves another's score.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import SCORERS, floors, fresh_pipeline, scorer
from tidings.pipeline import Pipeline


def _gate(pipeline: Pipeline, dev_dir: Path, name: str) -> None:
    scores = scorer(name)(fresh_pipeline(pipeline), dev_dir, None)
    pinned = {
        k: v
        for k, v in floors().items()
        if k.startswith(f"{name}.") or k.split(".")[0] == SCORERS[name].rsplit(".", 1)[1]
    }
    assert pinned, f"no floors pinned for {name}"
    below = {k: (scores.get(k), v) for k, v in pinned.items() if scores.get(k, -1.0) < v}
    assert not below, f"below floor (score, floor): {below}"


@pytest.mark.parametrize("name", list(SCORERS))
def test_gate_sets_hold_their_floors(pipeline: Pipeline, dev_dir: Path, name: str) -> None:
    _gate(pipeline, dev_dir, name)


def test_gate_floors_name_known_sets() -> None:
    prefixes = set(SCORERS) | {m.rsplit(".", 1)[1] for m in SCORERS.values()}
    for metric, value in floors().items():
        assert metric.split(".")[0] in prefixes, metric
        assert 0.0 <= value <= 1.0

"""The quality gate's floors and `tidings evaluate`'s behaviour as the gate runner.

The development sets are scored by `make evaluate` (`tidings evaluate`, which exits non-zero
when a metric falls below its pinned floor), not by the unit tests: a fresh clone has no
../shared/dev. These tests check the floors file and the runner's exit codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.cli import evaluate as cli_evaluate
from tidings.cli.main import main
from tidings.evaluate import SCORERS, floors


def test_gate_floors_name_known_sets() -> None:
    prefixes = set(SCORERS) | {m.rsplit(".", 1)[1] for m in SCORERS.values()}
    for metric, value in floors().items():
        assert metric.split(".")[0] in prefixes, metric
        assert 0.0 <= value <= 1.0


def test_gate_skips_with_a_message_without_dev_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_evaluate, "default_dev_dir", lambda: tmp_path / "shared" / "dev")
    assert main(["evaluate", "seed"]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and str(tmp_path / "shared" / "dev") in err


def test_gate_explicit_missing_dev_dir_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "seed", "--dev-dir", str(tmp_path / "nowhere")]) == 1
    assert str(tmp_path / "nowhere") in capsys.readouterr().err


def test_gate_unknown_set_lists_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "sed"]) == 1
    err = capsys.readouterr().err
    assert "sed" in err and all(name in err for name in SCORERS)


def test_gate_fails_when_a_floor_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dev").mkdir()
    pinned = floors()
    metric = next(iter(pinned))
    monkeypatch.setattr(cli_evaluate, "Pipeline", lambda settings: None)
    monkeypatch.setattr(cli_evaluate, "run_sets", lambda *a, **k: {metric: pinned[metric] - 0.01})
    assert main(["evaluate", "seed", "--dev-dir", str(tmp_path / "dev")]) == 1
    assert "BELOW" in capsys.readouterr().out
    monkeypatch.setattr(cli_evaluate, "run_sets", lambda *a, **k: {metric: pinned[metric]})
    assert main(["evaluate", "seed", "--dev-dir", str(tmp_path / "dev")]) == 0

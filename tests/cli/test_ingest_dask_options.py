"""`tidings ingest --cluster local` hands its flags to the Dask run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tidings.scale
from tidings.cli.main import main
from tidings.scale import DaskOptions, DaskSummary


@pytest.mark.parametrize(
    ("flags", "near", "chunk"),
    [([], True, 8), (["--no-near-duplicates", "--chunk-size", "3"], False, 3)],
)
def test_ingest_dask_flags_reach_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], near: bool, chunk: int
) -> None:
    seen: list[DaskOptions] = []

    def run(paths: Any, out: Any, settings: Any, options: DaskOptions) -> DaskSummary:
        del paths, out, settings
        seen.append(options)
        return DaskSummary()

    monkeypatch.setattr(tidings.scale, "run_on_dask", run)
    text = tmp_path / "a.txt"
    text.write_text("Police arrested 12 protesters in Nairobi on Monday.\n")
    db = str(tmp_path / "none.duckdb")
    args = ["--db", db, "ingest", "--cluster", "local", "--workers", "2", "--out"]
    assert main([*args, str(tmp_path / "out"), *flags, str(text)]) == 0
    assert [(o.near_duplicates, o.chunk_size, o.local_workers) for o in seen] == [(near, chunk, 2)]

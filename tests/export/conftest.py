"""The store tests' hand-built results (tests/store/data/results.jsonl) in a temporary store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tidings.records import DocumentResult
from tidings.store import Store

RESULTS = Path(__file__).resolve().parents[1] / "store" / "data" / "results.jsonl"


@pytest.fixture
def results() -> list[DocumentResult]:
    lines = RESULTS.read_text(encoding="utf-8").splitlines()
    return [DocumentResult.model_validate_json(line) for line in lines if line.strip()]


@pytest.fixture
def store(tmp_path: Path, results: list[DocumentResult]) -> Iterator[Store]:
    with Store(tmp_path / "t.duckdb") as s:
        for r in results:
            s.write_result(r, content_hash=f"h-{r.id}")
        yield s

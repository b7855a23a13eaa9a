from __future__ import annotations

from pathlib import Path

import pytest

from tidings.cli.main import main
from tidings.store import Store


def test_demo_ingests_the_sample_once_and_shows_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "demo.duckdb")
    other = tmp_path / "other.txt"
    other.write_text("date 2024-01-02\nRebels attacked a convoy in Mali.\n")
    assert main(["--db", db, "ingest", "--workers", "1", str(other)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "demo"]) == 0
    first = capsys.readouterr().out
    assert "Coded 12 sample documents" in first
    assert "Events by type:" in first and "Top actors:" in first and "sentence: “" in first
    with Store(db, read_only=True) as store:
        ids = list(store.document_ids())
    assert len(ids) == 13  # the sample and the other document
    assert main(["--db", db, "demo"]) == 0  # idempotent: the same sample changes nothing
    assert capsys.readouterr().out.splitlines()[0] == first.splitlines()[0]

"""A tampered Dask manifest never deletes a file outside the output (issue 15 item 6)."""

from __future__ import annotations

from pathlib import Path

from tidings.scale._parquet import remove_parts


def test_remove_parts_stays_inside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    part = out / "events" / "date=2024-03-05" / "part-abc123.parquet"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"x")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    inside = out / "notes.txt"
    inside.write_text("keep me too")
    manifest = {
        "parts": [
            "../victim.txt",
            str(victim),
            "events/../../victim.txt",
            "notes.txt",
            {"a": 1},
            "events/date=2024-03-05/part-abc123.parquet",
        ]
    }
    remove_parts(str(out), manifest)
    assert victim.read_text() == "keep me" and inside.exists() and not part.exists()


def test_remove_parts_removes_a_tasks_signatures(tmp_path: Path) -> None:
    out = tmp_path / "out"
    parts = ["_signatures/part-abc123.parquet", "_events/part-abc123.parquet"]
    for rel in parts:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(b"x")
    remove_parts(str(out), {"parts": parts})
    assert not any((out / rel).exists() for rel in parts)

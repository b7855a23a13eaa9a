"""The Dask path on a real two-process LocalCluster gives the single-process events."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from tidings.config import load_settings
from tidings.ingest import read_paths
from tidings.pipeline import Pipeline
from tidings.scale import DaskOptions, part_key, run_on_dask

_TEXTS = [
    "date 2024-03-04\nPolice arrested 12 protesters in Nairobi on Monday after a march.",
    "date 2024-03-05\nRebels attacked an army post near Goma, killing three soldiers.",
    "date 2024-03-05\nThe foreign minister met his Kenyan counterpart in Addis Ababa.",
    "Farmers blocked roads in Lima on Friday to demand higher prices.",
]


_DAYS = ds.partitioning(pa.schema([("date", pa.date32())]), flavor="hive")


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    root = tmp_path / "in"
    root.mkdir()
    for i, text in enumerate(_TEXTS):
        (root / f"n{i}.txt").write_text(text + "\n")
    (root / "empty.txt").write_text("")
    return sorted(str(p) for p in root.iterdir())


def test_scale_local_cluster_matches_single_process(
    inputs: list[str], tmp_path: Path, pipeline: Pipeline
) -> None:
    settings = load_settings()
    out = str(tmp_path / "out")
    summary = run_on_dask(inputs, out, settings, DaskOptions(local_workers=2))
    assert summary.failed == 0 and summary.files_done == len(inputs)

    single = Pipeline(settings, nlp=pipeline.nlp)
    expected = {ev.id: ev.event[0] for r in single.run_many(read_paths(inputs)) for ev in r.events}
    events = ds.dataset(f"{out}/events", partitioning=_DAYS).to_table().to_pylist()
    assert expected and {e["id"]: e["event_type"] for e in events} == expected
    assert {str(e["date"]) for e in events} >= {"2024-03-04", "2024-03-05"}
    days = {p.name for p in (tmp_path / "out" / "events").iterdir()}
    assert "date=2024-03-04" in days
    names = {p.name for p in (tmp_path / "out" / "events").rglob("*.parquet")}
    assert names <= {f"part-{part_key(p)}.parquet" for p in inputs}

    docs = ds.dataset(f"{out}/documents", partitioning=_DAYS).to_table().to_pylist()
    by_path = {d["source_path"]: d for d in docs}
    assert set(by_path) == set(inputs)
    assert by_path[inputs[0]]["skip_reason"] and "empty" in by_path[inputs[0]]["skip_reason"]

    again = run_on_dask(inputs, out, settings, DaskOptions(local_workers=2))
    assert again.files_skipped == len(inputs) and again.files_done == 0


@pytest.mark.slow  # three local clusters: a few minutes
def test_scale_one_large_json_lines_file_is_split_into_tasks(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    settings = load_settings()
    path = tmp_path / "export.jsonl"
    lines = [{"id": f"x{i}", "text": text} for i, text in enumerate(_TEXTS * 2)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = str(tmp_path / "out")
    opts = DaskOptions(local_workers=2, task_bytes=150)
    summary = run_on_dask([str(path)], out, settings, opts)
    assert summary.failed == 0 and summary.files_done >= 3
    assert summary.documents == len(lines)

    # the second copy of each text repeats the first, in another task: marked, no events
    single = Pipeline(settings, nlp=pipeline.nlp)
    firsts = {f"x{i}" for i in range(len(_TEXTS))}
    coded = single.run_many(read_paths([str(path)]))
    expected = {ev.id for r in coded if r.id in firsts for ev in r.events}
    events = ds.dataset(f"{out}/events", partitioning=_DAYS).to_table().to_pylist()
    assert expected and {e["id"] for e in events} == expected
    docs = ds.dataset(f"{out}/documents", partitioning=_DAYS).to_table().to_pylist()
    marked = {d["id"]: d["duplicate_of"] for d in docs if d["duplicate_of"]}
    assert marked == {f"x{i + len(_TEXTS)}": f"x{i}" for i in range(len(_TEXTS))}
    assert summary.duplicates == len(_TEXTS)

    again = run_on_dask([str(path)], out, settings, opts)
    assert again.files_done == 0 and again.files_skipped == summary.files_done
    # cut differently: the earlier ranges' parts go, nothing is counted twice
    run_on_dask([str(path)], out, settings, DaskOptions(local_workers=2, task_bytes=10**6))
    docs = ds.dataset(f"{out}/documents", partitioning=_DAYS).to_table().to_pylist()
    assert sorted(d["id"] for d in docs) == sorted(line["id"] for line in lines)

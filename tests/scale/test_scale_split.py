"""Large JSON Lines inputs cut into line-aligned ranges read exactly as the whole file."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tidings.ingest import read_paths
from tidings.records import DocumentResult
from tidings.scale import Task, line_ranges
from tidings.scale._split import read_range, splittable


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    rnd = random.Random(7)
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(600):
            if rnd.random() < 0.05:
                f.write("\n")  # blank lines count in the line numbers
            if i == 300:
                f.write("{broken\n")
            f.write(json.dumps({"text": "wörd " * rnd.randint(1, 300)}) + "\n")
        f.write(json.dumps({"text": "the last line has no newline"}))
    return path


@pytest.mark.parametrize("task_bytes", [700, 4096, 65536, 10**9])
def test_scale_split_ranges_read_as_the_whole_file(jsonl: Path, task_bytes: int) -> None:
    whole = [(r.id, r.text, r.errors) for r in read_paths([str(jsonl)])]
    tasks = list(line_ranges(str(jsonl), task_bytes))
    got = [(r.id, r.text, r.errors) for t in tasks for r in read_range(t)]
    assert got == whole
    assert tasks[0].start == 0 and tasks[-1].end == jsonl.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(tasks))
    sizes = [(t.end or 0) - (t.start or 0) for t in tasks[:-1]]
    assert all(task_bytes <= s < task_bytes + 4000 for s in sizes)  # a line at most past it
    assert len({t.key for t in tasks}) == len(tasks)


def test_scale_split_only_large_uncompressed_json_lines(tmp_path: Path) -> None:
    assert splittable("a.jsonl", 10_000, 1000)
    assert not splittable("a.jsonl", 999, 1000)
    assert not splittable("a.jsonl.gz", 10_000, 1000)
    assert not splittable("a.warc", 10_000, 1000)
    assert Task("a.jsonl").key != Task("a.jsonl", 0, 10).key


def test_scale_regroup_links_reports_across_tasks(
    tmp_path: Path, riverton_report: Callable[..., DocumentResult]
) -> None:
    import pyarrow.parquet as pq

    from tidings.scale._parquet import PartRows, write_parts
    from tidings.scale._regroup import GROUPS_PART, regroup_parts

    out = str(tmp_path / "out")
    for key in ("task-a", "task-b"):  # the two reports come from different tasks
        rows = PartRows()
        rows.add_result(
            riverton_report(key, located=True, publisher=f"outlet {key}"),
            content_hash="h",
            source_path=key,
        )
        write_parts(out, key, rows, {"input": key})
    assert regroup_parts(out) == 1
    groups = pq.read_table(f"{out}/{GROUPS_PART}").to_pylist()
    assert {g["doc_id"] for g in groups} == {"task-a", "task-b"}
    assert (
        len({g["group_id"] for g in groups}) == 1 and sum(g["representative"] for g in groups) == 1
    )

"""A Dask task codes its documents a chunk at a time, with the same output as all at once."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from tidings.batch import WorkerState
from tidings.config import load_settings
from tidings.records import DocumentResult, RawDocument
from tidings.scale import Task, _dask, code_task

_ADDRESS = "tcp://chunk-test"


class _Registry:
    def profiles(self) -> list[object]:
        return []

    def add_profiles(self, profiles: list[object]) -> None:
        del profiles


class _Coder:
    """Codes each document as one report of the same attack; remembers each call's size."""

    def __init__(self, report: Callable[..., DocumentResult]) -> None:
        self.report = report
        self.actors = _Registry()
        self.calls: list[int] = []

    def run_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]:
        batch = list(raws)
        self.calls.append(len(batch))
        for raw in batch:
            yield self.report(raw.id).model_copy(update={"text": raw.text})


def _rows(out: Path, kind: str) -> list[dict[str, object]]:
    paths = sorted(out.glob(f"{kind}/**/*.parquet"))
    rows = [r for p in paths for r in pq.read_table(p).to_pylist()]
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


@pytest.mark.parametrize("chunk", [1, 3])
def test_scale_task_codes_a_chunk_at_a_time(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    riverton_report: Callable[..., DocumentResult],
    chunk: int,
) -> None:
    path = tmp_path / "in.jsonl"
    texts = [f"Story number {i} about a march in a city with many words in it." for i in range(7)]
    texts[4] = texts[1]  # a duplicate: filed by the task, not coded
    texts[5] = ""  # skipped: no text
    lines = [json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)]
    path.write_text("".join(lines))
    monkeypatch.setattr(_dask, "get_worker", lambda: SimpleNamespace(address=_ADDRESS))
    outs = {}
    for size in (chunk, 100):
        coder = _Coder(riverton_report)
        state = WorkerState(coder)  # type: ignore[arg-type]
        monkeypatch.setitem(_dask._PIPELINES, _ADDRESS, (state, threading.Lock(), load_settings()))
        out = tmp_path / f"out{size}"
        report = code_task(Task(str(path)), str(out), chunk_size=size)
        assert (report.documents, report.coded, report.duplicates, report.skipped) == (7, 5, 1, 1)
        assert max(coder.calls) == min(size, 5) and sum(coder.calls) == 5
        outs[size] = out
    for kind in ("events", "documents", "_events", "_signatures"):
        assert _rows(outs[chunk], kind) == _rows(outs[100], kind), kind
    assert len(_rows(outs[chunk], "_signatures")) == 5

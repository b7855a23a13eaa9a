"""The ingest run's bookkeeping: resume, skips, duplicates, crashes, actor profiles.

These use the real store, readers and deduplicator with a stand-in pipeline (batch_fakes) so
that a worker can be made to crash on cue; the real pipeline runs in test_batch_pipeline.py.
"""

from __future__ import annotations

from pathlib import Path

import batch_fakes
import pytest

from tidings.batch import IngestOptions, ingest
from tidings.config import Settings, load_settings
from tidings.store import Store


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def _options(workers: int = 1, **kw: object) -> IngestOptions:
    return IngestOptions(
        workers=workers,
        factory=batch_fakes.factory,
        registry=batch_fakes.registry,
        chunk_size=3,
        **kw,  # type: ignore[arg-type]
    )


def _write_docs(root: Path, n: int) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = root / f"doc{i:02d}.txt"
        p.write_text(f"Actor{i} marched through town number {i} carrying {i * 7} banners\n")
        paths.append(str(p))
    return paths


def test_batch_resume_skips_stored_documents_before_coding(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _write_docs(tmp_path / "in", 5)
    coded_log = tmp_path / "coded.log"
    monkeypatch.setenv(batch_fakes.CODED_LOG, str(coded_log))
    with Store(tmp_path / "db.duckdb") as store:
        first = ingest([str(tmp_path / "in")], store, settings, _options())
        assert (first.coded, first.already_stored, first.total) == (5, 0, 5)
        events_before = store.counts()["events"]
        coded_log.unlink()
        _write_docs(tmp_path / "in", 6)  # one new document
        second = ingest([str(tmp_path / "in")], store, settings, _options())
        assert (second.coded, second.already_stored) == (1, 5)
        assert coded_log.read_text().split() == [docs[-1].replace("doc04", "doc05")]
        assert sorted(store.document_ids()) == sorted(str(p) for p in (tmp_path / "in").iterdir())
        assert store.counts()["events"] == events_before + 9


def test_batch_records_bad_inputs_and_goes_on(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "in"
    _write_docs(root, 2)
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.bin").write_bytes(bytes(range(256)) * 20)
    (root / "bad.jsonl").write_text('{"id": "j1", "text": "Jay spoke"}\n{"id": "j2", "te\n')
    (root / "huge.txt").write_text("word " * 300_000)
    (root / "es.txt").write_text("Hola amigos de la ciudad\n")
    (root / "boom.txt").write_text("BOOM goes the stage\n")
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(root)], store, settings, _options(max_chars=1_000_000))
        reasons = {Path(s.doc_id).name: s.reason for s in store.skipped()}
        stored = sorted(Path(i).name for i in store.document_ids())
    assert stored == ["doc00.txt", "doc01.txt", "j1"]
    assert summary.coded == 3 and summary.skipped == 6
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.bin"]
    assert "invalid JSON" in reasons["bad.jsonl#2"]
    assert "too long" in reasons["huge.txt"] and "1,500,000 characters" in reasons["huge.txt"]
    assert "language" in reasons["es.txt"]
    assert "exploded" in reasons["boom.txt"]


def test_batch_duplicates_are_stored_once_pointing_at_the_original(
    tmp_path: Path, settings: Settings
) -> None:
    root = tmp_path / "in"
    text = "Farmers marched on the capital demanding higher prices for their grain this week"
    (root).mkdir()
    (root / "a.txt").write_text(text + "\n")
    (root / "b.txt").write_text(text.upper() + "!\n")  # same words: an exact duplicate
    (root / "c.txt").write_text("Different words entirely about a separate matter today\n")
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(root)], store, settings, _options(workers=1))
        docs = store.documents()
        events_b = [e for e in store.query_events() if e.source.doc_id.endswith("b.txt")]
    assert summary.duplicates == 1 and summary.coded == 2
    assert docs[str(root / "b.txt")].duplicate_of == str(root / "a.txt")
    assert events_b == []  # coded once, through the original


def test_batch_pool_survives_a_worker_that_dies(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "in"
    _write_docs(root, 7)
    (root / "kill.txt").write_text("KILLME when coded\n")
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(root)], store, settings, _options(workers=2))
        reasons = {Path(s.doc_id).name: s.reason for s in store.skipped()}
        stored = store.document_ids()
    assert summary.coded == 7 and len(stored) == 7
    assert list(reasons) == ["kill.txt"] and "worker process died" in reasons["kill.txt"]


def test_batch_pool_workers_profiles_reach_the_store(tmp_path: Path, settings: Settings) -> None:
    _write_docs(tmp_path / "in", 9)
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(tmp_path / "in")], store, settings, _options(workers=2))
        profiles = {p.name for p in store.load_actor_profiles()}
    # learned in two worker processes, merged in the parent, saved at the end
    assert profiles == {f"Actor{i}" for i in range(9)}
    assert len(summary.peak_rss) == 2 and all(v > 0 for v in summary.peak_rss.values())


def test_batch_limit_reads_at_most_n_documents(tmp_path: Path, settings: Settings) -> None:
    _write_docs(tmp_path / "in", 6)
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(tmp_path / "in")], store, settings, _options(limit=4))
        assert summary.seen == 4 and len(store.document_ids()) == 4


def test_batch_no_resume_codes_stored_documents_again(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_docs(tmp_path / "in", 2)
    coded_log = tmp_path / "coded.log"
    monkeypatch.setenv(batch_fakes.CODED_LOG, str(coded_log))
    with Store(tmp_path / "db.duckdb") as store:
        ingest([str(tmp_path / "in")], store, settings, _options())
        again = ingest([str(tmp_path / "in")], store, settings, _options(resume=False))
        assert again.coded == 2 and len(store.document_ids()) == 2
        assert len(coded_log.read_text().split()) == 4


def _no_pipeline(settings: Settings) -> batch_fakes.FakePipeline:
    raise AssertionError("a resumed run with nothing new must not build a pipeline")


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_resumed_run_with_nothing_new_starts_no_pipeline(
    tmp_path: Path, settings: Settings, workers: int
) -> None:
    _write_docs(tmp_path / "in", 3)
    with Store(tmp_path / "db.duckdb") as store:
        ingest([str(tmp_path / "in")], store, settings, _options())
        again = IngestOptions(workers=workers, factory=_no_pipeline, registry=batch_fakes.registry)
        summary = ingest([str(tmp_path / "in")], store, settings, again)
    assert (summary.already_stored, summary.coded, summary.skipped) == (3, 0, 0)


def test_batch_pool_a_document_past_its_time_limit_is_skipped(
    tmp_path: Path, settings: Settings
) -> None:
    root = tmp_path / "in"
    _write_docs(root, 4)
    (root / "slow.txt").write_text("SLOW to code\n")
    with Store(tmp_path / "db.duckdb") as store:
        summary = ingest([str(root)], store, settings, _options(workers=2, timeout=2.0))
        reasons = {Path(s.doc_id).name: s.reason for s in store.skipped()}
    assert summary.coded == 4
    assert list(reasons) == ["slow.txt"] and "ran past its 2 s limit" in reasons["slow.txt"]

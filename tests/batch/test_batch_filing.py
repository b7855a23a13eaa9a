"""One way to file a coded document: ingest, the API and the Dask path keep and skip the same
documents; a run stopped before its final regroup leaves the dates for the next; `regroup`."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import batch_fakes
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.batch import PENDING_REGROUP_SUFFIX, IngestOptions, file_result, ingest
from tidings.cli.main import main
from tidings.config import Settings, load_settings
from tidings.records import (
    DocumentResult,
    Entity,
    Event,
    EventLocation,
    EventSource,
    TextInfo,
)
from tidings.scale import DaskOptions, run_on_dask
from tidings.store import Store

_DOCS = {
    "coded.txt": "Marchers filled the square on Monday",
    "empty.txt": "",
    "spanish.txt": "Hola amigos de la plaza",
    "other.txt": "Workers struck at the port over pay",
}


def _settings(db: Path) -> Settings:
    return load_settings(overrides={"store": {"path": str(db)}, "serve": {"api_key": "k"}})


def _inputs(root: Path) -> list[str]:
    root.mkdir(parents=True)
    for name, text in _DOCS.items():
        (root / name).write_text(text + "\n" if text else "")
    return sorted(str(p) for p in root.iterdir())


def _kept_and_skipped(store: Store) -> tuple[set[str], set[str]]:
    kept = {Path(d).name for d in store.document_ids()}
    return kept, {Path(s.doc_id).name for s in store.skipped()}


def test_batch_filing_ingest_api_and_dask_keep_and_skip_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _inputs(tmp_path / "in")
    options = IngestOptions(workers=1, factory=batch_fakes.factory, registry=batch_fakes.registry)
    with Store(tmp_path / "ingest.duckdb") as store:
        ingest(paths, store, _settings(tmp_path / "ingest.duckdb"), options)
        by_ingest = _kept_and_skipped(store)

    api_db = tmp_path / "api.duckdb"
    Store(api_db).close()
    app = create_app(_settings(api_db), pipeline_factory=batch_fakes.factory)
    with TestClient(app, base_url="http://localhost") as client:
        for path in paths:
            text = Path(path).read_text()
            # the API refuses an empty body: a page with no text left in it is the same case
            body = {"id": path, "store": True} | ({"text": text} if text else {"html": "<p/>"})
            reply = client.post("/v1/code", json=body, headers={"X-API-Key": "k"})
            assert reply.status_code == 200, reply.text
    with Store(api_db, read_only=True) as store:
        by_api = _kept_and_skipped(store)

    # the Dask workers import the fake pipeline from this directory
    here = str(Path(__file__).parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))
    out = tmp_path / "out"
    opts = DaskOptions(local_workers=1, factory=batch_fakes.factory)
    summary = run_on_dask(paths, str(out), _settings(tmp_path / "unused.duckdb"), opts)
    assert summary.failed == 0, summary.problems
    days = ds.partitioning(pa.schema([("date", pa.date32())]), flavor="hive")
    rows = ds.dataset(str(out / "documents"), partitioning=days).to_table().to_pylist()
    by_dask = (
        {Path(r["id"]).name for r in rows if not r["skip_reason"]},
        {Path(r["id"]).name for r in rows if r["skip_reason"]},
    )
    assert by_ingest == ({"coded.txt", "other.txt"}, {"empty.txt", "spanish.txt"})
    assert by_api == by_ingest
    assert by_dask == by_ingest


def _event(doc_id: str, day: dt.date) -> Event:
    """One outlet's report of an attack (two such reports are one event)."""
    place = EventLocation(
        extracted_place="Riverton", lat=10.0, lon=20.0, country_code="AA", resolution=4
    )
    return Event(
        id=f"{doc_id}-e",
        date=day,
        date_precision="day",
        event=["ASSAULT"],
        quad_code=4,
        actor=[Entity(entity_text="gunmen", code="---")],
        recipient=[Entity(entity_text="police", code="AAA", sector="COP")],
        event_loc=place,
        event_text=["Gunmen attacked the police in Riverton"],
        text_info=TextInfo(sequence=0, start=0, end=38),
        source=EventSource(doc_id=doc_id, publisher=f"outlet {doc_id}"),
    )


def test_batch_filing_stopped_run_leaves_its_dates_to_the_next(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    paths = _inputs(tmp_path / "in")
    day = dt.date(2024, 3, 4)
    with Store(db) as store:
        # what a run killed after storing a document and before regrouping leaves behind
        pending = Path(f"{db}{PENDING_REGROUP_SUFFIX}")
        pending.write_text(json.dumps([day.isoformat()]))
        for i in range(2):
            result = DocumentResult(id=f"old{i}", text="x", events=[_event(f"old{i}", day)])
            filing = file_result(store, result, content_hash=f"h{i}")
            assert filing.stored and filing.days == {day}
        assert store.get_event_group("old0-e") is None
        options = IngestOptions(
            workers=1, factory=batch_fakes.factory, registry=batch_fakes.registry
        )
        ingest(paths, store, _settings(db), options)
        group = store.get_event_group("old0-e")
    assert group is not None and set(group.event_ids) == {"old0-e", "old1-e"}
    assert not pending.exists()


def test_batch_filing_regroup_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.duckdb"
    day = dt.date(2024, 3, 4)
    with Store(db) as store:
        for i in range(2):
            result = DocumentResult(id=f"d{i}", text="x", events=[_event(f"d{i}", day)])
            file_result(store, result, content_hash=f"h{i}")
    assert main(["--db", str(db), "regroup"]) == 0
    assert capsys.readouterr().out.startswith("1 same-event groups")
    with Store(db, read_only=True) as store:
        assert store.get_event_group("d0-e") is not None


def test_batch_filing_many_at_once_files_as_one_by_one(tmp_path: Path) -> None:
    from tidings.batch._filing import file_results
    from tidings.store.writes import PendingResult

    day = dt.date(2024, 3, 4)
    coded = DocumentResult(id="a", text="x", events=[_event("a", day)])
    empty = DocumentResult(id="b", text=" ")
    items = [PendingResult(coded, "h1"), PendingResult(empty, "h2", "in/b.txt")]
    with Store(tmp_path / "many.duckdb") as many, Store(tmp_path / "one.duckdb") as one:
        filings = file_results(many, items)
        assert filings == [file_result(one, r.result, content_hash=r.content_hash,
                                       source_path=r.source_path) for r in items]  # fmt: skip
        assert filings[0].stored and filings[0].days == {day}
        assert filings[1].skip_reason == "b: no text left after cleaning"
        for store in (many, one):
            assert store.document_ids() == ["a"]
            assert [(s.doc_id, s.source_path) for s in store.skipped()] == [("b", "in/b.txt")]
        # the same content again: kept as stored, or rewritten with ``replace``
        assert not file_results(many, items[:1])[0].stored
        assert file_results(many, items[:1], replace=True)[0].stored
        assert many.document_ids() == ["a"] and many.count_events() == 1

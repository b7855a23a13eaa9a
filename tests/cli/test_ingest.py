"""`tidings ingest` end to end with the real pipeline and store."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.cli.main import main
from tidings.store import Store

_ACTORS = ["Police", "Soldiers", "Protesters", "Farmers", "Students", "Rebels", "Officials"]
_ACTS = ["arrested", "attacked", "met", "criticised", "detained", "praised", "blocked"]
_OBJECTS = ["journalists", "villagers", "the governor", "workers", "a mayor", "traders"]
_PLACES = ["Nairobi", "Lima", "Dhaka", "Manila", "Accra", "Quito", "Hanoi", "Tunis"]
_DAYS = ["Monday", "Friday", "Sunday"]


def _story(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(
            f"{rng.choice(_ACTORS)} {rng.choice(_ACTS)} {rng.randint(2, 90)} "
            f"{rng.choice(_OBJECTS)} in {rng.choice(_PLACES)} on {rng.choice(_DAYS)}."
        )
    return " ".join(out)


def _corpus(root: Path, n: int, sentences: int = 4) -> list[str]:
    rng = random.Random(7)
    root.mkdir(parents=True)
    paths = []
    for i in range(n):
        p = root / f"story{i:02d}.txt"
        p.write_text(f"date 2024-03-{1 + i % 28:02d}\n{_story(rng, sentences)}\n", "utf-8")
        paths.append(str(p))
    return paths


def _cmd(db: Path, config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tidings.cli.main", "--config", str(config), "--db", str(db),
            "-v", "ingest", *args]  # fmt: skip


def test_ingest_killed_with_sigkill_resumes_without_duplicates_or_losses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _corpus(tmp_path / "in", 30)
    config = tmp_path / "small.toml"
    config.write_text("[nlp]\nbatch_size = 2\n")
    db = tmp_path / "t.duckdb"
    cmd = _cmd(db, config, str(tmp_path / "in"), "--workers", "1", "--chunk-size", "2")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env=env)  # fmt: skip
    assert proc.stderr is not None
    stored = 0
    for line in proc.stderr:
        stored += "tidings.batch._runner: stored " in line
        if stored >= 3:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    with Store(db) as store:
        before = set(store.document_ids())
    assert 3 <= len(before) < 30
    assert main(cmd[3:]) == 0  # the same command again, in this process
    assert f"already stored {len(before)}" in capsys.readouterr().out
    with Store(db, read_only=True) as store:
        ids = store.document_ids()
        events = list(store.iter_events())
        counts = store.counts()
    assert sorted(ids) == sorted(paths) and len(ids) == len(set(ids)) == counts["documents"]
    assert len(events) == len({e.id for e in events}) == counts["events"] > 0


def _truncated_warc(path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    starts = []
    for i in range(2):
        starts.append(buf.tell())
        body = f"<html><body><p>Story {i}: police detained {i + 3} traders.</p></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{i}",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=http,
            )
        )
    path.write_bytes(buf.getvalue()[: starts[1] + 30])  # cut inside the second record


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    _corpus(root, 2)
    (root / "empty.txt").write_bytes(b"")
    (root / "image.bin").write_bytes(bytes(range(256)) * 64)
    (root / "huge.txt").write_bytes(b"riot police " * (50 * 1024 * 1024 // 12))
    (root / "latin1.txt").write_bytes("Police in S\xe3o Paulo arrested 4 men.\n".encode("latin-1"))
    (root / "feed.jsonl").write_text(
        '{"id": "j-ok", "text": "Rebels attacked a convoy near Goma on Sunday."}\n'
        '{"id": "j-bad", "text": "unterminated\n'
    )
    (root / "spanish.txt").write_text(
        "La policía detuvo a doce manifestantes en el centro de Madrid el lunes por la tarde, "
        "según informó el ministerio del Interior en un comunicado.\n"
    )
    (root / "zcopy.txt").write_text((root / "story00.txt").read_text())
    _truncated_warc(root / "crawl.warc")
    return root


def test_ingest_bad_inputs_are_reported_and_the_rest_is_coded(
    bad_inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    argv = ["--db", str(db), "ingest", str(bad_inputs), "--workers", "1", "--report"]
    assert main(argv) == 0
    summary = capsys.readouterr().out
    assert "skipped 6" in summary and "duplicates 1" in summary
    assert "coded with input warnings: 1" in summary and "latin1.txt: warning" in summary
    assert main(["--db", str(db), "ingest", "--report"]) == 0
    report = capsys.readouterr().out
    for expected in (
        "empty.txt: empty file",
        "image.bin: binary file",
        "huge.txt: document too long",
        "feed.jsonl:2: invalid JSON",
        "spanish.txt: language 'es'",
        "crawl.warc#2: truncated or damaged WARC record",
        "zcopy.txt: duplicate of " + str(bad_inputs / "story00.txt"),
    ):
        assert expected in report, expected
    with Store(db, read_only=True) as store:
        ids = set(store.document_ids())
        latin1 = store.get_document(str(bad_inputs / "latin1.txt"))
    # the readable documents, the cp1252 one among them (its warning is kept with it)
    names = {Path(i).name for i in ids}
    assert {"story00.txt", "story01.txt", "latin1.txt", "j-ok", "zcopy.txt"} <= names
    assert "https://example.org/0" in ids
    assert latin1 is not None and "Windows-1252" in latin1.errors[0].message


def test_ingest_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _corpus(tmp_path / "in", 3)
    argv = ["--db", str(tmp_path / "t.duckdb"), "ingest", str(tmp_path / "in"), "--workers", "1"]
    assert main([*argv, "--progress"]) == 0
    bar = capsys.readouterr().err
    assert "3/3" in bar and "doc/s" in bar  # the total was counted first: a bar with a rate
    with Store(tmp_path / "t.duckdb", read_only=True) as store:
        first = store.counts()
    capsys.readouterr()
    assert main(argv) == 0
    again = capsys.readouterr().out
    assert "coded 0 documents" in again and "already stored 3" in again
    with Store(tmp_path / "t.duckdb", read_only=True) as store:
        assert store.counts() == first


def test_ingest_report_without_a_database_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "none.duckdb"), "ingest", "--report"]) == 1
    assert "no tidings database" in capsys.readouterr().err

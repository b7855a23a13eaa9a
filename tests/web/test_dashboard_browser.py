"""The dashboard in real headless Chromium (Debian's) driven by playwright-core (npm).

Both come from scripts/setup_browser.sh (CI runs it before the tests). The test serves a
temporary database of hand-built results with `tidings serve` on a free port: the store's
fixture, plus two documents naming the same state in different words ("the US", "the United
States") three days after the rest, and one whose events are wrongly dated 2072.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tidings.records import DocumentResult, Entity
from tidings.store import Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "store" / "data" / "results.jsonl"
SPEC = Path(__file__).resolve().parent / "dashboard.spec.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTICLE = (
    "Soldiers detained 14 opposition activists in Minsk on Friday, a rights group said. "
    "The activists had planned a march against the election result."
)


@pytest.fixture
def node() -> str:
    """The node binary, once chromium and playwright-core are known to be there."""
    node = shutil.which("node")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: run scripts/setup_browser.sh (needs apt)")
    if node is None or not (ROOT / "node_modules" / "playwright-core").is_dir():
        pytest.skip("node or playwright-core missing: run scripts/setup_browser.sh (needs npm)")
    return node


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _copy(r: DocumentResult, doc_id: str, **changes: object) -> DocumentResult:
    events = [
        e.model_copy(update={"id": f"{doc_id}-{i}", **changes}) for i, e in enumerate(r.events)
    ]
    day = changes.get("date", r.date)  # the article appears on the day it reports
    return r.model_copy(update={"id": doc_id, "events": events, "quotes": [], "date": day})


def _results() -> list[DocumentResult]:
    lines = RESULTS.read_text("utf-8").splitlines()
    results = [DocumentResult.model_validate_json(line) for line in lines]
    un = Entity(entity_text="the United Nations", code="IGO", identifier_text="UN")
    day = dt.date(2024, 3, 9)
    for doc_id, words in (("us-1", "the US"), ("us-2", "the United States")):
        us = Entity(entity_text=words, code="USA", sector="GOV")
        results.append(_copy(results[0], doc_id, actor=[us], recipient=[un], date=day))
    late = _copy(results[2], "late", date=dt.date(2072, 1, 1))
    results.append(late.model_copy(update={"date": results[2].date}))
    return results


@pytest.fixture
def served(node: str, tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "dash.duckdb"
    with Store(db) as store:
        for r in _results():
            store.write_result(r, content_hash=r.id)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TIDINGS_CONFIG", "TIDINGS_DB")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tidings.cli.main", "--db", str(db), "serve",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"tidings serve exited: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(url + "v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("tidings serve did not answer within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_dashboard_browser_renders_and_shows_evidence(
    node: str, served: str, tmp_path: Path
) -> None:
    shots = tmp_path / "dashboard"
    run = subprocess.run(
        [node, str(SPEC), served, str(shots), ARTICLE],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["errors"] == [], seen["errors"]
    assert seen["external"] == []  # nothing leaves the machine
    assert seen["ready"] == "true"
    # asserted events only by default: the EU's future threat against Belarus is left out
    assert seen["summary"].startswith("15 asserted events from 8 documents")
    assert seen["summary"].endswith("· 1 more not asserted (see modality)")
    assert seen["modalities"][:3] == [
        "asserted (happened) (15)",
        "any (16)",
        "negated (did not happen) (0)",
    ]
    # a real time axis: every day from 4 to 9 March 2024, the two without events as zeros
    assert seen["unit"] == "day"
    assert seen["bins"] == [
        ["2024-03-04", 2], ["2024-03-05", 2], ["2024-03-06", 4], ["2024-03-07", 0],
        ["2024-03-08", 0], ["2024-03-09", 4],
    ]  # fmt: skip
    assert seen["years"] == ["2024"]
    assert "3 dated after today" in seen["timelineNote"]  # the 2072 events: not on the axis
    assert seen["bars"] == 6
    assert sorted(set(seen["typeBars"])) == sorted(
        ["COERCE", "PROTEST", "CONSULT", "AGREE", "ASSAULT", "ACCUSE", "REQUEST", "AID"]
    )
    assert seen["firstDate"] == "2024-03-09"  # never the 2072 events on top
    assert seen["countries"] > 150  # Natural Earth 110m countries drawn
    points = {(p["place"], p["count"]) for p in seen["points"]}
    assert points == {("Almaty", 6), ("Gaziantep", 1), ("Herat", 2), ("Moscow", 2)}
    assert len({(p["lat"], p["lon"]) for p in seen["points"]}) == len(seen["points"])
    assert seen["zoomedPoints"] == ["Almaty"]  # clicking Kazakhstan zooms to it
    west, south, east, north = (float(v) for v in seen["zoomedView"].split(","))
    assert 40 < west < 50 and 85 < east < 95 and 35 < south < 45 and 55 < north < 60
    # one node per resolved actor: "the US" and "the United States" are one node
    names = [n["name"] for n in seen["nodes"]]
    assert names.count("United States") == 1 and "the US" not in names
    assert len({n["key"] for n in seen["nodes"]}) == len(seen["nodes"])
    assert {"Kazakhstan police", "Kazakhstan", "Russia", "UN", "unidentified armed forces"} <= set(
        names
    )
    assert seen["edges"] == 8
    for view in ("wide", "narrow"):  # readable on a desktop and on a phone
        charts = seen[view]
        assert charts["minText"] >= 11, (view, charts)
        assert charts["labels"] >= 5 and charts["labelOverlaps"] == 0 and charts["labelsCut"] == 0
    assert seen["narrow"]["pageWidth"] <= 390
    cells = seen["narrowCells"]  # each table row is a card that keeps all its columns
    assert {c["label"] for c in cells if c["shown"]} >= {"date", "type", "actor", "sentence"}
    assert all(c["shown"] and c["right"] <= 390 for c in cells if not c["empty"])
    assert seen["brushed"] == {
        "since": "2024-03-04", "until": "2024-03-05", "rows": 4, "points": 2,
        "bins": ["2024-03-04", "2024-03-05"],  # the timeline opens on the range picked
    }  # fmt: skip
    assert seen["future"] == {"rows": 1, "badges": ["future"]}
    assert seen["nodeFilter"] == {"actor": "KAZ", "sector": "COP", "rows": ["COERCE"]}
    assert seen["rows"] == 15 and seen["filteredRows"] == 2
    assert seen["filteredQuads"] == ["type q1"]
    assert seen["sentence"] == (
        "Gunmen killed 12 villagers and wounded 5 in an attack near Herat on Wednesday, "
        "officials said."
    )
    # the fixture's events predate recorded offsets: their date words are not highlighted
    assert {(m["kind"], m["text"]) for m in seen["marks"]} == {
        ("trigger", "killed"), ("actor", "Gunmen"), ("recipient", "villagers"),
        ("place", "Herat"), ("size", "12"), ("size", "5"),
    }  # fmt: skip
    assert "Kabul Observer" in seen["evidence"]
    assert "Those responsible must be held to account" in seen["evidence"]
    assert "event(s)" in seen["codeStatus"], seen["codeStatus"]
    for width in (1400, 390):
        assert Path(f"{shots}-{width}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

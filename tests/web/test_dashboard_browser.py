"""The dashboard in real headless Chromium (Debian's) driven by playwright-core (npm).

Both come from scripts/setup_browser.sh (CI runs it before the tests). The test serves a
temporary database of hand-built results with `tidings serve` on a free port.
"""

from __future__ import annotations

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

from tidings.records import DocumentResult
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


@pytest.fixture
def served(node: str, tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "dash.duckdb"
    with Store(db) as store:
        for line in RESULTS.read_text("utf-8").splitlines():
            r = DocumentResult.model_validate_json(line)
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
    shot = tmp_path / "dashboard.png"
    run = subprocess.run(
        [node, str(SPEC), served, str(shot), ARTICLE],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["errors"] == [], seen["errors"]
    assert seen["external"] == []  # nothing leaves the machine
    assert seen["ready"] == "true"
    assert seen["summary"].startswith("9 events from 5 documents")
    # timeline: 3 days; 2024-03-04 quad 4 only, 03-05 quad 1 only, 03-06 quads 2, 3, 4
    assert seen["days"] == 3 and seen["bars"] == 5
    assert sorted(seen["typeBars"]) == sorted(
        ["COERCE", "PROTEST", "CONSULT", "AGREE", "ASSAULT", "ACCUSE", "REQUEST", "AID", "THREATEN"]
    )
    assert seen["countries"] > 150  # Natural Earth 110m countries drawn
    assert sorted((p["place"], p["count"]) for p in seen["points"]) == [
        ("Almaty", 2), ("Gaziantep", 1), ("Herat", 1), ("Moscow", 2),
    ]  # fmt: skip
    assert "Gunmen" in seen["nodes"] and "Belarus" in seen["nodes"]
    assert seen["edges"] == 8
    assert seen["rows"] == 9 and seen["filteredRows"] == 2
    assert seen["filteredQuads"] == ["type q1"]
    assert seen["sentence"] == (
        "Gunmen killed 12 villagers and wounded 5 in an attack near Herat on Wednesday, "
        "officials said."
    )
    assert {(m["kind"], m["text"]) for m in seen["marks"]} == {
        ("trigger", "killed"), ("actor", "Gunmen"), ("recipient", "villagers"),
        ("place", "Herat"), ("date", "Wednesday"), ("size", "12"), ("size", "5"),
    }  # fmt: skip
    assert "Kabul Observer" in seen["evidence"]
    assert "Those responsible must be held to account" in seen["evidence"]
    assert "event(s)" in seen["codeStatus"], seen["codeStatus"]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

"""Test case zero: the seed page in, the nine sourced events and the quotes out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.evaluate.seed import SeedReport, check_seed, event_precision, load_gold
from tidings.ingest import read_paths
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult


@pytest.fixture(scope="module")
def seed_result(pipeline: Pipeline, seed_file: Path) -> DocumentResult:
    return next(iter(pipeline.run_many(read_paths([str(seed_file)]))))


@pytest.fixture(scope="module")
def report(seed_result: DocumentResult) -> SeedReport:
    return check_seed(seed_result)


@pytest.mark.parametrize("part", ["document", "events", "forbidden", "quotes"])
def test_seed_expectations_hold(report: SeedReport, part: str) -> None:
    assert not report.failures[part], report.failures[part]


def test_seed_nine_events_in_no_more_than_ten(seed_result: DocumentResult) -> None:
    # one incident, one event: a happening told twice is not two of the nine
    assert event_precision(seed_result, load_gold()) >= 0.9, [
        (ev.event, ev.event_text[0][:60]) for ev in seed_result.events
    ]


def test_seed_offsets_point_at_the_sentence(seed_result: DocumentResult) -> None:
    assert seed_result.events
    for ev in seed_result.events:
        info = ev.text_info
        assert seed_result.text[info.start : info.end] == ev.event_text[0]
    for q in seed_result.quotes:
        assert seed_result.text[q.start : q.end] == q.content


def test_seed_events_are_dated_from_the_text(seed_result: DocumentResult) -> None:
    for ev in seed_result.events:
        assert ev.date is not None and ev.date.year == 2022 and ev.date.month == 1
        assert ev.date_precision in ("day", "week", "month")


def test_seed_cli_prints_the_contract(seed_file: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tidings.cli.main", "code", str(seed_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) >= {
        "id",
        "date",
        "title",
        "url",
        "publisher",
        "language",
        "text",
        "events",
        "quotes",
        "places",
        "entities",
    }
    assert "errors" not in data
    assert data["date"] == "2022-01-10"
    ev = data["events"][0]
    assert set(ev) >= {
        "id",
        "date",
        "event",
        "mode",
        "context",
        "quad_code",
        "actor",
        "recipient",
        "event_loc",
        "event_text",
        "text_info",
        "size",
        "modality",
        "cameo",
        "acled",
        "confidence",
        "source",
    }

"""A time-boxed fuzz of every reader and the API bodies (issue 15), with counts per target.

Drives the suite's own fuzz checks (``tests/ingest/test_readers_fuzz.py``: any bytes under
each reader's file name; ``tests/api/test_api_fuzz.py``: any JSON body to ``/v1/code`` and any
filters to ``/v1/events``) with hypothesis for ``--seconds`` in all, split evenly between the
readers' names and the API, and prints one JSON object: examples run, failures (an uncaught
exception or an undeclared answer) and seconds, per target. Exit status 1 if anything failed.

Usage: python scripts/fuzz.py [--seconds 600]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS / "api"), str(TESTS / "ingest")]  # conftest: tests/api/conftest.py

import test_api_fuzz  # noqa: E402
import test_readers_fuzz  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import conftest as api_conftest  # noqa: E402  (tests/api/conftest.py)
from tidings.api import create_app  # noqa: E402
from tidings.records import DocumentResult  # noqa: E402

ROUND = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def _run(target: Callable[[], None], seconds: float, count: list[int]) -> dict[str, Any]:
    """Run the hypothesis ``target`` in rounds until ``seconds`` pass."""
    failures: list[str] = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            target()
        except Exception as e:  # a failing example: record it and go on fuzzing
            failures.append("".join(traceback.format_exception_only(e)).strip()[:500])
    return {
        "examples": count[0],
        "failures": len(failures),
        "first_failures": failures[:3],
        "seconds": round(time.perf_counter() - start, 1),
    }


def _reader(name: str, count: list[int]) -> Callable[[], None]:
    @ROUND
    @given(test_readers_fuzz.mutations())
    def fuzz(data: bytes) -> None:
        count[0] += 1
        test_readers_fuzz.check_read(data, name)

    return fuzz


def _api(client: TestClient, count: list[int]) -> Callable[[], None]:
    @ROUND
    @given(test_api_fuzz.BODIES, test_api_fuzz.PARAMS)
    def fuzz(body: Any, params: dict[str, str]) -> None:
        count[0] += 1
        test_api_fuzz.check_post(client, body, params)

    return fuzz


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    args = parser.parse_args()
    names = test_readers_fuzz.NAMES
    share = args.seconds / (len(names) + 1)
    report: dict[str, dict[str, Any]] = {}
    for name in names:
        count = [0]
        report[f"reader {name}"] = _run(_reader(name, count), share, count)
    with tempfile.TemporaryDirectory() as tmp:
        results = [
            DocumentResult.model_validate_json(line)
            for line in api_conftest.RESULTS.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        db = api_conftest.make_db(Path(tmp) / "fuzz.duckdb", results)
        pipeline = test_api_fuzz.EchoPipeline()
        app = create_app(api_conftest.make_settings(db), pipeline_factory=lambda s: pipeline)  # type: ignore[arg-type,return-value]
        with TestClient(app) as client:
            count = [0]
            report["api /v1/code + /v1/events"] = _run(
                _api(client, count), args.seconds - share * len(names), count
            )
    totals = {
        "examples": sum(r["examples"] for r in report.values()),
        "failures": sum(r["failures"] for r in report.values()),
    }
    print(json.dumps({"targets": report, "total": totals}, indent=1))
    return 1 if totals["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

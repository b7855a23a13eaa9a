"""A temporary store of the hand-built results (tests/store/data/results.jsonl) and an app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.config import Settings, load_settings
from tidings.records import DocumentResult
from tidings.store import Store

RESULTS = Path(__file__).resolve().parents[1] / "store" / "data" / "results.jsonl"
API_KEY = "test-key-123"


@pytest.fixture
def results() -> list[DocumentResult]:
    lines = RESULTS.read_text(encoding="utf-8").splitlines()
    return [DocumentResult.model_validate_json(line) for line in lines if line.strip()]


def make_db(path: Path, results: list[DocumentResult]) -> Path:
    with Store(path) as s:
        for r in results:
            s.write_result(r, content_hash=f"h-{r.id}")
    return path


@pytest.fixture
def db_path(tmp_path: Path, results: list[DocumentResult]) -> Path:
    return make_db(tmp_path / "api.duckdb", results)


def make_settings(db: Path, api_key: str = API_KEY, max_body: int = 20_000) -> Settings:
    return load_settings(
        overrides={
            "store": {"path": str(db)},
            "serve": {
                "api_key": api_key,
                "max_body_bytes": max_body,
                # the test clients' Host names beside loopback
                "allowed_hosts": ["localhost", "127.0.0.1", "::1", "testserver", "t"],
            },
        }
    )


@pytest.fixture
def settings_for() -> Callable[..., Settings]:
    """``settings_for(db, api_key=..., max_body=...)``: settings for an app over ``db``."""
    return make_settings


@pytest.fixture
def api_key() -> str:
    return API_KEY


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(db_path))) as c:
        yield c


@pytest.fixture
def readonly_client(tmp_path: Path, results: list[DocumentResult]) -> Iterator[TestClient]:
    # a separate file: DuckDB does not open one file read-write and read-only in one process
    path = make_db(tmp_path / "api-ro.duckdb", results)
    with TestClient(create_app(make_settings(path, api_key=""))) as c:
        yield c

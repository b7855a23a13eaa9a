"""Shared fixtures: the development data beside the repo, and one pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import default_dev_dir


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    path = default_dev_dir()
    if not path.is_dir():
        pytest.fail(f"development data missing at {path} (CI lays ../shared beside the repo)")
    return path


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from tidings.pipeline import Pipeline

    return Pipeline()

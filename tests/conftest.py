"""Shared fixtures: the seed page (a copy in tests/data), the development data beside the repo
(tests that need it skip without it: a fresh clone has no ../shared), one pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import default_dev_dir
from tidings.evaluate.seed import SEED_NAME

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_file() -> Path:
    """The seed page (test case zero), copied from ../shared/seed so a clone has it."""
    return DATA / "seed" / SEED_NAME


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    path = default_dev_dir()
    if not path.is_dir():
        pytest.skip(
            f"development data not found at {path}: the dev-set tests need ../shared/dev "
            "beside the repo (or $TIDINGS_DEV_DIR); `make evaluate` scores the sets"
        )
    return path


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from tidings.pipeline import Pipeline

    return Pipeline()

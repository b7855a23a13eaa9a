"""Scores on the development sets: one scorer module per set, plus the gate's pinned floors.

Each scorer module ``tidings.evaluate.<set>`` exposes
``evaluate(pipeline, dev_dir, limit=None) -> dict[str, float]``.
"""

from __future__ import annotations

import importlib
import logging
import os
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Protocol

from tidings.errors import EvaluationError
from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

# set name -> scorer module; order is the order `tidings evaluate` prints them
SCORERS: dict[str, str] = {
    "seed": "tidings.evaluate.seed",
    "india": "tidings.evaluate.india_police",
    "acled": "tidings.evaluate.acled",
    "re3d": "tidings.evaluate.re3d",
    "lgl": "tidings.evaluate.lgl",
    "polnear": "tidings.evaluate.polnear",
    "article_extraction": "tidings.evaluate.article_extraction",
    "who": "tidings.evaluate.who",
    "where": "tidings.evaluate.where",
    "acled_heldout": "tidings.evaluate.acled_heldout",
    "not_events": "tidings.evaluate.not_events",
}


class _Scorer(Protocol):
    def __call__(
        self, pipeline: Pipeline, dev_dir: Path, limit: int | None = None
    ) -> dict[str, float]: ...


def default_dev_dir() -> Path:
    """``$TIDINGS_DEV_DIR``, else ``../shared/dev`` beside the working directory or repo."""
    env = os.environ.get("TIDINGS_DEV_DIR")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base.parent / "shared" / "dev"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "dev"


def scorer(name: str) -> _Scorer:
    if name not in SCORERS:
        raise EvaluationError(f"unknown evaluation set {name!r}; known: {', '.join(SCORERS)}")
    module = importlib.import_module(SCORERS[name])
    fn: Callable[..., dict[str, float]] = module.evaluate
    return fn


def run_sets(
    pipeline: Pipeline, dev_dir: Path, names: list[str], limit: int | None = None
) -> dict[str, float]:
    """Score the named sets; a set whose data is missing raises :class:`EvaluationError`."""
    if not dev_dir.is_dir():
        raise EvaluationError(f"development data not found at {dev_dir}")
    scores: dict[str, float] = {}
    for name in names:
        log.info("evaluating %s", name)
        scores.update(scorer(name)(fresh_pipeline(pipeline), dev_dir, limit))
    return scores


def fresh_pipeline(pipeline: Pipeline) -> Pipeline:
    """The same settings and spaCy model with an empty actor registry, so that what one set
    teaches the registry never changes another set's score (or depends on their order)."""
    return Pipeline(pipeline.settings, nlp=pipeline.nlp)


def floors() -> dict[str, float]:
    """The gate's pinned floors: metric -> minimum. They only ever go up."""
    text = resources.files("tidings.evaluate").joinpath("floors.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {str(k): float(v) for k, v in data["floors"].items()}

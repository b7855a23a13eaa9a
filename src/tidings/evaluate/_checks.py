"""The project's own check sets (``evaluate/data/*.yaml``): loading and coding their items.

Each set is a list of short texts written for tidings, each with a publication ``date``, an
optional ``publisher`` and the gold answer; every item is coded as a document of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tidings.errors import ConfigError, EvaluationError
from tidings.knowledge.files import read_yaml
from tidings.pipeline import Pipeline
from tidings.records import DocumentResult, RawDocument


@dataclass(frozen=True, slots=True)
class CheckReport:
    """How many of a set's expectations held; ``failures`` says what went wrong for each."""

    total: int
    passed: int
    failures: list[str]

    @property
    def fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0


def load_items(name: str) -> list[dict[str, Any]]:
    """The items of check set ``name`` (``evaluate/data/<name>.yaml``); a bad file is named."""
    path = resources.files("tidings.evaluate").joinpath("data", f"{name}.yaml")
    try:
        data = read_yaml(path)
    except ConfigError as e:
        raise EvaluationError(f"cannot read check set {name!r}: {e}") from e
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise EvaluationError(f"check set {name!r} ({path}) has no list of `items`")
    for n, item in enumerate(items):
        if not isinstance(item.get("text"), str):
            raise EvaluationError(f"check set {name!r} item {n} has no `text`")
    return items


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise EvaluationError(f"bad date {value!r} in a check set") from e


def code_items(
    pipeline: Pipeline, name: str, items: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], DocumentResult]]:
    """Each item with its coded one-document result, in order."""
    raws = [
        RawDocument(
            id=f"{name}-{n:03d}",
            text=str(item["text"]),
            date=_date(item.get("date")),
            publisher=item.get("publisher"),
        )
        for n, item in enumerate(items)
    ]
    yield from zip(items, pipeline.run_many(raws), strict=True)

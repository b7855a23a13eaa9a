"""Reading the development sets' files (shared by the scorers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.errors import EvaluationError


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file; a missing file or a bad line names file and line."""
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as e:
                        raise EvaluationError(f"{path}:{n}: not JSON: {e}") from e
    except OSError as e:
        raise EvaluationError(f"cannot read {path}: {e}") from e

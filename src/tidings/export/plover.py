"""PLOVER JSON Lines: each event as the output contract's ``Event`` object, one per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from tidings.records import Event


def write_plover_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """Write ``events`` to ``out``; returns how many were written."""
    n = 0
    for ev in events:
        out.write(json.dumps(ev.model_dump(mode="json"), ensure_ascii=False) + "\n")
        n += 1
    return n

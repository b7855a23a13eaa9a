"""The embedded DuckDB store of coded documents, events, quotes, places and actor profiles.

Default path: ``settings.store.path`` (``tidings.duckdb`` in the working directory);
``$TIDINGS_DB`` overrides it, the ``--db`` flag overrides both. One writer process at a time;
readers open with ``read_only=True``.
"""

from __future__ import annotations

from tidings.store.query import (
    DocumentInfo,
    EventPage,
    EventQuery,
    SkipRecord,
    StatRow,
)
from tidings.store.schema import SCHEMA_VERSION
from tidings.store.store import PendingResult, Store

__all__ = [
    "SCHEMA_VERSION",
    "DocumentInfo",
    "EventPage",
    "EventQuery",
    "PendingResult",
    "SkipRecord",
    "StatRow",
    "Store",
]

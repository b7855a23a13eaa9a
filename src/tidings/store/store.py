"""The embedded DuckDB store: one writer process, any number of read-only readers.

Where the database lives: ``settings.store.path`` (default ``tidings.duckdb`` in the working
directory); ``$TIDINGS_DB`` overrides it and the global ``--db`` flag overrides both.

DuckDB lets one process open a file for writing, or several open it ``read_only``, not both at
once: run ``tidings ingest`` (the writer) and the readers (``tidings events``, ``export``,
``serve`` without an API key) one after the other.

The class is assembled from one part per concern: the connection (``_base``), schema and
migration (``migration``), writes (``writes``), reads (``reads``), statistics (``stats``) and
same-event regrouping (``regroup``).
"""

from __future__ import annotations

from pathlib import Path

from tidings.store.migration import SchemaMixin
from tidings.store.reads import ReadsMixin
from tidings.store.stats import StatKey, StatsMixin
from tidings.store.writes import PendingResult, WritesMixin

__all__ = ["PendingResult", "StatKey", "Store"]


class Store(SchemaMixin, WritesMixin, ReadsMixin, StatsMixin):
    """A tidings database. Use as a context manager or call :meth:`close`.

    Calls are serialised by a lock, so one ``Store`` may be shared by threads (the HTTP API).
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        super().__init__(path, read_only)
        self._init_schema()

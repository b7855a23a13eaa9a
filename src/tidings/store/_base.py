"""The connection every part of the store shares: one DuckDB connection, a lock, transactions.

DuckDB lets one process open a file for writing, or several open it ``read_only``, not both at
once: run ``tidings ingest`` (the writer) and the readers (``tidings events``, ``export``,
``serve`` without an API key) one after the other.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import duckdb

from tidings.errors import StoreError
from tidings.store import rows

log = logging.getLogger(__name__)

_INSERT_CHUNK = 500


def now() -> dt.datetime:
    """The time stamps the store writes: UTC, without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class StoreBase:
    """An open database: the connection, its lock and the helpers every part uses.

    Calls are serialised by a lock, so one store may be shared by threads (the HTTP API).
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no tidings database at {self.path}")
        if not read_only and self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            hint = ""
            if "lock" in str(e).lower():
                holder = "open for writing" if read_only else "open, for writing or read-only"
                hint = f" (another process has it {holder}: DuckDB allows one writer or "
                hint += "several read-only readers at a time)"
            raise StoreError(f"cannot open database {self.path}: {e}{hint}") from e

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _fetch(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._con.execute(sql, params or []).fetchall()
            except duckdb.Error as e:
                raise StoreError(f"query failed: {e}") from e

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")

    def _insert_many(
        self, table: str, columns: tuple[str, ...], values: list[tuple[Any, ...]]
    ) -> None:
        # One multi-row INSERT per chunk: DuckDB runs executemany() row by row, which is slow.
        for start in range(0, len(values), _INSERT_CHUNK):
            chunk = values[start : start + _INSERT_CHUNK]
            self._con.execute(
                rows.insert_sql(table, columns, len(chunk)),
                [v for row in chunk for v in row],
            )


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK (and a StoreError) when the body raises."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    def __enter__(self) -> None:
        self._store._lock.acquire()
        try:
            self._store._con.begin()
        except BaseException:
            self._store._lock.release()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        con = self._store._con
        try:
            if exc is None:
                try:
                    con.commit()
                except duckdb.Error as e:
                    con.rollback()
                    raise StoreError(f"commit failed on {self._store.path}: {e}") from e
            else:
                con.rollback()
                log.warning("rolled back a write to %s: %s", self._store.path, exc)
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"write failed on {self._store.path}: {exc}") from exc
        finally:
            self._store._lock.release()

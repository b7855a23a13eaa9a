"""Creating the tables of a new database and upgrading an older one in place."""

from __future__ import annotations

import logging

import duckdb

from tidings.errors import StoreError
from tidings.store.regroup import RegroupMixin
from tidings.store.schema import SCHEMA_VERSION, TABLES

log = logging.getLogger(__name__)

# older schema versions that opening for writing upgrades in place
_MIGRATABLE = frozenset({1})


class SchemaMixin(RegroupMixin):
    """The schema: created when missing, checked on opening, migrated when older."""

    def _init_schema(self) -> None:
        if self.read_only:
            version = self._schema_version()
            if version is None:
                raise StoreError(f"{self.path} is not a tidings database (no schema)")
        else:
            with self._transaction():
                for ddl in TABLES:
                    self._con.execute(ddl)
                version = self._schema_version()
                if version is None:
                    self._con.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                    )
                    version = SCHEMA_VERSION
            if version in _MIGRATABLE:
                self._migrate(version)
                version = SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            hint = ""
            if version in _MIGRATABLE:
                hint = " (open it once for writing, e.g. with `tidings ingest`, to upgrade it)"
            raise StoreError(
                f"{self.path} has schema version {version}; this tidings reads "
                f"{SCHEMA_VERSION}{hint}"
            )

    def _migrate(self, version: int) -> None:
        """Upgrade an older database in place (its tables were just created if missing)."""
        log.info("upgrading %s from schema version %d to %d", self.path, version, SCHEMA_VERSION)
        if version < 2:  # 2: event_groups; group what is stored
            self.regroup_events()
        with self._transaction():
            self._con.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)]
            )

    def _schema_version(self) -> int | None:
        try:
            row = self._con.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
        except duckdb.CatalogException:
            return None
        return int(row[0]) if row else None

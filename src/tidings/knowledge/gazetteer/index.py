"""The gazetteer's name index and its questions, answered from an SQLite file.

The index (about 260,000 places under 650,000 names) lives in one read-only SQLite file in
the cache directory (``cache``): a process opens it in milliseconds instead of unpickling a
quarter of a gigabyte, and every process on a machine shares its pages through the operating
system's page cache. Only the small tables (countries, regions, US counties, the country of a
bare city name) are read into memory; names and places are looked up when asked, and the
answers kept, so a name asked again costs a dict look-up.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.knowledge.keys import place_key, skeleton_key

INDEX_VERSION = 22

# the row layout the builder fills
GID, NAME, LAT, LON, CC, ADMIN1, FCODE, POP = range(8)
Row = tuple[int | None, str, float, float, str, str | None, str, int]

_ABBREVIATED = re.compile(r"\b(st|mt|ft)\b")
_EXPANSIONS = {"st": "saint", "mt": "mount", "ft": "fort"}


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer place."""

    index: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    feature_code: str
    population: int

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")


def _expanded(key: str) -> str:
    return _ABBREVIATED.sub(lambda m: _EXPANSIONS[m.group(1)], key)


_SCHEMA = """
CREATE TABLE rows (i INTEGER PRIMARY KEY, gid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, cc TEXT NOT NULL, admin1 TEXT, fcode TEXT NOT NULL, pop INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, pos INTEGER NOT NULL, i INTEGER NOT NULL,
    PRIMARY KEY (key, pos)) WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, pos INTEGER NOT NULL, i INTEGER NOT NULL,
    PRIMARY KEY (key, pos)) WITHOUT ROWID;
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# the tables held in memory (small); "skeletons" is a table of its own
_META_KEYS = (
    "countries", "capitals", "neighbours", "admin1", "us_states", "areas", "counties",
    "bare_counties", "city_countries", "region_countries",
)  # fmt: skip
_ROW_QUERY = "SELECT i, gid, name, lat, lon, cc, admin1, fcode, pop FROM rows"
_MAX_REMEMBERED = 200_000  # answers kept per table before the memo starts afresh


def write_index(
    path: Path, rows: list[Row], names: dict[str, list[int]], meta: dict[str, Any]
) -> None:
    """Write an index (as :func:`~tidings.knowledge.gazetteer.build.build_index` returns it)
    into a new SQLite file at ``path``."""
    con = sqlite3.connect(path)
    try:
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        ((i, *row) for i, row in enumerate(rows)))  # fmt: skip
        for table, mapping in (("names", names), ("skeletons", meta.get("skeletons", {}))):
            con.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                ((k, pos, i) for k, ids in mapping.items() for pos, i in enumerate(ids)),
            )
        small = {k: meta.get(k, {}) for k in _META_KEYS}
        small["counties"] = {str(k): v for k, v in small["counties"].items()}
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [(k, json.dumps(v)) for k, v in small.items()] + [("size", json.dumps(len(rows)))],
        )
        con.commit()
    finally:
        con.close()


class _Connections(threading.local):
    """One read-only connection per thread and process (a forked worker opens its own)."""

    pid: int = -1
    con: sqlite3.Connection | None = None


class Gazetteer:
    """A name index over places, with the country tables built alongside it."""

    def __init__(self, path: Path):
        self.path = path
        self._local = _Connections()
        meta = {name: json.loads(value) for name, value in self._con().execute(
            "SELECT name, value FROM meta")}  # fmt: skip
        self._size: int = meta["size"]
        self.countries: dict[str, int] = meta["countries"]  # ISO2 -> row
        self.capitals: dict[str, int] = meta["capitals"]  # ISO2 -> row
        self.neighbours: dict[str, list[str]] = meta["neighbours"]
        self.admin1: dict[tuple[str, str], int] = {
            tuple(k.split("|", 1)): v for k, v in meta["admin1"].items()
        }
        self.us_states: dict[str, int] = meta["us_states"]  # postal code -> row
        self.areas: dict[str, float] = meta["areas"]  # ISO2 -> km²
        # US row -> county key
        self._counties: dict[int, str] = {int(k): v for k, v in meta["counties"].items()}
        self._bare_counties: dict[str, list[int]] = meta["bare_counties"]  # "barrow" -> rows
        # folded city / region name -> ISO3 of its country, None when shared across countries
        self.city_countries: dict[str, str | None] = meta["city_countries"]
        self.region_countries: dict[str, str | None] = meta["region_countries"]
        self._entries: dict[int, GazEntry] = {}
        self._found: dict[str, dict[str, tuple[int, ...]]] = {"names": {}, "skeletons": {}}

    def _con(self) -> sqlite3.Connection:
        local = self._local
        if local.con is None or local.pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            local.con = sqlite3.connect(uri, uri=True, check_same_thread=True)
            local.pid = os.getpid()
        return local.con

    def _ids(self, table: str, key: str) -> tuple[int, ...]:
        memo = self._found[table]
        found = memo.get(key)
        if found is None:
            query = f"SELECT i FROM {table} WHERE key = ? ORDER BY pos"
            found = tuple(i for (i,) in self._con().execute(query, (key,)))
            if len(memo) >= _MAX_REMEMBERED:
                memo.clear()
            memo[key] = found
        return found

    def _entries_of(self, ids: Iterable[int]) -> list[GazEntry]:
        ids = list(ids)
        missing = [i for i in ids if i not in self._entries]
        if missing:
            marks = ",".join("?" * len(missing))
            for r in self._con().execute(f"{_ROW_QUERY} WHERE i IN ({marks})", missing):
                self._entries[r[0]] = GazEntry(*r)
        return [self._entries[i] for i in ids]

    def __len__(self) -> int:
        return self._size

    def entry(self, index: int) -> GazEntry:
        found = self._entries.get(index)
        return found if found is not None else self._entries_of([index])[0]

    def lookup(self, text: str) -> list[GazEntry]:
        """Every place called ``text`` (any of its indexed names); "St."/"Mt."/"Ft." are also
        read as "Saint"/"Mount"/"Fort"."""
        key = place_key(text)
        found = self._ids("names", key)
        if not found:
            long = _expanded(key)
            found = self._ids("names", long) if long != key else ()
        return self._entries_of(found)

    def bare_counties(self, text: str) -> list[GazEntry]:
        """US counties named without the word "County" ("Barrow", "Oglethorpe"). Kept apart
        from :meth:`lookup` and :meth:`has`: only the resolver weighs them against towns, so
        a surname is never a place merely because a county bears it."""
        return self._entries_of(self._bare_counties.get(place_key(text), ()))

    def county(self, entry: GazEntry) -> str | None:
        """The US county a town lies in (or a county's own key), if known."""
        return self._counties.get(entry.index)

    def lookup_variant(self, text: str) -> list[GazEntry]:
        """Cities whose name is a spelling variant of ``text`` (same consonant skeleton)."""
        k = skeleton_key(text)
        if len(k) < 4:
            return []
        return self._entries_of(self._ids("skeletons", k))

    def has(self, text: str) -> bool:
        key = place_key(text)
        return bool(self._ids("names", key)) or bool(self._ids("names", _expanded(key)))

    def country(self, code: str) -> GazEntry | None:
        i = self.countries.get(code)
        return None if i is None else self.entry(i)

    def capital(self, code: str) -> GazEntry | None:
        i = self.capitals.get(code)
        return None if i is None else self.entry(i)

    def admin1_entry(self, code: str, name: str | None) -> GazEntry | None:
        if name is None:
            return None
        i = self.admin1.get((code, place_key(name)))
        return None if i is None else self.entry(i)

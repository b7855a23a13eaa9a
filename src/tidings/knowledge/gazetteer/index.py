"""The gazetteer's name index and its questions; :meth:`Gazetteer.lookup` is a dict lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tidings.knowledge.keys import place_key, skeleton_key

INDEX_VERSION = 21

# entry tuple layout (kept as plain tuples: they pickle and load fast)
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


class Gazetteer:
    """A name index over places, with the country tables built alongside it."""

    def __init__(self, rows: list[Row], names: dict[str, list[int]], meta: dict[str, Any]):
        self._rows = rows
        self._names = names
        self.countries: dict[str, int] = meta["countries"]  # ISO2 -> row
        self.capitals: dict[str, int] = meta["capitals"]  # ISO2 -> row
        self.neighbours: dict[str, list[str]] = meta["neighbours"]
        self.admin1: dict[tuple[str, str], int] = {
            tuple(k.split("|", 1)): v for k, v in meta["admin1"].items()
        }
        self.us_states: dict[str, int] = meta["us_states"]  # postal code -> row
        self._skeletons: dict[str, list[int]] = meta["skeletons"]
        self.areas: dict[str, float] = meta["areas"]  # ISO2 -> km²
        self._counties: dict[int, str] = meta["counties"]  # US row -> county key
        self._bare_counties: dict[str, list[int]] = meta["bare_counties"]  # "barrow" -> rows
        # folded city / region name -> ISO3 of its country, None when shared across countries
        self.city_countries: dict[str, str | None] = meta["city_countries"]
        self.region_countries: dict[str, str | None] = meta["region_countries"]

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, index: int) -> GazEntry:
        r = self._rows[index]
        return GazEntry(index, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])

    def lookup(self, text: str) -> list[GazEntry]:
        """Every place called ``text`` (any of its indexed names); "St."/"Mt."/"Ft." are also
        read as "Saint"/"Mount"/"Fort"."""
        key = place_key(text)
        found = self._names.get(key)
        if found is None:
            long = _expanded(key)
            found = self._names.get(long, []) if long != key else []
        return [self.entry(i) for i in found]

    def bare_counties(self, text: str) -> list[GazEntry]:
        """US counties named without the word "County" ("Barrow", "Oglethorpe"). Kept apart
        from :meth:`lookup` and :meth:`has`: only the resolver weighs them against towns, so
        a surname is never a place merely because a county bears it."""
        return [self.entry(i) for i in self._bare_counties.get(place_key(text), ())]

    def county(self, entry: GazEntry) -> str | None:
        """The US county a town lies in (or a county's own key), if known."""
        return self._counties.get(entry.index)

    def lookup_variant(self, text: str) -> list[GazEntry]:
        """Cities whose name is a spelling variant of ``text`` (same consonant skeleton)."""
        k = skeleton_key(text)
        if len(k) < 4:
            return []
        return [self.entry(i) for i in self._skeletons.get(k, ())]

    def has(self, text: str) -> bool:
        key = place_key(text)
        return key in self._names or _expanded(key) in self._names

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

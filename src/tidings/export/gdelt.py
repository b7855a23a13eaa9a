"""A GDELT 2.0-style event table (tab-separated) with CAMEO codes.

Columns are a subset of GDELT 2.0's event table, in GDELT's order and with its names
(:data:`GDELT_COLUMNS`); the first line is a header (GDELT's own files have none; pass
``header=False`` for that). Differences from GDELT, because tidings codes single articles:

- ``GLOBALEVENTID``: a stable 60-bit integer from the tidings event id (not GDELT's counter).
- ``Actor1Code``: the actor's country (ISO alpha-3, CAMEO's country codes) or ``IGO``, then its
  sector as the CAMEO role (``RUSGOV``, ``KAZCOP``); ``Actor1Type1Code`` is the sector alone.
- ``IsRootEvent``: 1 when the event is in the lead (the article's first two sentences).
- ``EventCode``: the event's CAMEO code (root codes padded to three digits, ``14`` → ``140``),
  or the ontology's root code for the PLOVER type when the event has none.
- ``GoldsteinScale``: from ``data/export/goldstein.tsv`` (GDELT's CAMEO-to-Goldstein table).
- ``NumMentions``, ``NumSources``, ``NumArticles``: 1 (one article, one mention).
- ``ActionGeo_CountryCode``: ISO 3166 alpha-2 (GDELT uses FIPS 10-4 codes).
- ``SOURCEURL``: the article URL, else the tidings document id.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from tidings.export.common import (
    NON_COUNTRY_CODES,
    alpha3,
    cameo_code,
    country_name,
    entity_name,
    event_id_number,
    goldstein,
)
from tidings.records import Entity, Event

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "SOURCEURL",
)  # fmt: skip

LEAD_SENTENCES = 2


def _actor(prefix: str, actors: list[Entity]) -> dict[str, Any]:
    if not actors:
        return {f"{prefix}Code": "", f"{prefix}Name": "", f"{prefix}CountryCode": "",
                f"{prefix}Type1Code": ""}  # fmt: skip
    a = actors[0]
    country = alpha3(a.code) if a.code not in NON_COUNTRY_CODES else None
    base = country or (a.code if a.code == "IGO" else "")
    return {
        f"{prefix}Code": base + (a.sector or ""),
        f"{prefix}Name": entity_name(a).upper(),
        f"{prefix}CountryCode": country or "",
        f"{prefix}Type1Code": a.sector or "",
    }


def _codes(cameo: str | None) -> tuple[str, str, str]:
    if not cameo:
        return "", "", ""
    full = cameo if len(cameo) >= 3 else cameo.ljust(3, "0")
    return full, full[:3], full[:2]


def gdelt_row(ev: Event, source_url: str | None = None) -> dict[str, Any]:
    """One event as a GDELT-style row (a dict keyed by :data:`GDELT_COLUMNS`)."""
    code, base, root = _codes(cameo_code(ev))
    loc = ev.event_loc
    geo_name = ""
    if loc:
        parts = [loc.resolved_place or loc.extracted_place, loc.admin1,
                 country_name(loc.country_code)]  # fmt: skip
        geo_name = ", ".join(dict.fromkeys(p for p in parts if p))
    score = goldstein(code or None)
    return {
        "GLOBALEVENTID": event_id_number(ev.id),
        "SQLDATE": ev.date.strftime("%Y%m%d") if ev.date else "",
        "MonthYear": ev.date.strftime("%Y%m") if ev.date else "",
        "Year": ev.date.year if ev.date else "",
        **_actor("Actor1", ev.actor),
        **_actor("Actor2", ev.recipient),
        "IsRootEvent": int(ev.text_info.sequence < LEAD_SENTENCES),
        "EventCode": code,
        "EventBaseCode": base,
        "EventRootCode": root,
        "QuadClass": ev.quad_code,
        "GoldsteinScale": "" if score is None else score,
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "ActionGeo_FullName": geo_name,
        "ActionGeo_CountryCode": (loc.country_code or "") if loc else "",
        "ActionGeo_Lat": "" if not loc or loc.lat is None else loc.lat,
        "ActionGeo_Long": "" if not loc or loc.lon is None else loc.lon,
        "SOURCEURL": source_url or ev.source.doc_id,
    }


def write_gdelt_tsv(
    events: Iterable[Event],
    out: TextIO,
    *,
    source_urls: Mapping[str, str | None] | None = None,
    header: bool = True,
) -> int:
    """Write ``events`` as GDELT-style TSV; ``source_urls`` maps doc id to article URL."""
    urls = source_urls or {}
    writer = csv.DictWriter(
        out, fieldnames=GDELT_COLUMNS, delimiter="\t", lineterminator="\n",
        quoting=csv.QUOTE_MINIMAL,
    )  # fmt: skip
    if header:
        writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(gdelt_row(ev, urls.get(ev.source.doc_id)))
        n += 1
    return n

"""The GDELT 2.0 event table (tab-separated): its 61 columns, in its order, with its codes.

Columns are :data:`GDELT_COLUMNS`, exactly those of the GDELT 2.0 Event codebook; the first
line is a header (GDELT's own files have none; pass ``header=False`` for that). With
``include_modality`` a 62nd column, ``Modality``, follows. How tidings fills them:

- ``GLOBALEVENTID``: a stable 52-bit integer from the tidings event id (below 2^53, so
  R, JavaScript and spreadsheets read it unchanged); not GDELT's running counter.
- ``FractionDate``: the year plus the elapsed fraction of it (``2024.1753``).
- ``Actor1Code``: the actor's CAMEO country code (ISO alpha-3) or ``IGO``, then its CAMEO type;
  ``Actor1Type1Code`` is the CAMEO type of its PLOVER sector (``data/export/cameo_types.tsv``:
  journalists are ``MED``, medical ``HLH``). Known-group, ethnic and religion codes, and
  ``Type2``/``Type3``, are empty: tidings does not code them.
- ``IsRootEvent``: 1 when the event is in the lead (the article's first two sentences).
- ``EventCode``: the event's CAMEO code (root codes padded to three digits, ``14`` → ``140``),
  or the ontology's root code for the PLOVER type when the event has none.
- ``GoldsteinScale``: from ``data/export/goldstein.tsv`` (GDELT's CAMEO-to-Goldstein table).
- ``NumMentions``, ``NumSources``, ``NumArticles``: 1 (one article, one mention);
  ``AvgTone`` is empty (tidings does not score tone).
- ``ActionGeo_*``: the event's place. ``Type`` is GDELT's resolution (1 country, 2 US state,
  3 US city, 4 world city, 5 world state), ``CountryCode`` the FIPS 10-4 code (``GM`` is
  Germany), ``ADM1Code`` the FIPS country code for a country-level place (GDELT's FIPS
  admin-1 suffix is not known to tidings), ``FeatureID`` the FIPS code for a country and empty
  otherwise (GDELT's are GNS ids, tidings' places are GeoNames). ``Actor*Geo_*`` are empty:
  tidings places events, not actors.
- ``DATEADDED``: when the file was written (UTC, ``YYYYMMDDHHMMSS``).
- ``SOURCEURL``: the article URL, else the tidings document id.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from tidings.export.common import (
    NON_COUNTRY_CODES,
    ExportReport,
    alpha3,
    cameo_code,
    country_name,
    entity_name,
    event_id_number,
    fips,
    goldstein,
    left_out_reason,
    read_tsv,
    source_link,
)
from tidings.records import Entity, Event, EventLocation

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")  # fmt: skip

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

LEAD_SENTENCES = 2
US_FIPS = "US"


@functools.lru_cache(maxsize=1)
def cameo_types() -> dict[str, str]:
    """PLOVER sector -> CAMEO actor type code ("" where CAMEO has none)."""
    return {r["sector"]: r["cameo"] or "" for r in read_tsv("cameo_types.tsv")}


def cameo_type(sector: str | None) -> str:
    return cameo_types().get(sector or "", "")


def _actor(prefix: str, actors: list[Entity]) -> dict[str, Any]:
    row: dict[str, Any] = {f"{prefix}{f}": "" for f in _ACTOR_FIELDS}
    if not actors:
        return row
    a = actors[0]
    country = alpha3(a.code) if a.code not in NON_COUNTRY_CODES else None
    base = country or (a.code if a.code in ("IGO", "NGO", "MNC") else "")
    ctype = cameo_type(a.sector)
    row[f"{prefix}Code"] = base + ctype
    row[f"{prefix}Name"] = entity_name(a).upper()
    row[f"{prefix}CountryCode"] = country or ""
    row[f"{prefix}Type1Code"] = ctype
    return row


def _codes(cameo: str | None) -> tuple[str, str, str]:
    if not cameo:
        return "", "", ""
    full = cameo if len(cameo) >= 3 else cameo.ljust(3, "0")
    return full, full[:3], full[:2]


def _geo_type(loc: EventLocation, country_fips: str | None) -> int:
    """GDELT's geographic resolution from the PLOVER one (1 country ... 5 sub-city)."""
    res = loc.resolution or (4 if loc.lat is not None else 1)
    if res <= 1:
        return 1
    us = country_fips == US_FIPS
    if res in (2, 3):
        return 2 if us else 5
    return 3 if us else 4


def _action_geo(loc: EventLocation | None) -> dict[str, Any]:
    row: dict[str, Any] = {f"ActionGeo_{f}": "" for f in _GEO_FIELDS}
    if loc is None:
        return row
    code = fips(loc.country_code)
    gtype = _geo_type(loc, code)
    parts = [loc.resolved_place or loc.extracted_place, loc.admin1, country_name(loc.country_code)]
    if gtype == 1:
        parts = [country_name(loc.country_code) or loc.resolved_place or loc.extracted_place]
    row.update(
        {
            "ActionGeo_Type": gtype,
            "ActionGeo_FullName": ", ".join(dict.fromkeys(p for p in parts if p)),
            "ActionGeo_CountryCode": code or "",
            "ActionGeo_ADM1Code": (code or "") if gtype == 1 else "",
            "ActionGeo_Lat": "" if loc.lat is None else loc.lat,
            "ActionGeo_Long": "" if loc.lon is None else loc.lon,
            "ActionGeo_FeatureID": (code or "") if gtype == 1 else "",
        }
    )
    return row


def _fraction_date(day: dt.date) -> str:
    days = 366 if day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0) else 365
    return f"{day.year + (day.timetuple().tm_yday - 1) / days:.4f}"


def gdelt_row(
    ev: Event, source_url: str | None = None, *, added: dt.datetime | None = None
) -> dict[str, Any]:
    """One event as a GDELT 2.0 row (a dict keyed by :data:`GDELT_COLUMNS`)."""
    code, base, root = _codes(cameo_code(ev))
    score = goldstein(code or None)
    stamp = (added or dt.datetime.now(dt.UTC)).strftime("%Y%m%d%H%M%S")
    return {
        "GLOBALEVENTID": event_id_number(ev.id),
        "SQLDATE": ev.date.strftime("%Y%m%d") if ev.date else "",
        "MonthYear": ev.date.strftime("%Y%m") if ev.date else "",
        "Year": ev.date.year if ev.date else "",
        "FractionDate": _fraction_date(ev.date) if ev.date else "",
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
        "AvgTone": "",
        **{f"Actor1Geo_{f}": "" for f in _GEO_FIELDS},
        **{f"Actor2Geo_{f}": "" for f in _GEO_FIELDS},
        **_action_geo(ev.event_loc),
        "DATEADDED": stamp,
        "SOURCEURL": source_link(source_url, ev.source.doc_id),
    }


def write_gdelt_tsv(
    events: Iterable[Event],
    out: TextIO,
    *,
    source_urls: Mapping[str, str | None] | None = None,
    header: bool = True,
    include_modality: bool = False,
    added: dt.datetime | None = None,
) -> ExportReport:
    """Write ``events`` as GDELT 2.0 TSV; ``source_urls`` maps doc id to article URL.

    Undated, future-dated and (unless ``include_modality``) non-asserted events are left out;
    the report counts them by reason."""
    urls = source_urls or {}
    now = added or dt.datetime.now(dt.UTC)
    columns = (*GDELT_COLUMNS, "Modality") if include_modality else GDELT_COLUMNS
    writer = csv.DictWriter(
        out, fieldnames=columns, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL
    )
    if header:
        writer.writeheader()
    report = ExportReport()
    for ev in events:
        reason = left_out_reason(ev, include_modality=include_modality, today=now.date())
        if reason:
            report.left_out[reason] += 1
            continue
        row = gdelt_row(ev, urls.get(ev.source.doc_id), added=now)
        if include_modality:
            row["Modality"] = ev.modality
        writer.writerow(row)
        report.written += 1
    return report

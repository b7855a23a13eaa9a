"""The dashboard's aggregates: the actor network by resolved actor, and events by place.

A network node is a resolved actor, not the words an article used: a named organisation or
person by its name ("UN", "Vladimir Putin", whatever code one article gave it), any other actor
by its country code and sector ("the US" and "the United States" are one node, USA GOV, named
"United States"; "Kazakh police" and "the police" in Almaty are "Kazakhstan police"). Actors the
resolver could not place at all (code ``---``, no sector, no name: "he", "we") are no node:
nothing identifies them.
"""

from __future__ import annotations

import functools
from typing import Any

from tidings.knowledge.countries import NON_COUNTRY_CODES, country_name, short_country_names
from tidings.knowledge.files import data_file, read_tsv

# Per side of an edge ("actor" or "recipient"): the identity key, and the parts of its name.
_SIDE = """
    CASE WHEN {p}->0->>'identifier_text' IS NOT NULL
              THEN 'name|' || lower({p}->0->>'identifier_text')
         ELSE {p}_code || '|' || coalesce({p}_sector, '') END AS {p}_key,
    any_value({p}->0->>'identifier_text') AS {p}_ident,
    mode({p}_code) AS {p}_c, mode({p}_sector) AS {p}_s,
    mode({p}->0->>'entity_text') AS {p}_said, list(DISTINCT {p}->0->>'entity_text') AS {p}_names"""


def _resolved(p: str) -> str:
    return (
        f"{p}_code IS NOT NULL AND ({p}_code <> '---' OR coalesce({p}_sector, 'UNK') <> 'UNK' "
        f"OR {p}->0->>'identifier_text' IS NOT NULL)"
    )


_QUADS = ", ".join(f"count(*) FILTER (WHERE quad = {q})" for q in (1, 2, 3, 4))


def network_sql(cond: str) -> str:
    """Edges between resolved first actors and first recipients of the events matching ``cond``;
    the one parameter after ``cond``'s is the edge limit."""
    return f"""
        SELECT {_SIDE.format(p="actor")}, {_SIDE.format(p="recipient")}, count(*) AS n, {_QUADS}
        FROM events
        WHERE {cond} AND {_resolved("actor")} AND {_resolved("recipient")}
        GROUP BY actor_key, recipient_key
        ORDER BY n DESC, actor_key, recipient_key LIMIT ?"""


@functools.lru_cache(maxsize=1)
def _sector_names() -> dict[str, tuple[str, str]]:
    rows = read_tsv(data_file("web", "sector_names.tsv"), columns=3)
    return {row[0]: (row[1], row[2]) for row in rows}


def actor_name(code: str | None, sector: str | None, ident: str | None, said: str | None) -> str:
    """A resolved actor's canonical name: its proper name, else country and sector."""
    if ident:
        return ident
    country = None
    if code and code not in NON_COUNTRY_CODES:
        country = short_country_names().get(code) or country_name(code) or code
    alone, with_country = _sector_names().get(sector or "", (sector or "", "{country}"))
    if country:
        return with_country.format(country=country)
    return alone or said or code or "?"


def network_rows(found: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """:func:`network_sql`'s rows as edges between named, keyed actors."""
    edges = []
    for r in found:
        side: dict[str, Any] = {}
        for i, end in ((0, "source"), (6, "target")):
            key, ident, code, sector, said, names = r[i : i + 6]
            side[end] = actor_name(code, sector, ident, said)
            side[f"{end}_key"] = key
            side[f"{end}_code"] = code
            side[f"{end}_sector"] = sector
            side[f"{end}_names"] = sorted(n for n in names if n)
        edges.append({**side, "count": int(r[12]), "quads": [int(x) for x in r[13:17]]})
    return edges


def places_sql(cond: str) -> str:
    """Events by located place (with the place's resolution) for ``cond``; then a limit."""
    return f"""
        SELECT place, country_code, round(lat, 3) AS la, round(lon, 3) AS lo, count(*) AS n,
               {_QUADS}, min(id), any_value(admin1),
               max(CAST(event_loc->>'resolution' AS INTEGER))
        FROM events
        WHERE {cond} AND lat IS NOT NULL AND lon IS NOT NULL
        GROUP BY place, country_code, la, lo ORDER BY n DESC, place LIMIT ?"""


def places_rows(found: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [
        {"place": r[0], "country_code": r[1], "lat": r[2], "lon": r[3], "count": int(r[4]),
         "quads": [int(x) for x in r[5:9]], "example_event": r[9], "admin1": r[10],
         "resolution": r[11]}
        for r in found
    ]  # fmt: skip

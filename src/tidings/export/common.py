"""What every export shares: reading its data files, country names and codes, actor labels."""

from __future__ import annotations

import csv
import functools
import io
import logging
from importlib import resources

from tidings.records import Entity, Event

log = logging.getLogger(__name__)

# Codes in the actor ``code`` slot that are not countries.
NON_COUNTRY_CODES = frozenset({"---", "IGO", "NGO", "MNC", "UNK"})


def read_tsv(name: str) -> list[dict[str, str]]:
    """A ``data/export`` TSV file as rows (``#`` lines are comments)."""
    text = resources.files("tidings").joinpath(f"data/export/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


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


@functools.lru_cache(maxsize=1024)
def _country(code: str) -> tuple[str | None, str | None, str | None]:
    import pycountry  # lazily: only exports need country names

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
    return _country(code)[2] if code else None


def alpha3(code: str | None) -> str | None:
    return _country(code)[1] if code else None


def entity_name(e: Entity) -> str:
    return e.identifier_text or e.entity_text


def event_country_alpha3(ev: Event) -> str | None:
    """Where the event happened (ISO alpha-3), else its first actor's country."""
    if ev.event_loc and ev.event_loc.country_code:
        found = alpha3(ev.event_loc.country_code)
        if found:
            return found
    for e in ev.actor:
        if e.code not in NON_COUNTRY_CODES and alpha3(e.code):
            return alpha3(e.code)
    return None


def event_id_number(event_id: str) -> int:
    """A stable non-negative 60-bit integer for a hex event id (for integer-keyed formats)."""
    try:
        return int(event_id[:15], 16)
    except ValueError:
        import hashlib

        return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)

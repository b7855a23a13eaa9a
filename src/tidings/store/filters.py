"""An :class:`EventQuery` as a SQL ``WHERE`` clause with parameters (never string-built values)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from functools import lru_cache
from typing import Any

from tidings.errors import InputError
from tidings.knowledge.files import data_file, read_tsv
from tidings.records import Modality
from tidings.store.query import Cursor, EventQuery

EARTH_RADIUS_KM = 6371.0088

# Sort expressions; NULLs sort as the smallest value so keyset pagination stays total. A date
# after today or after the article's publication date is an error or an announcement, never
# the newest event: it sorts as an unknown date does.
_NO_DATE = "DATE '0001-01-01'"
_PUBLISHED = "(SELECT d.date FROM documents d WHERE d.id = events.doc_id)"
SORT_KEYS: dict[str, str] = {
    "date": f"CASE WHEN date > current_date OR date > {_PUBLISHED} THEN {_NO_DATE} "
    f"ELSE COALESCE(date, {_NO_DATE}) END",
    "confidence": "COALESCE(confidence, 0.0)",
}

_HAVERSINE = (
    f"2 * {EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(lat - ?) / 2), 2) + "
    "cos(radians(?)) * cos(radians(lat)) * power(sin(radians(lon - ?) / 2), 2))) <= ?"
)


def like_pattern(text: str) -> str:
    """A case-folded ``LIKE`` pattern matching ``text`` anywhere, wildcards escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@lru_cache(maxsize=512)
def alpha2(code: str) -> str:
    """ISO 3166 alpha-2 for an alpha-2 or alpha-3 code (unknown codes pass through)."""
    code = code.strip().upper()
    if len(code) != 3:
        return code
    import pycountry  # lazily: only queries by alpha-3 need it

    country = pycountry.countries.get(alpha_3=code)
    return str(country.alpha_2) if country is not None else code


@lru_cache(maxsize=1)
def sector_codes() -> tuple[str, ...]:
    """The actor sectors of the contract (``data/store/sectors.tsv``)."""
    header, *rows = read_tsv(data_file("store", "sectors.tsv"))
    column = header.index("code")
    return tuple(row[column] for row in rows)


def filter_vocabularies() -> dict[str, tuple[str, ...]]:
    """The values each vocabulary filter accepts: ``types``, ``modes``, ``sector``,
    ``modality`` (``quad`` is 1-4, ``country_code`` an ISO 3166 code)."""
    from tidings.ontology import plover_types

    types = plover_types()
    modes = sorted({m for t in types.values() for m in t.modes})
    return {
        "types": tuple(sorted(types)),
        "modes": tuple(modes),
        "sector": sector_codes(),
        "modality": tuple(typing.get_args(Modality)),
    }


def _unknown(field: str, bad: list[str], valid: tuple[str, ...]) -> str:
    hints = [h for b in bad for h in difflib.get_close_matches(b.upper(), valid, n=1, cutoff=0.6)]
    hint = f" (did you mean {', '.join(hints)}?)" if hints else ""
    return f"unknown {field} {', '.join(map(repr, bad))}{hint}; valid: {', '.join(valid)}"


def _country_problem(code: str) -> str | None:
    import pycountry  # lazily: only a country filter needs it

    value = code.strip()
    up = value.upper()
    if len(up) == 2 and pycountry.countries.get(alpha_2=up) is not None:
        return None
    if len(up) == 3 and pycountry.countries.get(alpha_3=up) is not None:
        return None
    try:
        found = pycountry.countries.lookup(value)
        hint = f" ({found.name} is {found.alpha_2} or {found.alpha_3})"
    except LookupError:
        hint = ""
    return (
        f"unknown country code {value!r}{hint}; give an ISO 3166 alpha-2 or alpha-3 code "
        "(KZ or KAZ, RU or RUS)"
    )


def validate_filters(q: EventQuery) -> EventQuery:
    """Check ``q``'s vocabulary filters; raise :class:`InputError` naming each unknown value
    and listing the valid ones (types and sectors match in any case, modes in lower case).

    An unknown value would otherwise match nothing and look like "no events". Returns ``q``.
    """
    vocab = filter_vocabularies()
    problems: list[str] = []
    for field, given, fold in (
        ("types", q.types, str.upper),
        ("modes", q.modes, str.lower),
        ("modality", q.modality, str.lower),
        ("sector", [q.sector] if q.sector else [], str.upper),
    ):
        bad = [v for v in given if fold(v.strip()) not in vocab[field]]
        if bad:
            label = {"types": "event type", "modes": "mode"}.get(field, field)
            problems.append(_unknown(label, bad, vocab[field]))
    if q.country_code:
        problem = _country_problem(q.country_code)
        if problem:
            problems.append(problem)
    if problems:
        raise InputError("; ".join(problems))
    return q


def word_prefix_pattern(text: str) -> str:
    """A regular expression matching ``text`` (case-folded) at the start of a word."""
    return r"(^|[^\w])" + re.escape(text.strip().lower())


def _party(clauses: list[str], params: list[Any], value: str, codes: str, text: str) -> None:
    # A code matches exactly; a name matches at a word start ("rus" finds "Russia", not
    # "Belarus"; "un" finds "UN" and "United Nations", not "gunmen").
    clauses.append(f"(list_contains({codes}, ?) OR regexp_matches({text}, ?))")
    params.extend([value.strip().upper(), word_prefix_pattern(value)])


def where(q: EventQuery) -> tuple[str, list[Any]]:
    """The filter part of ``q`` (not sort, limit or cursor)."""
    clauses: list[str] = []
    params: list[Any] = []
    if q.types:
        clauses.append(f"type IN ({', '.join('?' for _ in q.types)})")
        params.extend(t.upper() for t in q.types)
    if q.modes:
        clauses.append("list_has_any(modes, ?::VARCHAR[])")
        params.append([m.lower() for m in q.modes])
    if q.quad:
        clauses.append(f"quad IN ({', '.join('?' for _ in q.quad)})")
        params.extend(q.quad)
    if q.modality:
        clauses.append(f"modality IN ({', '.join('?' for _ in q.modality)})")
        params.extend(q.modality)
    if q.actor:
        _party(clauses, params, q.actor, "party_codes", "party_text")
    if q.recipient:
        _party(clauses, params, q.recipient, "recipient_codes", "recipient_all_text")
    if q.sector:
        clauses.append("list_contains(party_sectors, ?)")
        params.append(q.sector.strip().upper())
    if q.country_code:
        clauses.append("country_code = ?")
        params.append(alpha2(q.country_code))
    if q.has_place():
        clauses.append("lat IS NOT NULL AND lon IS NOT NULL AND " + _HAVERSINE)
        params.extend([q.lat, q.lat, q.lon, q.radius_km])
    elif any(v is not None for v in (q.lat, q.lon, q.radius_km)):
        raise InputError("a place filter needs all of lat, lon and radius_km")
    if q.date_from:
        clauses.append("date >= ?")
        params.append(q.date_from)
    if q.date_to:
        clauses.append("date <= ?")
        params.append(q.date_to)
    if q.text:
        clauses.append("sentence ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q.text))
    if q.doc_id:
        clauses.append("doc_id = ?")
        params.append(q.doc_id)
    if q.distinct:
        clauses.append("id NOT IN (SELECT event_id FROM event_groups WHERE NOT representative)")
    return (" AND ".join(clauses) if clauses else "TRUE"), params


def order(q: EventQuery) -> tuple[str, str, bool]:
    """(sort expression, ORDER BY clause, descending?) for ``q.sort``."""
    desc = q.sort.startswith("-")
    key = SORT_KEYS[q.sort.lstrip("-")]
    direction = "DESC" if desc else "ASC"
    return key, f"{key} {direction}, id {direction}", desc


def after_cursor(q: EventQuery) -> tuple[str, list[Any]]:
    """The keyset condition for ``q.cursor`` (rows strictly after the last one seen)."""
    if not q.cursor:
        return "TRUE", []
    cur = Cursor.decode(q.cursor, q.sort)
    key, _, desc = order(q)
    op = "<" if desc else ">"
    value: Any = cur.value
    if q.sort.lstrip("-") == "date":
        try:
            value = dt.date.fromisoformat(str(cur.value))
        except ValueError as e:
            raise InputError(f"malformed cursor {q.cursor!r}") from e
    return f"({key} {op} ? OR ({key} = ? AND id {op} ?))", [value, value, cur.id]


def cursor_value(q: EventQuery, key: Any) -> Any:
    """A row's sort-key value (``SORT_KEYS``' expression), as the cursor stores it."""
    if q.sort.lstrip("-") == "date":
        return (key or dt.date(1, 1, 1)).isoformat()
    return float(key or 0.0)

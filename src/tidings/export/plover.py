"""PLOVER JSON Lines: one event per line, as the PLOVER manual's record (Data Fields chapter).

tidings' events follow its own contract (ONTOLOGY.md); the export writes what the manual asks
where the two differ:

- ``event_loc.country_code`` is the ISO 3166 alpha-3 code ("to match the actor/recipient
  countries"), not alpha-2.
- Actor ``code`` ``---`` (tidings' unknown) is the manual's ``UNK``; an unknown sector is
  ``UNK`` too. Press, tidings' ``PRE``, is the manual's ``JRN`` (the manual's ``PRE`` is a
  partially recognised entity).
- ``actor`` is required: an event whose actor the text leaves implicit ("four people were
  arrested") gets the manual's generic unidentified actor, ``{"code": "UNK", "sector": "UNK"}``.
- ``date`` is required: undated events are left out (the report counts them).
- ``cite_info`` holds the article's URL, title and publisher when known.

Fields beyond the manual's (``modality``, ``cameo``, ``acled``, ``confidence``, ...) are kept,
as the manual invites.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from tidings.export.common import ExportReport, alpha3
from tidings.records import Event
from tidings.store.query import DocumentInfo

UNKNOWN = "UNK"
# tidings sector -> PLOVER manual sector, where they differ
_SECTORS = {"PRE": "JRN"}


def _entity(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    code = out.get("code")
    if not code or code == "---":
        out["code"] = UNKNOWN
    sector = out.get("sector")
    out["sector"] = _SECTORS.get(sector, sector) if sector else UNKNOWN
    return out


def plover_record(ev: Event, doc: DocumentInfo | None = None) -> dict[str, Any]:
    """One event as a PLOVER manual record (a JSON-ready dict)."""
    data = ev.model_dump(mode="json")
    actors = [_entity(a) for a in data["actor"]]
    data["actor"] = actors or [{"code": UNKNOWN, "sector": UNKNOWN}]
    data["recipient"] = [_entity(r) for r in data["recipient"]]
    loc = data.get("event_loc")
    if loc and loc.get("country_code"):
        loc["country_code"] = alpha3(loc["country_code"]) or loc["country_code"]
    if doc is not None:
        cite = {"url": doc.url, "title": doc.title, "publication": doc.publisher}
        data["cite_info"] = {k: v for k, v in cite.items() if v}
    return data


def write_plover_jsonl(
    events: Iterable[Event], out: TextIO, *, documents: Mapping[str, DocumentInfo] | None = None
) -> ExportReport:
    """Write ``events`` to ``out`` as PLOVER records; undated ones are left out."""
    docs = documents or {}
    report = ExportReport()
    for ev in events:
        if ev.date is None:
            report.left_out["undated"] += 1
            continue
        record = plover_record(ev, docs.get(ev.source.doc_id))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        report.written += 1
    return report

"""Exports of stored events: PLOVER JSON Lines, GDELT-style TSV, ACLED-style CSV, Parquet.

>>> from tidings.store import Store, EventQuery
>>> with Store("tidings.duckdb", read_only=True) as store:          # doctest: +SKIP
...     export_events(store, "gdelt", "events.tsv", EventQuery(types=["PROTEST"]))
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Literal, TextIO

from tidings.errors import InputError
from tidings.export.acled import ACLED_COLUMNS, acled_row, write_acled_csv
from tidings.export.common import ExportReport, linkable
from tidings.export.gdelt import GDELT_COLUMNS, gdelt_row, write_gdelt_tsv
from tidings.export.parquet import write_parquet
from tidings.export.plover import plover_record, write_plover_jsonl
from tidings.store import EventQuery, Store

ExportFormat = Literal["plover", "gdelt", "acled", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("plover", "gdelt", "acled", "parquet")

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "ExportFormat",
    "ExportReport",
    "acled_row",
    "export_events",
    "gdelt_row",
    "plover_record",
    "write_acled_csv",
    "write_gdelt_tsv",
    "write_parquet",
    "write_plover_jsonl",
]


@contextmanager
def _text_out(out: str | Path) -> Iterator[TextIO]:
    if str(out) == "-":
        yield sys.stdout
        return
    try:
        with open(out, "w", encoding="utf-8", newline="") as f:
            yield f
    except OSError as e:
        raise InputError(f"cannot write {out}: {e}") from e


def export_events(
    store: Store,
    fmt: ExportFormat,
    out: str | Path,
    query: EventQuery | None = None,
    *,
    include_modality: bool = False,
) -> ExportReport:
    """Write the events matching ``query`` (all, oldest first, by default) to ``out``.

    ``out`` is a file path, or ``-`` for standard output (not for Parquet). GDELT and ACLED
    leave out undated, future-dated and non-asserted events (``include_modality`` keeps the
    last, with a modality column); PLOVER leaves out undated ones; Parquet keeps every event.
    The report says how many rows were written and what was left out, by reason.
    """
    q = (query or EventQuery(sort="date")).model_copy(update={"cursor": None})
    limit = q.limit
    events = store.iter_events(q.model_copy(update={"limit": None}))
    if limit is not None:
        events = islice(events, limit)
    if fmt == "parquet":
        if str(out) == "-":
            raise InputError("Parquet cannot be written to standard output; give --out FILE")
        return ExportReport(
            written=write_parquet(events, out, documents=linkable(store.documents()))
        )
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    docs = linkable(store.documents())
    urls = {doc_id: d.url for doc_id, d in docs.items()}
    added = dt.datetime.now(dt.UTC)
    with _text_out(out) as f:
        if fmt == "plover":
            return write_plover_jsonl(events, f, documents=docs)
        if fmt == "gdelt":
            return write_gdelt_tsv(
                events, f, source_urls=urls, include_modality=include_modality, added=added
            )
        return write_acled_csv(
            events, f, source_urls=urls, include_modality=include_modality, added=added
        )

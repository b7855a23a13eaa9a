"""One way to file a coded document, whoever coded it: ``ingest``, the Dask path or the API.

:func:`file_result` decides coded-or-skipped (no text, a language tidings does not code, a
failure in coding: the document is recorded as skipped with the reason), writes what was coded
(or a duplicate's record), saves the actor profiles the coder learned and, when asked, relinks
the reports of the same events around the document's event dates. Where the results go is a
:class:`ResultSink`: the DuckDB :class:`~tidings.store.Store`, or the Parquet rows of one Dask
task (which regroup once, over everything written, at the end of the run).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from tidings.errors import NOT_CODED
from tidings.records import ActorProfile, DocumentResult, RawDocument

if TYPE_CHECKING:
    from tidings.store.writes import PendingResult

log = logging.getLogger(__name__)

# event dates closer than this are regrouped in one window
REGROUP_GAP_DAYS = 14


class ResultSink(Protocol):
    """Where filed documents go (``tidings.store.Store`` is one)."""

    def write_result(
        self,
        result: DocumentResult,
        *,
        content_hash: str,
        source_path: str | None = None,
        duplicate_of: str | None = None,
    ) -> bool: ...

    def record_skip(self, doc_id: str, source_path: str | None, reason: str) -> None: ...

    def delete_document(self, doc_id: str) -> bool: ...

    def save_actor_profiles(self, profiles: Iterable[ActorProfile]) -> None: ...

    def regroup_events(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> int: ...


class BatchSink(ResultSink, Protocol):
    """A sink that writes many results in one transaction (``tidings.store.Store`` is one)."""

    def write_results(
        self, items: Iterable[PendingResult], *, force: bool = False
    ) -> list[bool]: ...


@dataclass(frozen=True, slots=True)
class Filing:
    """What :func:`file_result` did with one document."""

    stored: bool  # written now (False: skipped, or the same content was stored already)
    skip_reason: str | None = None
    days: frozenset[dt.date] = frozenset()  # its events' dates: where groups may change
    groups: int = 0  # same-event groups of 2+ rebuilt (with ``regroup=True``)


def not_coded_reason(result: DocumentResult) -> str | None:
    """Why a coded document is not kept as coded (None: it is)."""
    stopped = [e for e in result.errors if e.code in NOT_CODED]
    if stopped:
        return "; ".join(f"{result.id}: {e.message}" for e in stopped)
    if not result.text.strip():
        detail = "; ".join(e.message for e in result.errors)
        return f"{result.id}: no text left after cleaning" + (f" ({detail})" if detail else "")
    return None


def duplicate_record(raw: RawDocument) -> DocumentResult:
    """What is stored for a duplicate: its metadata, no text or events (the original has)."""
    return DocumentResult(**raw.meta(), language=None)


def regroup_days(sink: ResultSink, days: Iterable[dt.date]) -> int:
    """Relink the reports of the same events around ``days`` (nearby days in one window, so a
    stray old date does not regroup the years between); the groups of 2+ rebuilt."""
    windows: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if windows and (day - windows[-1][1]).days <= REGROUP_GAP_DAYS:
            windows[-1][1] = day
        else:
            windows.append([day, day])
    return sum(sink.regroup_events(first, last) for first, last in windows)


def event_days(result: DocumentResult) -> frozenset[dt.date]:
    """The dates of a coded document's events (the days a batch regroups around)."""
    return frozenset(ev.date for ev in result.events if ev.date is not None)


def _skipped(
    sink: ResultSink, result: DocumentResult, source_path: str | None, duplicate_of: str | None
) -> str | None:
    """Why ``result`` is not filed as coded, recorded with the sink (None: it is filed; a
    duplicate's record always is)."""
    reason = None if duplicate_of else not_coded_reason(result)
    if reason is not None:
        sink.record_skip(result.id, source_path, reason)
    return reason


def file_result(
    sink: ResultSink,
    result: DocumentResult,
    *,
    content_hash: str,
    source_path: str | None = None,
    duplicate_of: str | None = None,
    replace: bool = False,
    profiles: list[ActorProfile] | None = None,
    regroup: bool = False,
) -> Filing:
    """File one coded document (or, with ``duplicate_of``, a duplicate's record).

    ``replace`` overwrites the same document stored from an earlier run; ``profiles`` are the
    coder's learned actor profiles to save with it; ``regroup`` relinks same-event reports
    around its event dates now (a batch collects :attr:`Filing.days` and regroups once).
    """
    reason = _skipped(sink, result, source_path, duplicate_of)
    if reason is not None:
        return Filing(False, reason)

    def write() -> bool:
        return sink.write_result(
            result, content_hash=content_hash, source_path=source_path, duplicate_of=duplicate_of
        )

    stored = write()
    if not stored and replace:
        sink.delete_document(result.id)
        stored = write()
    if profiles:
        sink.save_actor_profiles(profiles)
    days = event_days(result)
    groups = regroup_days(sink, days) if regroup and stored and days else 0
    return Filing(stored, None, days, groups)


def file_results(
    sink: BatchSink, items: Sequence[PendingResult], *, replace: bool = False
) -> list[Filing]:
    """File coded documents as :func:`file_result` files each one (without ``profiles`` or
    ``regroup``), those to write in ONE transaction: a chunk of results costs the store one
    commit and one insert per table, not one per document (the ingest parent's largest
    share of CPU, beside the workers). ``replace`` rewrites what an earlier run stored."""
    reasons = [_skipped(sink, i.result, i.source_path, i.duplicate_of) for i in items]
    todo = [item for item, reason in zip(items, reasons, strict=True) if reason is None]
    written = iter(sink.write_results(todo, force=replace) if todo else [])
    filings: list[Filing] = []
    for item, reason in zip(items, reasons, strict=True):
        if reason is not None:
            filings.append(Filing(False, reason))
        else:
            filings.append(Filing(next(written), None, event_days(item.result)))
    return filings

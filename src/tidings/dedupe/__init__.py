"""Event deduplication: the same real-world event reported by several documents, as one group.

Document-level duplicates (syndicated copies) are dropped at ingest
(:mod:`tidings.clean.duplicates`); this package links DIFFERENT articles' events that describe
the same event (same type, day, place and actors) into an :class:`EventGroup` with many sources.
The rule is in :mod:`tidings.dedupe.match` and ``docs/dedupe.md``.
"""

from __future__ import annotations

from tidings.dedupe.groups import EventGroup, group_events, make_group, representative
from tidings.dedupe.match import Evidence, compatible, evidence

__all__ = [
    "EventGroup",
    "Evidence",
    "compatible",
    "evidence",
    "group_events",
    "make_group",
    "representative",
]

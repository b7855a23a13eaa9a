"""Batch coding: many documents into the store, on every core, resumable after a kill.

``ingest(paths, store, settings, options)`` reads the paths, skips documents whose content is
already stored (before parsing), records unreadable, empty, over-long, non-English and
duplicate documents with the reason, codes the rest in a pool of worker processes and writes
each result in its own transaction from this process.

:class:`WarmPool` is that pool, for any caller: workers started once (forked from one built
pipeline where the system can fork, so they share its memory), results in input order, a
per-document time limit (``tidings code --workers``, ``ingest`` and the API use it).
"""

from __future__ import annotations

from tidings.batch._coders import (
    ActorRegistry,
    Coder,
    PipelineFactory,
    WorkerState,
    build_pipeline,
    peak_rss,
)
from tidings.batch._filing import (
    Filing,
    ResultSink,
    duplicate_record,
    file_result,
    not_coded_reason,
    regroup_days,
)
from tidings.batch._inputs import InputProblem, count_documents, input_files, read_documents
from tidings.batch._pool import PoolCoder, WarmPool, default_workers, state_to_fork
from tidings.batch._runner import (
    PENDING_REGROUP_SUFFIX,
    IngestOptions,
    IngestSummary,
    Progress,
    ingest,
)

__all__ = [
    "PENDING_REGROUP_SUFFIX",
    "ActorRegistry",
    "Coder",
    "Filing",
    "IngestOptions",
    "IngestSummary",
    "InputProblem",
    "PipelineFactory",
    "PoolCoder",
    "Progress",
    "ResultSink",
    "WarmPool",
    "WorkerState",
    "build_pipeline",
    "count_documents",
    "default_workers",
    "duplicate_record",
    "file_result",
    "ingest",
    "input_files",
    "not_coded_reason",
    "peak_rss",
    "read_documents",
    "regroup_days",
    "state_to_fork",
]

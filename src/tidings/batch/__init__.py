"""Batch coding: many documents into the store, on every core, resumable after a kill.

``ingest(paths, store, settings, options)`` reads the paths, skips documents whose content is
already stored (before parsing), records unreadable, empty, over-long, non-English and
duplicate documents with the reason, codes the rest in a pool of worker processes (each loads
the spaCy model once) and writes each result in its own transaction from this process.
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
from tidings.batch._inputs import InputProblem, count_documents, input_files, read_documents
from tidings.batch._runner import IngestOptions, IngestSummary, Progress, ingest

__all__ = [
    "ActorRegistry",
    "Coder",
    "IngestOptions",
    "IngestSummary",
    "InputProblem",
    "PipelineFactory",
    "Progress",
    "WorkerState",
    "build_pipeline",
    "count_documents",
    "ingest",
    "input_files",
    "peak_rss",
    "read_documents",
]

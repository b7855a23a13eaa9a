"""Scale-out on Dask: the only tidings package that imports dask.

``run_on_dask(paths, out, settings, DaskOptions(scheduler=...))`` runs one task per input file,
or per line-aligned range of about 4 MB of a large JSON Lines file, on a cluster; each worker
builds the pipeline once (a ``WorkerPlugin``), or, on a local cluster, is forked from the client
that built it, and each task's events and documents go to date-partitioned Parquet under ``out``;
duplicates across tasks, exact and near, are marked after the tasks (see docs/scale.md).
"""

from __future__ import annotations

from tidings.scale._dask import (
    DaskOptions,
    DaskSummary,
    FileReport,
    PipelinePlugin,
    code_file,
    code_task,
    run_on_dask,
)
from tidings.scale._parquet import DOCUMENT_SCHEMA, EVENT_SCHEMA, part_key
from tidings.scale._split import DEFAULT_TASK_BYTES, Task, line_ranges

__all__ = [
    "DEFAULT_TASK_BYTES",
    "DOCUMENT_SCHEMA",
    "EVENT_SCHEMA",
    "DaskOptions",
    "DaskSummary",
    "FileReport",
    "PipelinePlugin",
    "Task",
    "code_file",
    "code_task",
    "line_ranges",
    "part_key",
    "run_on_dask",
]

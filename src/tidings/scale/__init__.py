"""Scale-out on Dask: the only tidings package that imports dask.

``run_on_dask(paths, out, settings, DaskOptions(scheduler=...))`` runs one task per input file
on a cluster; each worker builds the pipeline once (a ``WorkerPlugin``) and each input's
events and documents go to date-partitioned Parquet under ``out`` (see docs/scale.md).
"""

from __future__ import annotations

from tidings.scale._dask import (
    DaskOptions,
    DaskSummary,
    FileReport,
    PipelinePlugin,
    code_file,
    run_on_dask,
)
from tidings.scale._parquet import DOCUMENT_SCHEMA, EVENT_SCHEMA, part_key

__all__ = [
    "DOCUMENT_SCHEMA",
    "EVENT_SCHEMA",
    "DaskOptions",
    "DaskSummary",
    "FileReport",
    "PipelinePlugin",
    "code_file",
    "part_key",
    "run_on_dask",
]

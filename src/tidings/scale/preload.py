"""A Dask nanny preload: every worker a machine's ``dask worker`` starts forked from one
pipeline built once in that process, so the workers share its pages.

    dask worker tcp://scheduler:8786 --nworkers 32 --nthreads 1 \\
        --preload-nanny tidings.scale.preload

The pipeline is built with the settings of :func:`tidings.config.load_settings` (defaults,
then ``$TIDINGS_CONFIG``); a client whose settings differ (another ``--model``, say) still
works: its workers build their own pipeline, as without the preload.
"""

from __future__ import annotations

import logging
from typing import Any

from tidings.config import load_settings
from tidings.scale._fork import share_pipeline

log = logging.getLogger(__name__)


def dask_setup(nanny: Any) -> None:
    """Called by each nanny before it starts its worker: the first builds the pipeline."""
    if not share_pipeline(load_settings()):
        log.warning("%s: this system cannot fork; each worker builds its own pipeline", nanny)

"""The HTTP API (FastAPI): coding, events with evidence, actors, quotes and stats under ``/v1``.

``tidings serve`` runs :func:`create_app` with uvicorn; OpenAPI docs are at ``/docs``.
See docs/api.md.
"""

from __future__ import annotations

from tidings.api._deps import open_store
from tidings.api.app import create_app

__all__ = ["create_app", "open_store"]

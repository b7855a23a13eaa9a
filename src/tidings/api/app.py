"""The FastAPI application: the HTTP API under ``/v1`` and the dashboard at ``/``.

Reads need nothing; writes (``POST /v1/code`` with ``"store": true``) need the ``X-API-Key``
header to equal ``settings.serve.api_key``; with no key configured writes are disabled (403)
and the database is opened read-only, so other readers can share it. Request bodies are capped
at ``settings.serve.max_body_bytes`` (413). URLs are never fetched: ``allow_fetch`` is not
implemented and a request's ``url`` is kept as metadata only. The routes live in
:mod:`tidings.api.routes`, one module per OpenAPI tag.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from tidings.api import errors
from tidings.api._deps import AppState, open_store, version
from tidings.api.guard import Guard
from tidings.api.limits import BodyLimit
from tidings.api.routes import ROUTERS
from tidings.batch import PipelineFactory, build_pipeline
from tidings.config import Settings, load_settings
from tidings.store import Store

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    pipeline_factory: PipelineFactory | None = None,
) -> FastAPI:
    """The API and dashboard over ``store`` (default: opened from ``settings``)."""
    settings = settings or load_settings()
    if settings.serve.allow_fetch:
        log.warning("serve.allow_fetch is not implemented: the server never fetches URLs")
    factory = pipeline_factory or build_pipeline
    owns_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(settings)
        state = AppState(settings, opened, factory)
        app.state.tidings = state
        try:
            yield
        finally:
            state.close()
            if owns_store:
                opened.close()

    app = FastAPI(
        title="tidings",
        summary="Structured, sourced political event data (PLOVER) from news, offline.",
        version=version(),
        lifespan=lifespan,
    )
    if store is not None:  # usable before (or without) the lifespan, e.g. in tests
        app.state.tidings = AppState(settings, store, factory)
    app.add_middleware(BodyLimit, max_bytes=settings.serve.max_body_bytes)
    app.add_middleware(Guard, allowed_hosts=settings.serve.allowed_hosts)  # outermost
    errors.install(app)

    for router in ROUTERS:
        app.include_router(router)
    app.mount("/", StaticFiles(directory=_static_dir(), html=True), name="dashboard")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            app.openapi_schema = errors.strip_default_422(spec)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _static_dir() -> Path:
    return Path(str(resources.files("tidings.web").joinpath("static")))

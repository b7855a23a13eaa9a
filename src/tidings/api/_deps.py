"""What the route modules share: the app's state, the store it serves, the event filters
and the write check."""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Query, Request

from tidings.api import models
from tidings.config import Settings
from tidings.store import EventQuery, Store
from tidings.store.query import MAX_LIMIT

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

PipelineFactory = Callable[[Settings], "Pipeline"]


def default_pipeline(settings: Settings) -> Pipeline:
    from tidings.pipeline import Pipeline  # lazily: spaCy loads only when something is coded

    return Pipeline(settings)


class AppState:
    """What one app holds: settings, the store, and the pipeline once it is first needed."""

    def __init__(self, settings: Settings, store: Store, factory: PipelineFactory) -> None:
        self.settings = settings
        self.store = store
        self._factory = factory
        self._pipeline: Pipeline | None = None
        # one document at a time: the pipeline's actor registry learns as it reads
        self.pipeline_lock = threading.Lock()

    @property
    def writes_enabled(self) -> bool:
        return bool(self.settings.serve.api_key) and not self.store.read_only

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self._factory(self.settings)
            profiles = self.store.load_actor_profiles()
            if profiles:
                self._pipeline.actors.add_profiles(profiles)
        return self._pipeline


def open_store(settings: Settings) -> Store:
    """The store as the server needs it: read-only unless writes are enabled by an API key."""
    path = settings.store.path
    if settings.serve.api_key:
        return Store(path)
    if path != ":memory:" and not Path(path).exists():
        Store(path).close()  # create an empty database so the dashboard has something to read
    return Store(path, read_only=True)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for chunk in values or [] for v in chunk.split(",") if v.strip()]


def event_query(
    type: Annotated[
        list[str] | None, Query(description="PLOVER types, comma-separated or repeated")
    ] = None,
    mode: Annotated[list[str] | None, Query(description="PLOVER modes")] = None,
    quad: Annotated[list[str] | None, Query(description="quad classes 1-4")] = None,
    actor: Annotated[str | None, Query(description="actor or recipient: code or name")] = None,
    recipient: Annotated[str | None, Query(description="recipient: code or name")] = None,
    sector: Annotated[str | None, Query(description="actor or recipient sector")] = None,
    country: Annotated[str | None, Query(description="ISO alpha-2/3 of the place")] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    radius_km: Annotated[float | None, Query(gt=0)] = None,
    since: Annotated[Date | None, Query(description="on or after (YYYY-MM-DD)")] = None,
    until: Annotated[Date | None, Query(description="on or before (YYYY-MM-DD)")] = None,
    q: Annotated[str | None, Query(description="words in the event sentence")] = None,
    modality: Annotated[list[str] | None, Query(description="asserted, negated, ...")] = None,
    doc_id: Annotated[str | None, Query()] = None,
    distinct: Annotated[
        bool, Query(description="one event per group of reports of the same event")
    ] = False,
    sort: Annotated[str, Query(pattern="^-?(date|confidence)$")] = "-date",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> EventQuery:
    """The event filters shared by /v1/events, /v1/stats and /v1/network."""
    try:
        quads = [int(x) for x in _split(quad)]
    except ValueError as e:
        raise HTTPException(status_code=422, detail=f"quad classes are 1-4, not {quad}") from e
    try:
        return EventQuery.model_validate(
            {
                "types": _split(type), "modes": _split(mode), "quad": quads, "actor": actor,
                "recipient": recipient, "sector": sector, "country_code": country, "lat": lat,
                "lon": lon, "radius_km": radius_km, "date_from": since, "date_to": until,
                "text": q, "modality": _split(modality), "doc_id": doc_id, "sort": sort,
                "limit": limit, "cursor": cursor, "distinct": distinct,
            }
        )  # fmt: skip
    except ValueError as e:
        raise HTTPException(status_code=422, detail=f"bad filter: {e}") from e


Filters = Annotated[EventQuery, Depends(event_query)]


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.tidings
    return state


State = Annotated[AppState, Depends(_state)]


def check_write(state: AppState, api_key: str | None) -> None:
    configured = state.settings.serve.api_key
    if not configured:
        raise HTTPException(
            status_code=403,
            detail="writes are disabled on this server: set serve.api_key in the settings "
            "(--config) to enable them",
        )
    if not api_key or not secrets.compare_digest(api_key.encode(), configured.encode()):
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key header")


def doc_id(body: models.CodeRequest) -> str:
    if body.id:
        return body.id
    content = (body.text or body.html or "").encode("utf-8")
    return "api-" + hashlib.sha1(content).hexdigest()[:16]


def version() -> str:
    from tidings import __version__

    return __version__

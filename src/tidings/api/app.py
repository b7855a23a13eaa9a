"""The FastAPI application: the HTTP API under ``/v1`` and the dashboard at ``/``.

Reads need nothing; writes (``POST /v1/code`` with ``"store": true``) need the ``X-API-Key``
header to equal ``settings.serve.api_key``; with no key configured writes are disabled (403)
and the database is opened read-only, so other readers can share it. Request bodies are capped
at ``settings.serve.max_body_bytes`` (413). URLs are never fetched: ``allow_fetch`` is not
implemented and a request's ``url`` is kept as metadata only.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date as Date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from tidings.api import models
from tidings.api.evidence import highlights
from tidings.api.limits import BodyLimit
from tidings.config import Settings, load_settings
from tidings.errors import InputError, ModelError, StoreError, TidingsError
from tidings.records import RawDocument
from tidings.store import SCHEMA_VERSION, EventQuery, Store
from tidings.store.query import MAX_LIMIT

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

PipelineFactory = Callable[[Settings], "Pipeline"]


def _default_pipeline(settings: Settings) -> Pipeline:
    from tidings.pipeline import Pipeline  # lazily: spaCy loads only when something is coded

    return Pipeline(settings)


class _State:
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


def _state(request: Request) -> _State:
    state: _State = request.app.state.tidings
    return state


State = Annotated[_State, Depends(_state)]


def _check_write(state: _State, api_key: str | None) -> None:
    configured = state.settings.serve.api_key
    if not configured:
        raise HTTPException(
            status_code=403,
            detail="writes are disabled on this server: set serve.api_key in the settings "
            "(--config) to enable them",
        )
    if not api_key or not secrets.compare_digest(api_key.encode(), configured.encode()):
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key header")


def _doc_id(body: models.CodeRequest) -> str:
    if body.id:
        return body.id
    content = (body.text or body.html or "").encode("utf-8")
    return "api-" + hashlib.sha1(content).hexdigest()[:16]


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
    factory = pipeline_factory or _default_pipeline
    owns_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(settings)
        app.state.tidings = _State(settings, opened, factory)
        try:
            yield
        finally:
            if owns_store:
                opened.close()

    app = FastAPI(
        title="tidings",
        summary="Structured, sourced political event data (PLOVER) from news, offline.",
        version=_version(),
        lifespan=lifespan,
    )
    if store is not None:  # usable before (or without) the lifespan, e.g. in tests
        app.state.tidings = _State(settings, store, factory)
    app.add_middleware(BodyLimit, max_bytes=settings.serve.max_body_bytes)

    @app.exception_handler(TidingsError)
    async def _tidings_error(request: Request, exc: TidingsError) -> JSONResponse:
        # the client's mistake (a bad filter or cursor) is 400; the server's is 500/503
        status = 400 if isinstance(exc, InputError) else 500
        if isinstance(exc, StoreError | ModelError):
            status = 503
            log.error("%s: %s", request.url.path, exc)
        return JSONResponse(status_code=status, content={"detail": exc.message, "code": exc.code})

    _routes(app)
    app.mount("/", StaticFiles(directory=_static_dir(), html=True), name="dashboard")
    return app


def _version() -> str:
    from tidings import __version__

    return __version__


def _static_dir() -> Path:
    return Path(str(resources.files("tidings.web").joinpath("static")))


def _routes(app: FastAPI) -> None:
    @app.get("/v1/health", response_model=models.Health, tags=["meta"])
    def health(state: State) -> models.Health:
        return models.Health(
            version=_version(), schema_version=SCHEMA_VERSION,
            writes_enabled=state.writes_enabled, read_only=state.store.read_only,
        )  # fmt: skip

    @app.post("/v1/code", response_model=models.CodeResponse, tags=["code"])
    def code(
        body: models.CodeRequest,
        state: State,
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> models.CodeResponse:
        """Code one article; with ``"store": true`` also store it (needs ``X-API-Key``)."""
        if body.store:
            _check_write(state, x_api_key)
        raw = RawDocument(
            id=_doc_id(body), text=body.text, html=body.html, date=body.date, url=body.url,
            title=body.title, publisher=body.publisher,
        )  # fmt: skip
        with state.pipeline_lock:
            pipeline = state.pipeline()
            result = pipeline.run(raw)
            profiles = pipeline.actors.profiles() if body.store else []
        stored = False
        if body.store:
            from tidings.batch import file_result
            from tidings.ingest import content_hash

            digest = content_hash(raw)
            filing = file_result(
                state.store, result, content_hash=digest, profiles=profiles, regroup=True
            )
            stored = filing.stored
        return models.CodeResponse(**result.model_dump(), stored=stored)

    @app.get("/v1/events", response_model=models.EventsPage, tags=["events"])
    def events(state: State, query: Filters) -> models.EventsPage:
        """Events matching the filters, newest first by default, a page at a time."""
        page = state.store.query_page(query)
        total = state.store.count_events(query)
        return models.EventsPage(events=page.events, next_cursor=page.next_cursor, total=total)

    @app.get("/v1/events/{event_id}", response_model=models.Evidence, tags=["events"])
    def event(event_id: str, state: State) -> models.Evidence:
        """One event with its evidence: sentence, highlights, document and quotes, and the
        other documents' reports of the same event (``same_event``)."""
        ev = state.store.get_event(event_id)
        if ev is None:
            raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
        group = state.store.get_event_group(event_id)
        same = state.store.get_events(i for i in group.event_ids if i != event_id) if group else []
        doc = state.store.get_document(ev.source.doc_id)
        quotes = [
            models.EvidenceQuote(
                **q.model_dump(), linked=q.id == ev.quote_id or ev.id in q.event_ids
            )
            for q in (doc.quotes if doc else [])
        ]
        meta = (
            models.DocumentMeta(
                id=doc.id, date=doc.date, title=doc.title, url=doc.url, publisher=doc.publisher
            )
            if doc
            else None
        )
        return models.Evidence(
            event=ev,
            document=meta,
            sentence=" ".join(ev.event_text),
            sentence_start=ev.text_info.start,
            sentence_end=ev.text_info.end,
            highlights=highlights(ev, doc),
            quotes=quotes,
            same_event=same,
            group=group,
        )

    @app.get("/v1/actors", response_model=models.ActorsResponse, tags=["actors"])
    def actors(
        state: State, limit: Annotated[int, Query(ge=1, le=1000)] = 50
    ) -> models.ActorsResponse:
        """Stored actor profiles with their event counts, and the most frequent actors."""
        counts = state.store.profile_event_counts()
        profiles = [
            models.ProfileCount(**p.model_dump(), events=counts.get(p.name, 0))
            for p in state.store.load_actor_profiles()
        ]
        profiles.sort(key=lambda p: (-p.events, p.name))
        return models.ActorsResponse(profiles=profiles, top=state.store.top_actors(limit))

    @app.get("/v1/quotes", response_model=models.QuotesPage, tags=["quotes"])
    def quotes(
        state: State,
        doc_id: str | None = None,
        speaker: Annotated[str | None, Query(description="speaker code or name")] = None,
        q: Annotated[str | None, Query(description="words in the quote")] = None,
        event_id: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    ) -> models.QuotesPage:
        """Quotes: who said what, filtered by document, speaker, words or event."""
        found = state.store.query_quotes(
            doc_id=doc_id, speaker=speaker, text=q, event_id=event_id, limit=limit
        )
        return models.QuotesPage(
            quotes=[models.QuoteHit(**quote.model_dump(), doc_id=d) for d, quote in found]
        )

    @app.get("/v1/stats", response_model=models.StatsResponse, tags=["events"])
    def stats(state: State, query: Filters) -> models.StatsResponse:
        """Event counts by day, type, country and quad class (and day × quad, day × type)."""
        s = state.store

        def counts(by: Any) -> list[models.Count]:
            return [models.Count(key=r.key, count=r.count) for r in s.stats(by, query=query)]

        def grouped(group: Any) -> list[models.GroupCount]:
            rows = s.stats("day", group=group, query=query)
            return [models.GroupCount(key=r.key, group=r.group, count=r.count) for r in rows]

        return models.StatsResponse(
            total=s.count_events(query),
            by_day=counts("day"),
            by_type=counts("type"),
            by_country=counts("country"),
            by_quad=counts("quad"),
            by_day_quad=grouped("quad"),
            by_day_type=grouped("type"),
            type_quads={
                str(r.key): int(r.group or 0) for r in s.stats("type", group="quad", query=query)
            },
            tables=s.counts(),
        )

    @app.get("/v1/places", response_model=models.PlacesResponse, tags=["events"])
    def places(
        state: State, query: Filters, places: Annotated[int, Query(ge=1, le=10000)] = 1000
    ) -> models.PlacesResponse:
        """Where events happened: located places with event counts by quad class."""
        return models.PlacesResponse(places=state.store.places(query, limit=places))

    @app.get("/v1/network", response_model=models.NetworkResponse, tags=["actors"])
    def network(
        state: State, query: Filters, edges: Annotated[int, Query(ge=1, le=2000)] = 200
    ) -> models.NetworkResponse:
        """Who acts on whom: (actor → recipient) edges weighted by event count."""
        return models.NetworkResponse(edges=state.store.network(query, limit=edges))

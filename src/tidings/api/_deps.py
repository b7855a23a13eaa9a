"""What the route modules share: the app's state, the store it serves, the event filters
and the write check."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import json
import logging
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from tidings.api import models
from tidings.batch import PipelineFactory, WarmPool, default_workers
from tidings.config import Settings
from tidings.errors import DOC_TIMEOUT
from tidings.records import ActorProfile, DocumentResult, RawDocument
from tidings.store import EventQuery, Store
from tidings.store.filters import validate_filters
from tidings.store.query import MAX_LIMIT

log = logging.getLogger(__name__)


class AppState:
    """What one app holds: settings, the store, and the coding pools once they are needed.

    ``POST /v1/code`` codes on warm worker processes (:class:`tidings.batch.WarmPool`: forked
    from one built pipeline), never in the server process, so the event loop and the read
    endpoints never wait on it and one large document holds one worker, not the rest:

    - anonymous requests code on ``serve.code_workers`` processes (0: one per core) whose
      pipelines do not learn actor profiles, so they change no state the server holds;
    - keyed storing requests code in order on one more process, the only one that learns; the
      profiles it learns are returned to be stored with the result.

    At most ``serve.code_workers + serve.code_queue_limit`` requests are coded or waiting (more
    get 503 with ``Retry-After``). Each gets ``serve.code_timeout_s`` seconds in all (then 504):
    one that timed out while waiting is never coded, and a worker still coding one past that
    limit is killed and replaced by a fresh fork (the pool's per-document time limit)."""

    def __init__(self, settings: Settings, store: Store, factory: PipelineFactory) -> None:
        self.settings = settings
        self.store = store
        self._factory = factory
        self.code_workers = settings.serve.code_workers or default_workers()
        self._pools: dict[bool, WarmPool] = {}  # learns -> its pool, built on first use
        self._pools_lock = threading.Lock()
        # one thread per worker: a request waits here (cancellable) until a worker is free
        self._threads = {
            False: ThreadPoolExecutor(self.code_workers, thread_name_prefix="tidings-code"),
            True: ThreadPoolExecutor(1, thread_name_prefix="tidings-learn"),
        }
        self._pending = 0  # admitted and not answered

    @property
    def writes_enabled(self) -> bool:
        return bool(self.settings.serve.api_key) and not self.store.read_only

    def _pool(self, learn: bool) -> WarmPool:
        with self._pools_lock:
            pool = self._pools.get(learn)
            if pool is None:
                settings = self.settings
                if not learn:
                    settings = settings.model_copy(deep=True)
                    settings.actors.learn = False
                pool = WarmPool(
                    settings,
                    1 if learn else self.code_workers,
                    factory=self._factory,
                    profiles=self.store.load_actor_profiles(),
                    timeout=self.settings.serve.code_timeout_s,
                    chunk_size=1,
                )
                self._pools[learn] = pool
        return pool.start()

    async def code(
        self, raw: RawDocument, *, learn: bool
    ) -> tuple[DocumentResult, list[ActorProfile]]:
        """Code ``raw`` on a worker; learn actor profiles (and return them) only if ``learn``
        (a keyed, storing request): an anonymous request changes no state."""
        serve = self.settings.serve
        capacity = self.code_workers + serve.code_queue_limit
        if self._pending >= capacity:
            raise HTTPException(
                status_code=503,
                detail=f"the server is coding or holding {self._pending} documents "
                f"(serve.code_workers {self.code_workers} + serve.code_queue_limit "
                f"{serve.code_queue_limit}); try again shortly",
                headers={"Retry-After": "5"},
            )
        abandoned = threading.Event()
        self._pending += 1
        try:
            future = asyncio.get_running_loop().run_in_executor(
                self._threads[learn], self._code_now, raw, learn, abandoned
            )
            future.add_done_callback(_retrieved)
            return await asyncio.wait_for(asyncio.shield(future), serve.code_timeout_s)
        except TimeoutError as e:
            abandoned.set()
            raise HTTPException(
                status_code=504,
                detail=f"coding took longer than {serve.code_timeout_s:g} s (serve.code_timeout_s)",
            ) from e
        finally:
            self._pending -= 1

    def _code_now(
        self, raw: RawDocument, learn: bool, abandoned: threading.Event
    ) -> tuple[DocumentResult, list[ActorProfile]]:
        if abandoned.is_set():
            raise TimeoutError(f"{raw.id}: abandoned before coding")
        pool = self._pool(learn)
        result = pool.code(raw)
        if any(error.code == DOC_TIMEOUT for error in result.errors):
            raise TimeoutError(f"{raw.id}: {result.errors[0].message}")
        if not learn:
            return result, []
        # this thread is the learning pool's only caller, so its one worker is idle now
        return result, [p for reply in pool.flush() for p in reply.profiles]

    def close(self) -> None:
        for threads in self._threads.values():
            threads.shutdown(wait=False, cancel_futures=True)
        with self._pools_lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()


def _retrieved(future: asyncio.Future[Any]) -> None:
    """Mark an abandoned request's outcome as seen (it was answered with 504 already)."""
    if not future.cancelled():
        future.exception()


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
        raise HTTPException(status_code=400, detail=f"quad classes are 1-4, not {quad}") from e
    if cursor is not None:
        check_cursor(cursor, sort)
    try:
        parsed = EventQuery.model_validate(
            {
                "types": _split(type), "modes": _split(mode), "quad": quads, "actor": actor,
                "recipient": recipient, "sector": sector, "country_code": country, "lat": lat,
                "lon": lon, "radius_km": radius_km, "date_from": since, "date_to": until,
                "text": q, "modality": _split(modality), "doc_id": doc_id, "sort": sort,
                "limit": limit, "cursor": cursor, "distinct": distinct,
            }
        )  # fmt: skip
    except ValueError as e:
        raise HTTPException(status_code=400, detail=f"bad filter: {e}") from e
    # an unknown type, mode, sector or country would match nothing and look like "no events":
    # the same InputError (400, valid values listed) as the CLI gives
    return validate_filters(parsed)


def check_cursor(cursor: str, sort: str) -> None:
    """400 unless ``cursor`` is a next_cursor this API gave for ``sort``: base64 of JSON
    ``[sort, value, id]`` with a string date (or a number confidence) and a string id."""
    problem = f"malformed cursor {cursor[:64]!r}: pass next_cursor from the previous page"
    if len(cursor) > 4096:
        raise HTTPException(status_code=400, detail=problem)
    try:
        raw = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii"))
        data = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeError, RecursionError) as e:
        raise HTTPException(status_code=400, detail=problem) from e
    by_date = sort.lstrip("-") == "date"
    ok = (
        isinstance(data, list)
        and len(data) == 3
        and data[0] == sort
        and isinstance(data[2], str)
        and (
            isinstance(data[1], str)
            if by_date
            else isinstance(data[1], int | float) and not isinstance(data[1], bool)
        )
    )
    if not ok:
        raise HTTPException(status_code=400, detail=problem)


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

"""``POST /v1/code``: code one article, and store it when the request carries the key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from starlette.concurrency import run_in_threadpool

from tidings.api import models
from tidings.api._deps import AppState, State, check_write, doc_id
from tidings.api.errors import CODE_ERROR_RESPONSES, ERROR_RESPONSES
from tidings.records import ActorProfile, DocumentResult, RawDocument

router = APIRouter(tags=["code"], responses=ERROR_RESPONSES)


@router.post("/v1/code", response_model=models.CodeResponse, responses=CODE_ERROR_RESPONSES)
async def code(
    body: models.CodeRequest,
    state: State,
    x_api_key: Annotated[str | None, Header()] = None,
) -> models.CodeResponse:
    """Code one article; with ``"store": true`` also store it (needs ``X-API-Key``).

    A request without the key changes nothing the server holds: not the database, not the
    actor profiles it has learned. Coding waits its turn (503 when too many are waiting) and
    is bounded in time (504)."""
    if body.store:
        check_write(state, x_api_key)
    raw = RawDocument(
        id=doc_id(body), text=body.text, html=body.html, date=body.date, url=body.url,
        title=body.title, publisher=body.publisher,
    )  # fmt: skip
    result, profiles = await state.code(raw, learn=body.store)
    stored = False
    if body.store:
        stored = await run_in_threadpool(_store, state, raw, result, profiles)
    return models.CodeResponse(**result.model_dump(), stored=stored)


def _store(
    state: AppState, raw: RawDocument, result: DocumentResult, profiles: list[ActorProfile]
) -> bool:
    from tidings.batch import file_result
    from tidings.ingest import content_hash

    filing = file_result(
        state.store, result, content_hash=content_hash(raw), profiles=profiles, regroup=True
    )
    return filing.stored

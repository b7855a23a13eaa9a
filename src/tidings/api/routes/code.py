"""``POST /v1/code``: code one article, and store it when the request carries the key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from tidings.api import models
from tidings.api._deps import State, check_write, doc_id
from tidings.records import RawDocument

router = APIRouter(tags=["code"])


@router.post("/v1/code", response_model=models.CodeResponse)
def code(
    body: models.CodeRequest,
    state: State,
    x_api_key: Annotated[str | None, Header()] = None,
) -> models.CodeResponse:
    """Code one article; with ``"store": true`` also store it (needs ``X-API-Key``)."""
    if body.store:
        check_write(state, x_api_key)
    raw = RawDocument(
        id=doc_id(body), text=body.text, html=body.html, date=body.date, url=body.url,
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

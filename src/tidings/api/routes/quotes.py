"""``GET /v1/quotes``: who said what, filtered by document, speaker, words or event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tidings.api import models
from tidings.api._deps import State
from tidings.api.errors import ERROR_RESPONSES
from tidings.store.query import MAX_LIMIT

router = APIRouter(tags=["quotes"], responses=ERROR_RESPONSES)


@router.get("/v1/quotes", response_model=models.QuotesPage)
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

"""``GET /v1/events`` (a filtered page) and ``GET /v1/events/{id}`` (one event's evidence)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from tidings.api import models
from tidings.api._deps import Filters, State
from tidings.api.errors import ERROR_RESPONSES
from tidings.api.evidence import highlights

router = APIRouter(tags=["events"], responses=ERROR_RESPONSES)


@router.get("/v1/events", response_model=models.EventsPage)
def events(state: State, query: Filters) -> models.EventsPage:
    """Events matching the filters, newest first by default, a page at a time."""
    page = state.store.query_page(query)
    total = state.store.count_events(query)
    return models.EventsPage(events=page.events, next_cursor=page.next_cursor, total=total)


@router.get("/v1/events/{event_id}", response_model=models.Evidence)
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
        models.EvidenceQuote(**q.model_dump(), linked=q.id == ev.quote_id or ev.id in q.event_ids)
        for q in (doc.quotes if doc else [])
    ]
    meta = models.DocumentMeta(**doc.meta()) if doc else None
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

"""The dashboard's aggregates over the filtered events: ``/v1/stats``, ``/v1/places`` and
``/v1/network``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from tidings.api import models
from tidings.api._deps import Filters, State
from tidings.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["dashboard"], responses=ERROR_RESPONSES)


@router.get("/v1/stats", response_model=models.StatsResponse)
def stats(state: State, query: Filters) -> models.StatsResponse:
    """Event counts by day, type, country and quad class (and day × quad, day × type), and by
    modality under the other filters (what the modality filter leaves out)."""
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
        by_modality=[
            models.Count(key=r.key, count=r.count)
            for r in s.stats("modality", query=query.model_copy(update={"modality": []}))
        ],
        tables=s.counts(),
    )


@router.get("/v1/places", response_model=models.PlacesResponse)
def places(
    state: State, query: Filters, places: Annotated[int, Query(ge=1, le=10000)] = 1000
) -> models.PlacesResponse:
    """Where events happened: located places with event counts by quad class, their region
    and resolution (1 country … 5 finer than a town)."""
    return models.PlacesResponse(places=state.store.places(query, limit=places))


@router.get("/v1/network", response_model=models.NetworkResponse)
def network(
    state: State, query: Filters, edges: Annotated[int, Query(ge=1, le=2000)] = 200
) -> models.NetworkResponse:
    """Who acts on whom: edges between resolved actors (one node per code and sector, or per
    named organisation or person, whatever words the articles used), weighted by event count."""
    return models.NetworkResponse(edges=state.store.network(query, limit=edges))

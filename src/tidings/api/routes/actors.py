"""``GET /v1/actors``: stored actor profiles with event counts, and the most frequent actors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tidings.api import models
from tidings.api._deps import State
from tidings.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["actors"], responses=ERROR_RESPONSES)


@router.get("/v1/actors", response_model=models.ActorsResponse)
def actors(state: State, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> models.ActorsResponse:
    """Stored actor profiles with their event counts, and the most frequent actors."""
    counts = state.store.profile_event_counts()
    profiles = [
        models.ProfileCount(**p.model_dump(), events=counts.get(p.name, 0))
        for p in state.store.load_actor_profiles()
    ]
    profiles.sort(key=lambda p: (-p.events, p.name))
    return models.ActorsResponse(profiles=profiles, top=state.store.top_actors(limit))

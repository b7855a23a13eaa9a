"""``GET /v1/health``: the server's version, schema and whether it takes writes."""

from __future__ import annotations

from fastapi import APIRouter

from tidings.api import models
from tidings.api._deps import State, version
from tidings.api.errors import ERROR_RESPONSES
from tidings.store import SCHEMA_VERSION

router = APIRouter(tags=["meta"], responses=ERROR_RESPONSES)


@router.get("/v1/health", response_model=models.Health)
def health(state: State) -> models.Health:
    return models.Health(
        version=version(), schema_version=SCHEMA_VERSION,
        writes_enabled=state.writes_enabled, read_only=state.store.read_only,
    )  # fmt: skip

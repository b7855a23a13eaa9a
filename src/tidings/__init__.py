"""tidings: raw news in, structured and sourced PLOVER event data out — offline.

>>> import tidings
>>> result = tidings.code("Police arrested 12 protesters in Almaty on Monday.")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.records import (
    ActorProfile,
    CleanDocument,
    DocumentResult,
    Entity,
    EntityMention,
    Event,
    EventLocation,
    Place,
    Quote,
    RawDocument,
    Size,
)

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline, code

__all__ = [
    "ActorProfile",
    "CleanDocument",
    "DocumentResult",
    "Entity",
    "EntityMention",
    "Event",
    "EventLocation",
    "Pipeline",
    "Place",
    "Quote",
    "RawDocument",
    "Size",
    "code",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The pipeline pulls in spaCy; import it only when asked for.
    if name in ("Pipeline", "code"):
        from tidings import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")

"""Actors: who a phrase names, as a PLOVER entity (country code, sector, office).

:class:`ActorResolver` is built once per process (``from_settings``); per document it gives a
:class:`DocumentActors` whose ``resolve``/``resolve_all`` turn mention spans into entities and
whose ``entities`` lists the document's named entities. Knowledge lives in
``tidings/data/actors``; conventions are documented in ``docs/actors.md``.
"""

from __future__ import annotations

from tidings.resolve.actors._document import DocumentActors
from tidings.resolve.actors._generic import actor_name
from tidings.resolve.actors._registry import ActorRegistry, load_overrides
from tidings.resolve.actors._resolver import ActorResolver

__all__ = ["ActorRegistry", "ActorResolver", "DocumentActors", "actor_name", "load_overrides"]

"""The process-wide actor resolver: knowledge, the user's pinned actors and learned profiles."""

from __future__ import annotations

import logging
import threading
from datetime import date

from spacy.tokens import Doc

from tidings.config import Settings
from tidings.records import ActorProfile
from tidings.resolve.actors._document import DocumentActors
from tidings.resolve.actors._registry import ActorRegistry, load_overrides

log = logging.getLogger(__name__)


class ActorResolver:
    """Builds :class:`DocumentActors` per document and remembers what documents established.

    Knowledge files load on the first document (once per process); pinned profiles from
    ``settings.actors.overrides`` load here; learning follows ``settings.actors.learn``.
    """

    def __init__(self, *, learn: bool = True, pinned: list[ActorProfile] | None = None) -> None:
        self.learning = learn
        self._registry = ActorRegistry()
        self._lock = threading.Lock()
        for profile in pinned or []:
            self._registry.add(profile.model_copy(update={"pinned": True}))

    @classmethod
    def from_settings(cls, settings: Settings) -> ActorResolver:
        path = settings.actors.overrides.strip()
        pinned = load_overrides(path) if path else []
        return cls(learn=settings.actors.learn, pinned=pinned)

    def for_document(self, doc: Doc, doc_id: str, published: date | None = None) -> DocumentActors:
        """The actors of one parsed document, resolved against what is known so far (people
        of the knowledge base by their role on ``published``)."""
        return DocumentActors(doc, doc_id, lookup=self._registry.lookup, published=published)

    def learn(self, doc_actors: DocumentActors) -> None:
        """Remember the people this document described (no-op when learning is off)."""
        if not self.learning:
            return
        learned = doc_actors.learned_profiles()
        with self._lock:
            for profile in learned:
                self._registry.add(profile)
        if learned:
            log.debug("learned %d actor profiles from %s", len(learned), doc_actors.doc_id)

    def profiles(self) -> list[ActorProfile]:
        """Every profile held: pinned and learned."""
        with self._lock:
            return self._registry.profiles()

    def add_profiles(self, profiles: list[ActorProfile]) -> None:
        """Add profiles (e.g. loaded from the store); pinned ones keep precedence."""
        with self._lock:
            for profile in profiles:
                self._registry.add(profile)

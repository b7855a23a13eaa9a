"""The public, read-only face of a document's actors that the entity corrections work on.

:class:`~tidings.resolve.actors._document.DocumentActors` provides it; the entity spans
(``_entities``) only read it, so they never import the class that calls them.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from tidings.records import EntityMention
from tidings.resolve.actors._match import DocIndex
from tidings.resolve.actors._people import People


class ActorsView(Protocol):
    """What the entity corrections read of a document's actors."""

    @property
    def doc(self) -> Doc:
        """The parsed document."""
        ...

    @property
    def index(self) -> DocIndex:
        """The knowledge-file phrases found in the document."""
        ...

    @property
    def country(self) -> str:
        """The document's dominant country (ISO3 or "---")."""
        ...

    @property
    def people(self) -> People:
        """The people the document names."""
        ...

    def entity_mention(self, start: int, end: int, label: str) -> EntityMention:
        """Tokens ``start:end`` as an entity mention labelled ``label``, resolved."""
        ...

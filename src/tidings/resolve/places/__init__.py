"""Resolve toponyms to gazetteer places and tie events to their place.

* :func:`resolve_places` – every toponym mention to a :class:`~tidings.records.Place`,
  disambiguated by the document (``resolver``);
* :func:`locate_event` – an event's :class:`~tidings.records.EventLocation` from its
  sentence, paragraph or story (``locate``);
* :func:`publisher_home` – where a document's publisher is, weak evidence for its places
  (``home``).

The gazetteer and the place lexicon they consult live in :mod:`tidings.knowledge`.
"""

from tidings.resolve.places.home import Home, publisher_home
from tidings.resolve.places.locate import event_place, locate_event, location, resolution
from tidings.resolve.places.resolver import resolve_places

__all__ = [
    "Home",
    "event_place",
    "locate_event",
    "location",
    "publisher_home",
    "resolution",
    "resolve_places",
]

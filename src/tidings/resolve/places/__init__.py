"""Resolve toponyms to gazetteer places and tie events to their place.

* :func:`resolve_places` – every toponym mention to a :class:`~tidings.records.Place`,
  disambiguated by the document (``resolver``);
* :func:`locate_event` – an event's :class:`~tidings.records.EventLocation` from its
  sentence, paragraph or story (``locate``);

The gazetteer and the place lexicon they consult live in :mod:`tidings.knowledge`.
"""

from tidings.resolve.places.locate import event_place, locate_event, location, resolution
from tidings.resolve.places.resolver import resolve_places

__all__ = [
    "event_place",
    "locate_event",
    "location",
    "resolution",
    "resolve_places",
]

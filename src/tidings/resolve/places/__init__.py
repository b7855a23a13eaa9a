"""Resolve toponyms to gazetteer places and tie events to their place.

* :func:`resolve_places` – every toponym mention to a :class:`~tidings.records.Place`,
  disambiguated by the document (``resolver``);
* :func:`locate_event` – an event's :class:`~tidings.records.EventLocation` from its
  sentence, paragraph or story (``locate``);
* :func:`get_gazetteer` – the offline name index, built once and cached (``gazetteer``).
"""

from tidings.resolve.places.gazetteer import GazEntry, Gazetteer, distance_km, get_gazetteer
from tidings.resolve.places.locate import locate_event, resolution
from tidings.resolve.places.resolver import resolve_places

__all__ = [
    "GazEntry",
    "Gazetteer",
    "distance_km",
    "get_gazetteer",
    "locate_event",
    "resolution",
    "resolve_places",
]

"""The offline gazetteer: countries, admin-1 regions, US counties and cities in one name index.

* :func:`get_gazetteer` – the process-wide index, built once and cached signed (``cache``);
* :class:`Gazetteer` / :class:`GazEntry` – the index and its places (``index``);
* :func:`region_country` / :func:`city_country` – a name's country (``lookup``);
* ``build`` – one builder per source package or shipped table.

Importing this package loads nothing: the index is read on the first :func:`get_gazetteer`.
"""

from tidings.knowledge.gazetteer.cache import get_gazetteer
from tidings.knowledge.gazetteer.index import GazEntry, Gazetteer
from tidings.knowledge.gazetteer.lookup import city_country, region_country

__all__ = ["GazEntry", "Gazetteer", "city_country", "get_gazetteer", "region_country"]

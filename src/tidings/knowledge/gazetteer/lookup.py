"""Which country a region or city name belongs to, read from the gazetteer index."""

from __future__ import annotations

from tidings.knowledge.gazetteer.cache import get_gazetteer
from tidings.knowledge.keys import fold

__all__ = ["city_country", "region_country"]


def region_country(name: str) -> str | None:
    """The ISO3 country of a first-level region (province, state), if unambiguous."""
    key = fold(name)
    for suffix in (" provinces", " province", " state"):
        key = key.removesuffix(suffix)
    return get_gazetteer().region_countries.get(key)


def city_country(name: str) -> str | None:
    """The ISO3 country of a region or city (GeoNames, population > 15,000), if unambiguous."""
    key = fold(name)
    for suffix in (" provinces", " province", " city", " district"):
        key = key.removesuffix(suffix)
    gazetteer = get_gazetteer()
    if key in gazetteer.region_countries:
        return gazetteer.region_countries[key]
    return gazetteer.city_countries.get(key)

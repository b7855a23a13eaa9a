"""The place words of ``tidings/data/places/lexicon.yaml`` with gazetteer look-ups."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tidings.errors import ConfigError
from tidings.knowledge.countries import place_demonyms, us_state_abbreviations
from tidings.knowledge.files import data_file, read_yaml
from tidings.knowledge.gazetteer import Gazetteer, get_gazetteer
from tidings.knowledge.keys import place_key


@dataclass(frozen=True)
class Lexicon:
    """Place words: compass words, unit nouns, the stoplist, and gazetteer questions."""

    directions: dict[str, str]
    unit_nouns: dict[str, str]
    demonym_place_nouns: frozenset[str]
    country_words: frozenset[str]
    stoplist: frozenset[str]
    not_places: frozenset[str]
    institution_words: frozenset[str]
    local_institution_words: frozenset[str]
    local_nouns: frozenset[str]
    us_local_cues: tuple[re.Pattern[str], ...]
    gazetteer: Gazetteer

    def is_demonym(self, text: str) -> bool:
        return place_key(text) in place_demonyms()

    def is_state_abbreviation(self, text: str) -> bool:
        return text.replace(" ", "") in us_state_abbreviations()

    def is_country(self, text: str) -> bool:
        return any(e.is_country for e in self.gazetteer.lookup(text))

    def is_place_name(self, text: str) -> bool:
        """A gazetteer name, US counties' bare names ("Oglethorpe") included."""
        return self.gazetteer.has(text) or bool(self.gazetteer.bare_counties(text))

    def best_population(self, text: str) -> tuple[bool, int] | None:
        """(whether an admin-1 region has this name, the largest population) or None."""
        entries = self.gazetteer.lookup(text) + self.gazetteer.bare_counties(text)
        if not entries:
            return None
        admin1 = any(e.feature_code == "ADM1" for e in entries)
        return admin1, max(e.population for e in entries)


def _words(data: dict[str, object], name: str) -> list[str]:
    value = data[name]
    if not isinstance(value, list):
        raise TypeError(f"{name} is not a list")
    return [str(w) for w in value]


@functools.lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The lexicon, read once per process."""
    source = data_file("places", "lexicon.yaml")
    data = read_yaml(source)
    try:
        directions = {str(k): str(v) for k, v in data["directions"].items()}
        return Lexicon(
            directions=directions,
            unit_nouns={str(k): str(v) for k, v in data["unit_nouns"].items()},
            demonym_place_nouns=frozenset(_words(data, "demonym_place_nouns")),
            country_words=frozenset(_words(data, "country_words")),
            stoplist=frozenset(_words(data, "stoplist")),
            not_places=frozenset(w.capitalize() for w in directions)
            | frozenset(str(w) for w in data.get("not_places", [])),
            institution_words=frozenset(w.lower() for w in _words(data, "institution_words")),
            local_institution_words=frozenset(
                w.lower() for w in _words(data, "local_institution_words")
            ),
            local_nouns=frozenset(w.lower() for w in _words(data, "local_nouns")),
            us_local_cues=tuple(re.compile(str(p)) for p in data.get("us_local_cues", [])),
            gazetteer=get_gazetteer(),
        )
    except (KeyError, TypeError, AttributeError, re.error) as e:
        raise ConfigError(f"{source}: bad place lexicon: {e}") from e

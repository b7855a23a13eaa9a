"""Small word lists shared by several stages, each read once from its data file on first use.

* :func:`honorifics` – titles before a person's name (``data/actors/honorifics.tsv``);
* :func:`place_prepositions` – prepositions after which a name is read as a place
  (``data/places/lexicon.yaml``);
* :func:`month_numbers` – English month names and abbreviations (``data/time/words.yaml``),
  the one month list of tidings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_tsv, read_yaml

# spaCy's entity labels for places
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Honorifics:
    """``titles``: lower-case forms (with their full stop where written so) that stand as a
    title before a name; ``in_person_key``: words left out of a person's matching key."""

    titles: frozenset[str]
    in_person_key: frozenset[str]


@functools.lru_cache(maxsize=1)
def honorifics() -> Honorifics:
    source = data_file("actors", "honorifics.tsv")
    titles: set[str] = set()
    keyed: set[str] = set()
    for word, dotted, title, person in read_tsv(source, columns=4):
        if dotted not in ("no", "also", "only") or {title, person} - {"yes", "no"}:
            raise ConfigError(f"{source}: bad flags for {word!r}")
        if title == "yes":
            if dotted != "only":
                titles.add(word)
            if dotted != "no":
                titles.add(word + ".")
        if person == "yes":
            keyed.add(word)
    return Honorifics(frozenset(titles), frozenset(keyed))


@functools.lru_cache(maxsize=1)
def place_prepositions() -> frozenset[str]:
    """Prepositions after which a name is a place ("in Kabul", "near Herat")."""
    data = read_yaml(data_file("places", "lexicon.yaml"))
    return frozenset(str(w) for w in data["place_prepositions"])


@functools.lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation as written ("January", "Jan", "Sept") -> month number."""
    source = data_file("time", "words.yaml")
    data = read_yaml(source)
    try:
        return {str(k): int(v) for k, v in data["months"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"{source}: bad month list: {e}") from e

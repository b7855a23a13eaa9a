"""The actor knowledge files under ``tidings/data/actors``, loaded once per process.

Every phrase is tokenised with spaCy's English tokenizer so that it can be matched against
the tokens of a parsed document with dictionary look-ups (no per-mention parsing).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import pycountry
import spacy

from tidings.errors import ConfigError
from tidings.knowledge.countries import demonym_forms, demonyms, iso2
from tidings.knowledge.files import data_file, read_tsv, read_yaml
from tidings.knowledge.gazetteer import get_gazetteer
from tidings.knowledge.keys import fold

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


def _rows(name: str) -> Iterator[list[str]]:
    yield from read_tsv(data_file("actors", name))


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


def _load_countries(kb: Knowledge) -> None:
    seen: set[str] = set()
    for row in _rows("countries.tsv"):
        iso3, names, capitals = ([*row, "", "", ""])[:3]
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
        for capital in _split(capitals):
            kb.add_named(Anchor("capital", iso3, capital, source="countries.tsv"))
    for demonym, iso3 in demonyms():
        for form in demonym_forms(demonym):
            kb.add_named(Anchor("demonym", iso3, form, source="demonyms.tsv"))
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
    source = data_file("actors", "igos.yaml")
    data = read_yaml(source)
    if not isinstance(data, list):
        raise ConfigError(f"{source}: a list of organisations expected")
    return data


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


def gazetteer_place(name: str, country: str | None = None, population: int = 0) -> bool:
    """Whether ``name`` is a place or region in the places gazetteer (GeoNames).

    With ``country`` (ISO3), only a place in that country with at least ``population``
    inhabitants, or a first- or second-level region, counts. The gazetteer is the one
    ``tidings.resolve.places`` loads for every document anyway, so asking costs a look-up.
    """
    gaz = get_gazetteer()
    if country is None:
        return gaz.has(name)
    code = iso2(country)
    if code is None:
        return False
    return any(
        e.country_code == code
        and (e.population >= population or e.feature_code in ("ADM1", "ADM2"))
        for e in gaz.lookup(name)
    )


@functools.lru_cache(maxsize=1)
def equipment() -> frozenset[str]:
    """Weapon and equipment acronyms that are not organisations (``equipment.tsv``)."""
    return frozenset(row[0] for row in _rows("equipment.tsv") if row)


@functools.lru_cache(maxsize=1)
def objects() -> frozenset[str]:
    """Lemmas of weapons and munitions that are never actors (``objects.tsv``)."""
    return frozenset(row[0].lower() for row in _rows("objects.tsv") if row)

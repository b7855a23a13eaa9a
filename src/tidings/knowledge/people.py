"""Known people and bodies with dated roles: who someone was on the day a story was published.

Two data files under ``data/knowledge/``:

- ``current_people.tsv``: heads of state and government, ministers, military chiefs, heads of
  intergovernmental bodies and armed groups, 2016 to the end of 2026, written by hand with a
  source for each row (see its header);
- ``phoenix_people.tsv``: about 26,000 people and bodies with dated CAMEO roles up to about
  2016, built from the Phoenix/PETRARCH2 dictionaries by ``scripts/build_people.py`` (MIT).

A role is chosen by the publication date, from the strongest evidence down: a current-table
role holding on the day; a dated Phoenix role holding on the day; the current-table role
nearest in time; an undated Phoenix role; the nearest dated Phoenix role (the last three say
the match is not exact). When the roles of one tier disagree on the country, the name is
ambiguous and matches nothing. Without a date the most recent role is taken. A single word
("Putin") matches only when it is one person's listed alias and ends no one else's name.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import date

import pycountry

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_tsv
from tidings.knowledge.keys import person_key

log = logging.getLogger(__name__)

UNKNOWN = "---"
IGO = "IGO"
CURRENT_FILE = "current_people.tsv"
PHOENIX_FILE = "phoenix_people.tsv"
SECTORS_FILE = "cameo_sectors.tsv"


@dataclass(frozen=True, slots=True)
class Role:
    """One dated role: country code (ISO alpha-3, IGO or ---), PLOVER sector, dates."""

    code: str
    sector: str | None
    start: date | None
    end: date | None
    office: str | None
    source: str
    curated: bool  # from the hand-written current table (not Phoenix)

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def distance(self, day: date) -> int:
        """Days between ``day`` and this role's span (0 inside it)."""
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day > self.end:
            return (day - self.end).days
        return 0


@dataclass(frozen=True, slots=True)
class KnownPerson:
    name: str
    roles: tuple[Role, ...]


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """What the knowledge base says about a name on a day."""

    name: str
    role: Role
    exact: bool  # the role's dates contain the day (False: the nearest role in time)
    surname_only: bool

    @property
    def explanation(self) -> str:
        span = f"{self.role.start or '…'}..{self.role.end or '…'}"
        how = "" if self.exact else ", nearest role in time"
        office = f" {self.role.office}" if self.role.office else ""
        return (
            f"known person {self.name!r}:{office} {self.role.code} {span} ({self.role.source}{how})"
        )


def _rows(name: str) -> list[list[str]]:
    return read_tsv(data_file("knowledge", name))


def _day(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise ConfigError(f"{where}: bad date {text!r}") from e


@functools.lru_cache(maxsize=1)
def cameo_sectors() -> dict[str, str]:
    """CAMEO actor-type code -> PLOVER sector."""
    return {row[0]: row[1] for row in _rows(SECTORS_FILE) if len(row) >= 2}


@functools.lru_cache(maxsize=4096)
def cameo_role(cameo: str) -> tuple[str, str | None]:
    """A Phoenix/CAMEO actor code ("USAGOV", "IGOUNO", "AFGREBTAL") as (code, sector)."""
    head = cameo[:3]
    if head == IGO:
        return IGO, None
    country = pycountry.countries.get(alpha_3=head)
    code = str(country.alpha_3) if country is not None else UNKNOWN
    sectors = cameo_sectors()
    for i in range(3, len(cameo) - 2, 3):
        sector = sectors.get(cameo[i : i + 3])
        if sector:
            return code, sector
    return code, None


def _current() -> list[tuple[list[str], Role]]:
    out: list[tuple[list[str], Role]] = []
    for n, row in enumerate(_rows(CURRENT_FILE), 1):
        if len(row) < 8:
            raise ConfigError(f"{CURRENT_FILE} row {n}: {len(row)} columns, want 9")
        code, office, name, aliases, sector, start, end, source = row[:8]
        where = f"{CURRENT_FILE} row {n}"
        role = Role(
            code=code,
            sector=sector or None,
            start=_day(start, where),
            end=_day(end, where),
            office=office,
            source=f"current table, {source}",
            curated=True,
        )
        names = [name, *(a for a in aliases.split("|") if a.strip())]
        out.append((names, role))
    return out


def _phoenix() -> list[tuple[list[str], Role]]:
    out: list[tuple[list[str], Role]] = []
    for n, row in enumerate(_rows(PHOENIX_FILE), 1):
        if len(row) < 3:
            raise ConfigError(f"{PHOENIX_FILE} row {n}: {len(row)} columns, want 4")
        names = [row[0], *(a for a in row[1].split("|") if a)]
        for spec in row[2].split(";"):
            cameo, _, span = spec.partition("@")
            lo, _, hi = span.partition("..")
            code, sector = cameo_role(cameo)
            if code == UNKNOWN:
                continue
            where = f"{PHOENIX_FILE} row {n}"
            role = Role(
                code, sector, _day(lo, where), _day(hi, where), None, f"Phoenix {cameo}", False
            )
            out.append((names, role))
    return out


class PeopleBase:
    """Names (full keys and single-word aliases) -> known people and their roles."""

    def __init__(self, entries: list[tuple[list[str], Role]]) -> None:
        self._key = person_key
        self._full: dict[tuple[str, ...], dict[str, list[Role]]] = {}
        self._display: dict[str, str] = {}
        surnames: dict[str, set[str]] = {}
        keys: dict[str, tuple[str, ...]] = {}  # a name listed with many roles is keyed once
        for names, role in entries:
            for name in names:
                if name not in keys:
                    keys[name] = person_key(name)
            canonical = " ".join(keys[names[0]]) or names[0]
            self._display.setdefault(canonical, names[0])
            for name in names:
                key = keys[name]
                if not key:
                    continue
                self._full.setdefault(key, {}).setdefault(canonical, []).append(role)
                if len(key) == 1:
                    surnames.setdefault(key[0], set()).add(canonical)
        # a single word is unambiguous only if one person lists it and no name ends with it
        # apart from that person's own
        ends: dict[str, set[str]] = {}
        for key, people in self._full.items():
            if len(key) > 1:
                ends.setdefault(key[-1], set()).update(people)
        self._single = {
            word
            for word, owners in surnames.items()
            if len(owners) == 1 and ends.get(word, owners) <= owners
        }

    def __len__(self) -> int:
        return len(self._full)

    def lookup(self, name: str, day: date | None) -> PersonMatch | None:
        """The role ``name`` held on ``day`` (None: the most recent role), if unambiguous."""
        key = self._key(name)
        if not key or key not in self._full:
            return None
        surname_only = len(key) == 1
        if surname_only and key[0] not in self._single:
            return None
        pool = [(person, r) for person, roles in self._full[key].items() for r in roles]
        for tier, exact in _tiers(pool, day):
            if not tier:
                continue
            if day is not None and len({r.code for _, r in tier}) > 1:
                log.debug("ambiguous known person %r on %s", name, day)
                return None
            if exact or day is None:
                person, role = max(tier, key=lambda pr: pr[1].start or date.min)
            else:
                person, role = min(tier, key=lambda pr: pr[1].distance(day))
            return PersonMatch(self._display[person], role, exact, surname_only)
        return None


Pool = list[tuple[str, Role]]


def _tiers(pool: Pool, day: date | None) -> list[tuple[Pool, bool]]:
    """Candidate roles from strongest to weakest evidence, each with "exact" (dates hold).

    Curated roles holding on the day; Phoenix roles with dates holding on the day; the
    curated role nearest in time; Phoenix roles without dates; the nearest dated Phoenix
    role. Without a day, the most recent curated role, then Phoenix's.
    """
    curated = [(p, r) for p, r in pool if r.curated]
    phoenix = [(p, r) for p, r in pool if not r.curated]
    if day is None:
        dated = [(p, r) for p, r in phoenix if r.dated]
        return [(curated, True), (dated, True), (phoenix, False)]
    undated = [(p, r) for p, r in phoenix if not r.dated]
    dated = [(p, r) for p, r in phoenix if r.dated]
    return [
        ([(p, r) for p, r in curated if r.contains(day)], True),
        ([(p, r) for p, r in dated if r.contains(day)], True),
        (_nearest(curated, day), False),
        (undated, False),
        (_nearest(dated, day), False),
    ]


def _nearest(pool: Pool, day: date) -> Pool:
    """The roles of ``pool`` closest in time to ``day`` (all that tie)."""
    if not pool:
        return []
    best = min(r.distance(day) for _, r in pool)
    return [(p, r) for p, r in pool if r.distance(day) == best]


@functools.lru_cache(maxsize=1)
def people_base() -> PeopleBase:
    """The shared knowledge base of people (loaded once)."""
    base = PeopleBase(_current() + _phoenix())
    log.info("people knowledge base: %d names", len(base))
    return base

"""The actor registry: named actors learned from earlier documents or pinned by the user.

Look-ups go by the full name key first, then by surname when every profile sharing that
surname agrees on the country. Pinned profiles (from the user's overrides file) win over
learned ones; a learned profile never replaces a pinned one.

A learned profile is used only once its evidence is strong: an explicit title or demonym next
to the name in the same sentence (the only thing a document teaches, see
``People.learned_profiles``; never a neighbouring sentence or the story's country) seen at
least ``MIN_SIGHTINGS`` times, in one document or across documents; pinned profiles always.
Every sighting is kept as evidence. ``MIN_SIGHTINGS`` is 1: at 2, re3d loses the "we" of
a minister titled with his country in one document only (re3d.f1 0.603 -> 0.602).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from tidings.errors import ConfigError
from tidings.knowledge.files import read_yaml
from tidings.knowledge.keys import person_key
from tidings.records import ActorProfile

log = logging.getLogger(__name__)

MAX_EVIDENCE = 5
MIN_SIGHTINGS = 1


def strong(profile: ActorProfile) -> bool:
    """Pinned, or the title or demonym seen in at least ``MIN_SIGHTINGS`` sentences or
    documents."""
    return (
        profile.pinned
        or len(profile.evidence) >= MIN_SIGHTINGS
        or len(profile.doc_ids) >= MIN_SIGHTINGS
    )


MAX_DOC_IDS = 50


class ActorRegistry:
    """Profiles indexed by name keys and surnames."""

    def __init__(self) -> None:
        self._profiles: list[ActorProfile] = []
        self._by_key: dict[tuple[str, ...], int] = {}
        self._by_surname: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._profiles)

    def profiles(self) -> list[ActorProfile]:
        return [p.model_copy(deep=True) for p in self._profiles]

    def _keys(self, profile: ActorProfile) -> set[tuple[str, ...]]:
        return {k for k in (person_key(n) for n in [profile.name, *profile.variants]) if k}

    def _index(self, i: int) -> None:
        profile = self._profiles[i]
        for key in self._keys(profile):
            held = self._by_key.get(key)
            if held is None or (profile.pinned and not self._profiles[held].pinned):
                self._by_key[key] = i
            surnames = self._by_surname.setdefault(key[-1], [])
            if i not in surnames:
                surnames.append(i)

    def _find(self, profile: ActorProfile) -> int | None:
        for key in self._keys(profile):
            i = self._by_key.get(key)
            if i is not None and self._profiles[i].code == profile.code:
                return i
        return None

    def add(self, profile: ActorProfile) -> None:
        """Add or merge one profile; a pinned profile replaces what a learned one said."""
        i = self._find(profile)
        if i is None:
            self._profiles.append(profile.model_copy(deep=True))
            self._index(len(self._profiles) - 1)
            return
        held = self._profiles[i]
        if profile.pinned and not held.pinned:
            merged = profile.model_copy(deep=True)
            merged.evidence = (profile.evidence + held.evidence)[:MAX_EVIDENCE]
            merged.doc_ids = _union(profile.doc_ids, held.doc_ids)[:MAX_DOC_IDS]
            merged.variants = _union(profile.variants, [*held.variants, held.name])
        else:
            merged = held.model_copy(deep=True)
            merged.sector = held.sector or profile.sector
            merged.office = held.office or profile.office
            merged.identifier_text = held.identifier_text or profile.identifier_text
            merged.evidence = _union(held.evidence, profile.evidence)[:MAX_EVIDENCE]
            merged.doc_ids = _union(held.doc_ids, profile.doc_ids)[:MAX_DOC_IDS]
            merged.variants = [
                v
                for v in _union(held.variants, [*profile.variants, profile.name])
                if v != held.name
            ]
        self._profiles[i] = merged
        self._index(i)

    def lookup(self, text: str) -> ActorProfile | None:
        """The profile for a name as written, or None when unknown or ambiguous."""
        key = person_key(text)
        if not key:
            return None
        i = self._by_key.get(key)
        if i is not None:
            return self._profiles[i] if strong(self._profiles[i]) else None
        candidates = [self._profiles[j] for j in self._by_surname.get(key[-1], [])]
        candidates = [p for p in candidates if strong(p)]
        if len(key) > 1:
            # a fuller name than we know must agree on the known words ("Joe Biden" vs "Biden")
            candidates = [
                p
                for p in candidates
                if any(set(k) <= set(key) or set(key) <= set(k) for k in self._keys(p))
            ]
        pinned = [p for p in candidates if p.pinned]
        pool = pinned or candidates
        if pool and len({p.code for p in pool}) == 1:
            return max(pool, key=lambda p: len(p.doc_ids))
        return None


def _union(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    out.extend(x for x in second if x not in out)
    return out


def load_overrides(path: str | Path) -> list[ActorProfile]:
    """Read the user's YAML of pinned actors (see docs/actors.md for the format)."""
    p = Path(path)
    data = read_yaml(p)  # size- and alias-limited: an alias bomb is a ConfigError
    entries = data.get("actors", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigError(f"actor overrides {p}: expected a list under 'actors'")
    profiles: list[ActorProfile] = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConfigError(f"actor overrides {p}: entry {n} is not a mapping")
        entry = {**entry, "pinned": True}
        entry.setdefault("evidence", [f"pinned in {p.name}"])
        try:
            profiles.append(ActorProfile.model_validate(entry))
        except ValidationError as e:
            raise ConfigError(f"actor overrides {p}: entry {n}: {e}") from e
    log.info("loaded %d pinned actor profiles from %s", len(profiles), p)
    return profiles

"""The cue and source vocabularies, read once from ``tidings/data/quotes/*.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_yaml

_DATA = "data/quotes"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Reporting verbs by frame, and the words that mark a cited medium."""

    speech: frozenset[str]
    cognition: frozenset[str]
    object_content: frozenset[str]
    infinitive_content: frozenset[str]
    prep_content: dict[str, frozenset[str]]
    accusation: dict[str, frozenset[str]]
    denial: frozenset[str]
    denial_needs_claim: frozenset[str]
    naming: dict[str, frozenset[str]]
    claim_nouns: frozenset[str]
    claim_cue_nouns: frozenset[str]
    media_nouns: frozenset[str]
    platforms: frozenset[str]
    vehicle_nouns: frozenset[str]
    medium_prepositions: frozenset[str]

    def is_cue(self, lemma: str) -> bool:
        """Whether a verb lemma reports speech or belief in any frame."""
        return (
            lemma in self.speech
            or lemma in self.cognition
            or lemma in self.accusation
            or lemma in self.denial
            or lemma in self.naming
            or lemma in self.prep_content
        )


def _read(name: str) -> dict[str, Any]:
    source = data_file("quotes", name)
    data = read_yaml(source)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the quote lexicon is not a mapping")
    return data


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


def _frames(data: dict[str, Any], key: str) -> dict[str, frozenset[str]]:
    table = data.get(key) or {}
    return {str(k).lower(): frozenset(str(p).lower() for p in v or []) for k, v in table.items()}


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, parsed on first use."""
    cues = _read("cues.yaml")
    sources = _read("sources.yaml")
    return Lexicon(
        speech=_words(cues, "speech"),
        cognition=_words(cues, "cognition"),
        object_content=_words(cues, "object_content"),
        infinitive_content=_words(cues, "infinitive_content"),
        prep_content=_frames(cues, "prep_content"),
        accusation=_frames(cues, "accusation"),
        denial=_words(cues, "denial"),
        denial_needs_claim=_words(cues, "denial_needs_claim"),
        naming=_frames(cues, "naming"),
        claim_nouns=_words(cues, "claim_nouns"),
        claim_cue_nouns=_words(cues, "claim_cue_nouns"),
        media_nouns=_words(sources, "media_nouns"),
        platforms=frozenset(str(p) for p in sources.get("platforms") or []),
        vehicle_nouns=_words(sources, "vehicle_nouns"),
        medium_prepositions=_words(sources, "medium_prepositions"),
    )

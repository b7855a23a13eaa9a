"""Language identification with lingua, over a moderate set of news languages."""

from __future__ import annotations

import functools
import logging
from importlib import resources

import yaml
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from tidings.errors import ConfigError, ModelError

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
_SAMPLE_CHARS = 600
_MIN_CHARS = 20
# below this confidence a short text keeps the default language
_MIN_CONFIDENCE = 0.5


@functools.lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    path = resources.files("tidings").joinpath("data/clean/languages.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(str(c) for c in data["languages"])
    except (OSError, KeyError, TypeError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot load the language list {path}: {e}") from e


@functools.lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The process-wide detector, built on first use."""
    try:
        isos = [getattr(IsoCode639_1, code.upper()) for code in _codes()]
        return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()
    except (AttributeError, ValueError) as e:
        raise ModelError(f"cannot build the language detector: {e}") from e


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language (judged on its first 600 characters);
    ``"en"`` when the text is too short or the detector is unsure."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CHARS:
        return DEFAULT_LANGUAGE
    values = detector().compute_language_confidence_values(sample)
    if not values:
        return DEFAULT_LANGUAGE
    top = values[0]
    if top.value < _MIN_CONFIDENCE and len(sample) < 200:
        return DEFAULT_LANGUAGE
    return str(top.language.iso_code_639_1.name.lower())

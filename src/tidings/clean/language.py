"""Language identification: a cheap English test first, lingua only when it is unsure.

lingua's models cost seconds and hundreds of MB the first time they are used, so a text is
first tested against spaCy's stop-word lists: a text of plain ASCII words of which at least
``_EN_STOP_SHARE`` are English stop words, 1.5 times more than of any other shipped language's,
is English without asking lingua. None of spaCy's 550 example sentences in other languages
passes that test (tests/clean/test_language.py checks them); 82% of the IndiaPoliceEvents
sentences do.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.errors import ConfigError, ModelError
from tidings.knowledge.files import data_file, read_yaml

if TYPE_CHECKING:
    from lingua import LanguageDetector

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
_SAMPLE_CHARS = 600
_MIN_CHARS = 20
# below this confidence a short text keeps the default language
_MIN_CONFIDENCE = 0.5
# the cheap English test: enough words, nearly all ASCII, this share of English stop words and
# this many times the share of the likeliest other language
_EN_MIN_WORDS = 5
_EN_STOP_SHARE = 0.25
_EN_OVER_RIVAL = 1.5
_EN_ASCII_SHARE = 0.98
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@functools.lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    source = data_file("clean", "languages.yaml")
    data = read_yaml(source)
    try:
        return tuple(str(c) for c in data["languages"])
    except (KeyError, TypeError) as e:
        raise ConfigError(f"{source}: no list of `languages`: {e}") from e


@functools.lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The process-wide detector, built on first use."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder  # seconds to load: only now

    try:
        isos = [getattr(IsoCode639_1, code.upper()) for code in _codes()]
        return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()
    except (AttributeError, ValueError) as e:
        raise ModelError(f"cannot build the language detector: {e}") from e


@functools.lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    """spaCy's stop-word list of each shipped language that has one. Each list's module is
    run alone: importing it through its package would build that language's tokenizer
    tables (seconds of regular-expression compiling)."""
    import spacy.lang

    lists: dict[str, frozenset[str]] = {}
    for code in _codes():
        path = Path(spacy.lang.__file__).parent / code / "stop_words.py"
        spec = importlib.util.spec_from_file_location(f"_tidings_stop_words_{code}", path)
        if spec is None or spec.loader is None or not path.is_file():
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        lists[code] = frozenset(module.STOP_WORDS)
    if DEFAULT_LANGUAGE not in lists:
        raise ModelError("spaCy's English stop-word list is missing")
    return lists


@functools.lru_cache(maxsize=1)
def _stop_languages() -> dict[str, tuple[str, ...]]:
    """Each stop word and the languages whose lists have it (one look-up per word, not one
    per word and language)."""
    index: dict[str, list[str]] = {}
    for code, stop in _stop_words().items():
        for word in stop:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def plainly_english(sample: str) -> bool:
    """Whether ``sample`` is English beyond doubt by the cheap test (no model needed): nearly
    all ASCII letters, enough words, and English stop words both common among them and
    clearly commoner than any other shipped language's."""
    letters = [c for c in sample if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) < _EN_ASCII_SHARE * len(letters):
        return False
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < _EN_MIN_WORDS:
        return False
    shares = dict.fromkeys(_stop_words(), 0)
    index = _stop_languages()
    for word in words:
        for code in index.get(word, ()):
            shares[code] += 1
    english = shares.pop(DEFAULT_LANGUAGE)
    rival = max(shares.values(), default=0)
    return english >= _EN_STOP_SHARE * len(words) and english >= _EN_OVER_RIVAL * rival


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language (judged on its first 600 characters);
    ``"en"`` when the text is too short or the detector is unsure."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CHARS or plainly_english(sample):
        return DEFAULT_LANGUAGE
    values = detector().compute_language_confidence_values(sample)
    if not values:
        return DEFAULT_LANGUAGE
    top = values[0]
    if top.value < _MIN_CONFIDENCE and len(sample) < 200:
        return DEFAULT_LANGUAGE
    return str(top.language.iso_code_639_1.name.lower())

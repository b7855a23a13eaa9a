"""The chrome patterns of ``data/clean/chrome.yaml``, compiled once per process."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_yaml

_CASE_SENSITIVE = frozenset({"byline", "bio", "credit_tail", "publisher"})
_SECTIONS = ("stop", "widget", "drop", "summary_label", "byline", "bio", "credit_tail", "publisher")


@dataclass(frozen=True, slots=True)
class ChromePatterns:
    """One alternation per section; ``stop``, ``widget``, ``drop`` and ``byline`` match whole
    lines."""

    stop: re.Pattern[str]
    widget: re.Pattern[str]
    drop: re.Pattern[str]
    summary_label: re.Pattern[str]
    byline: re.Pattern[str]
    bio: re.Pattern[str]
    credit_tail: tuple[re.Pattern[str], ...]
    publisher: tuple[re.Pattern[str], ...]
    publisher_suffixes: frozenset[str]


def _compile(section: str, patterns: list[str]) -> re.Pattern[str]:
    flags = 0 if section in _CASE_SENSITIVE else re.IGNORECASE
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@functools.lru_cache(maxsize=1)
def chrome_patterns() -> ChromePatterns:
    """Load and compile the shipped patterns (once)."""
    path = data_file("clean", "chrome.yaml")
    data = read_yaml(path)
    try:
        sections: dict[str, list[str]] = {name: list(data[name]) for name in _SECTIONS}
        return ChromePatterns(
            stop=_compile("stop", sections["stop"]),
            widget=_compile("widget", sections["widget"]),
            drop=_compile("drop", sections["drop"]),
            summary_label=_compile("summary_label", sections["summary_label"]),
            byline=_compile("byline", sections["byline"]),
            bio=_compile("bio", sections["bio"]),
            credit_tail=tuple(re.compile(p) for p in sections["credit_tail"]),
            publisher=tuple(re.compile(p) for p in sections["publisher"]),
            publisher_suffixes=frozenset(str(w) for w in data["publisher_suffixes"]),
        )
    except (KeyError, TypeError, re.error) as e:
        raise ConfigError(f"cannot load chrome patterns from {path}: {e}") from e

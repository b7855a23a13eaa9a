"""Searching with a leading word boundary finds exactly what ``re`` finds."""

from __future__ import annotations

import re

import pytest

from tidings.knowledge import regex

PATTERNS = [
    r"\b(?:Sheriff|sheriff's|sheriff)\b",
    r"\b\d{1,2}(?::\d\d)? [ap]\.m\.",
    r"\b(?:Mayor|mayor) [A-Z][a-z]+",
    r"\ba|b",  # the boundary binds the first alternative only
    r"\b(?<=a)b",
    r"\b",  # empty matches: ``re``'s own rules
    r"\b\w*",
    r"(?<![A-Z])\$\s?\d",  # no leading boundary: searched as it is
]
TEXTS = [
    "",
    "a",
    "The undersheriff and the Sheriff's deputy met at 9 a.m., not 119 a.m.",
    "Mayor Bob and mayor bob; ab cab b",
    "It cost $5 and US$6.",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_regex_finds_what_re_finds(pattern: str, text: str) -> None:
    rx = re.compile(pattern)

    def spans(ms: list[re.Match[str] | None]) -> list[tuple[int, int] | None]:
        return [m.span() if m else None for m in ms]

    assert spans([regex.search(rx, text)]) == spans([rx.search(text)])
    assert spans(list(regex.finditer(rx, text))) == spans(list(rx.finditer(text)))

"""Encoding repair (ftfy) and whitespace normalisation that keeps paragraph breaks."""

from __future__ import annotations

import functools
import re

import ftfy

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_LINES = re.compile(r"\n{3,}")


@functools.lru_cache(maxsize=1)
def _config() -> ftfy.TextFixerConfig:
    # keep typographic quotes: headlines and quotations are compared as the page wrote them
    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=True, explain=False)


def repair_encoding(text: str) -> str:
    """Undo mojibake (``â€˜`` → ``‘``) and stray HTML entities; quotes stay curly."""
    return str(ftfy.fix_text(text, config=_config()))


def normalise_whitespace(text: str) -> str:
    """One space inside lines, no trailing spaces, at most one blank line between blocks."""
    text = _LINE_BREAKS.sub("\n", _ZERO_WIDTH.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()

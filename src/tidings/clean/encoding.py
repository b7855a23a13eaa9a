"""Encoding repair (ftfy) and whitespace normalisation that keeps paragraph breaks."""

from __future__ import annotations

import functools
import re

import ftfy

# Latin-1 and C1 characters (what UTF-8 read as Windows-1252 turns into), replacement
# characters, HTML entities, and other lone control characters
_SUSPECT = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2020-\u2022\u2030\u2039\u203a\u20ac\u2122\ufffd]|&#?\w+;|[\x00-\x08\x0b\x0e-\x1f]"
)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_LINES = re.compile(r"\n{3,}")


@functools.lru_cache(maxsize=1)
def _config() -> ftfy.TextFixerConfig:
    # keep typographic quotes: headlines and quotations are compared as the page wrote them
    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=True, explain=False)


def repair_encoding(text: str) -> str:
    """Undo mojibake (``â€˜`` → ``‘``) and stray HTML entities; quotes stay curly.

    Only lines that hold a character mojibake or an entity is made of go through ftfy
    (ftfy works line by line too), which keeps clean text fast.
    """
    if not _SUSPECT.search(text):
        return text
    config = _config()
    return "".join(
        str(ftfy.fix_text(line, config=config)) if _SUSPECT.search(line) else line
        for line in text.splitlines(keepends=True)
    )


def normalise_whitespace(text: str) -> str:
    """One space inside lines, no trailing spaces, at most one blank line between blocks."""
    text = _LINE_BREAKS.sub("\n", _ZERO_WIDTH.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()

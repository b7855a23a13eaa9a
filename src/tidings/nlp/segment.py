"""Bounded segments: a long text parsed as pieces of at most a few thousand tokens, so the
cost of coding a document grows linearly with its length (issue 15).

spaCy's parser and the extractors after it work per sentence, and a text without sentence
punctuation is one "sentence" as long as the text: one 200k-character run cost ~39x a 20k
one. :func:`segments` packs whole sentences into pieces of at most ``max_chars`` characters
and cuts a run with no sentence break into pieces of at most ``run_chars`` at spaces; every
piece keeps the whitespace after it, so the pieces joined are the text exactly.
:func:`parse` parses the pieces and joins their docs into one, so every character offset
stays that of the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from tidings.nlp.text import remember_text

# ~4,000 tokens of news text: most articles are one segment, and parse exactly as before
DEFAULT_SEGMENT_CHARS = 20_000
# ~400 tokens: no sentence is longer; a longer run without a break is cut at spaces
DEFAULT_RUN_CHARS = 2_000
# where a sentence may end: a line break, or . ! ? (and closing quotes) before whitespace
_BREAK = re.compile(r"(?:\n|[.!?][\"'”’)\]]*\s)\s*")


def segments(
    text: str, max_chars: int = DEFAULT_SEGMENT_CHARS, run_chars: int = DEFAULT_RUN_CHARS
) -> list[str]:
    """``text`` in consecutive pieces, joined exactly ``text``: whole sentences packed up to
    ``max_chars`` characters, and a stretch of over ``run_chars`` with no sentence break
    (an unpunctuated run) cut at spaces into pieces of its own of at most ``run_chars``."""
    if run_chars < 2 or max_chars < run_chars:
        raise ValueError(f"bad segment sizes: max_chars {max_chars}, run_chars {run_chars}")
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for unit in _units(text):
        if len(unit) > run_chars or size + len(unit) > max_chars:
            if current:
                pieces.append("".join(current))
            current, size = [], 0
        if len(unit) > run_chars:
            pieces.extend(_split_run(unit, run_chars))
            continue
        current.append(unit)
        size += len(unit)
    if current or not pieces:
        pieces.append("".join(current))
    return pieces


def _units(text: str) -> Iterator[str]:
    """Sentence-like units, each with the whitespace after its end."""
    start = 0
    for m in _BREAK.finditer(text):
        yield text[start : m.end()]
        start = m.end()
    if start < len(text):
        yield text[start:]


def _split_run(run: str, n: int) -> Iterator[str]:
    start = 0
    while len(run) - start > n:
        window = run[start : start + n]
        cut = max(window.rfind(" "), window.rfind("\t"), window.rfind("\n")) + 1
        end = start + (cut if cut > 0 else n)
        yield run[start:end]
        start = end
    yield run[start:]


def parse(
    nlp: Language,
    texts: Iterable[str],
    max_chars: int = DEFAULT_SEGMENT_CHARS,
    run_chars: int = DEFAULT_RUN_CHARS,
) -> Iterator[Doc]:
    """One doc per text, each parsed in segments (see :func:`segments`); a text of several
    segments becomes one doc joined from theirs, so its text and offsets are the text's."""
    whole = list(texts)
    pending = [segments(t, max_chars, run_chars) for t in whole]
    docs = iter(nlp.pipe(piece for pieces in pending for piece in pieces))
    for text, pieces in zip(whole, pending, strict=True):
        parts = [next(docs) for _ in pieces]
        joined = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        yield remember_text(joined, text)


def parse_one(
    nlp: Language,
    text: str,
    max_chars: int = DEFAULT_SEGMENT_CHARS,
    run_chars: int = DEFAULT_RUN_CHARS,
) -> Doc:
    """:func:`parse` for one text, calling the model on each segment (no batching), so a
    failure is this text's own."""
    parts = [nlp(piece) for piece in segments(text, max_chars, run_chars)]
    joined = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
    return remember_text(joined, text)

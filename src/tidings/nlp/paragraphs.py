"""Sentence boundaries the parser gets wrong in news text, set before the parser runs.

- Every line break: news text keeps one paragraph per line block; the parser alone happily
  joins a quote's last sentence with the next paragraph, and then an event's sentence (its
  evidence) spans two paragraphs.
- After a dateline ("KADUNA, Nigeria (AP) - ", "BEIJING — "): otherwise the place name
  becomes the subject of the first sentence, and so an event's actor.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

NAME = "tidings_paragraphs"

# An upper-case place, optional ", Region" / date, optional "(Agency)", then a dash.
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z.'’ -]{1,40}[A-Z.]"
    r"(?:,[ \t]+[A-Z][\w.’' -]{1,40})?"
    r"(?:[ \t]*\([A-Za-z][\w .&-]{0,30}\))?"
    r"[ \t]*[-–—][ \t]*(?=[A-Z\"“‘])"
)


def _dateline_ends(text: str) -> list[int]:
    return [m.end() for m in DATELINE.finditer(text)]


@Language.component(NAME)
def paragraph_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        line_break = (token.is_space and "\n" in token.text) or "\n" in token.whitespace_
        if line_break:
            doc[token.i + 1].is_sent_start = True
    for end in _dateline_ends(doc.text):
        span = doc.char_span(end, end + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


def add_paragraph_boundaries(nlp: Language) -> None:
    """Insert the component before the parser (or first, in a pipeline without one)."""
    if NAME in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
    else:
        nlp.add_pipe(NAME, first=True)

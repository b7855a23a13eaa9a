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

from tidings.knowledge.datelines import DASHES, dateline, is_wire_place

NAME = "tidings_paragraphs"

_STARTS_SENTENCE = re.compile(r"[ \t]*(?=[A-Z\"“‘])")


def _dateline_ends(text: str) -> list[int]:
    """Where the sentence after each wire-copy dateline ending in a dash starts, when it
    starts with a capital or a quote (the one pattern: :mod:`tidings.knowledge.datelines`)."""
    ends = []
    for m in dateline().finditer(text):
        if is_wire_place(m) and m["sep"][0] in DASHES:
            after = _STARTS_SENTENCE.match(text, m.end())
            if after is not None:
                ends.append(after.end())
    return ends


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

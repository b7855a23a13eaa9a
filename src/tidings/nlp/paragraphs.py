"""A sentence boundary at every line break, set before the parser runs.

News text keeps one paragraph per line block; the parser alone happily joins a quote's last
sentence with the next paragraph, and then an event's sentence (its evidence) spans two
paragraphs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "tidings_paragraphs"


@Language.component(NAME)
def paragraph_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        line_break = (token.is_space and "\n" in token.text) or "\n" in token.whitespace_
        if line_break:
            doc[token.i + 1].is_sent_start = True
    return doc


def add_paragraph_boundaries(nlp: Language) -> None:
    """Insert the component before the parser (or first, in a pipeline without one)."""
    if NAME in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
    else:
        nlp.add_pipe(NAME, first=True)

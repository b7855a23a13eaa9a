"""A parsed document's text, built once.

spaCy's ``Doc.text`` joins every token's text on each access, so a stage that reads it once
per event or per mention costs time quadratic in the document's length. Every stage reads the
text through :func:`doc_text`, which builds it once and keeps it on the ``Doc``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "tidings.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined on the first call and kept in ``doc.user_data`` after it."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text

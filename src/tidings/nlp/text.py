"""A parsed document's text and entities, built once.

spaCy's ``Doc.text`` joins every token's text on each access, and ``Doc.ents`` builds a new
tuple of spans on each access, so a stage that reads either once per event or per mention costs
time quadratic in the document's length. Every stage reads them through :func:`doc_text` and
:func:`doc_ents`, which build them once and keep them on the ``Doc`` (no stage sets
``doc.ents`` after the parse).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span

_KEY = "tidings.text"
_ENTS = "tidings.ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined on the first call and kept in ``doc.user_data`` after it."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep ``text``, the string ``doc`` was parsed from, as its :func:`doc_text` (spaCy's
    tokenizer loses no character, so the two are equal), saving the join of every token.
    A text whose length does not match is not kept."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end == len(text):
        doc.user_data[_KEY] = text
    return doc


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built on the first call and kept in ``doc.user_data`` after it."""
    ents = doc.user_data.get(_ENTS)
    if not isinstance(ents, tuple):
        ents = tuple(doc.ents)
        doc.user_data[_ENTS] = ents
    return ents


def indices_where(doc: Doc, attr: int, values: Collection[int]) -> list[int]:
    """The indices, in order, of the tokens whose ``attr`` (a spaCy attribute id such as
    ``spacy.attrs.POS`` or ``LOWER``) is one of ``values`` (symbol ids, string hashes), read
    from one array: a loop over them makes no ``Token`` for the others."""
    if not len(doc):
        return []
    return [i for i, v in enumerate(doc.to_array(attr).tolist()) if v in values]

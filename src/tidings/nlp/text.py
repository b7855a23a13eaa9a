"""A parsed document's text and entities, built once.

spaCy's ``Doc.text`` joins every token's text on each access, and ``Doc.ents`` builds a new
tuple of spans on each access, so a stage that reads either once per event or per mention costs
time quadratic in the document's length. Every stage reads them through :func:`doc_text` and
:func:`doc_ents`, which build them once and keep them on the ``Doc`` (no stage sets
``doc.ents`` after the parse).
"""

from __future__ import annotations

import bisect
from collections.abc import Collection

from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Span, Token

_KEY = "tidings.text"
_ENTS = "tidings.ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined on the first call and kept in ``doc.user_data`` after it."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def span_text(span: Span) -> str:
    """``span.text`` (which joins its tokens' texts on each access), cut from :func:`doc_text`."""
    return doc_text(span.doc)[span.start_char : span.end_char]


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


_STARTS = "tidings.sent_starts"
_SENTS = "tidings.sents_by_start"
_WORDS = "tidings.sent_words"


def _sentence_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get(_STARTS)
    if not isinstance(starts, list):
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        starts = [0, *(i for i, v in enumerate(flags) if v == 1 and i > 0)]
        doc.user_data[_STARTS] = starts
    return starts


def token_sentence(token: Token) -> Span:
    """``token.sent``, found from the document's sentence starts (read once into a list) and
    kept per sentence: spaCy's ``Token.sent`` walks to the sentence's edges on every call."""
    doc = token.doc
    starts = _sentence_starts(doc)
    k = bisect.bisect_right(starts, token.i) - 1
    sents: dict[int, Span] = doc.user_data.setdefault(_SENTS, {})
    sent = sents.get(k)
    if sent is None:
        end = starts[k + 1] if k + 1 < len(starts) else len(doc)
        sent = sents[k] = doc[starts[k] : end]
    return sent


def span_words(span: Span) -> frozenset[str]:
    """The lower-cased lemmas and forms of ``span``'s words, from the document's word lists
    (:func:`doc_lemmas`, :func:`doc_lowers`), kept per span (a sentence's cue words are asked
    for by several rules)."""
    doc = span.doc
    cache: dict[tuple[int, int], frozenset[str]] = doc.user_data.setdefault(_WORDS, {})
    key = (span.start, span.end)
    words = cache.get(key)
    if words is None:
        start, end = span.start, span.end
        words = cache[key] = frozenset(doc_lemmas(doc)[start:end] + doc_lowers(doc)[start:end])
    return words


_LOWERS = "tidings.lowers"
_ORTHS = "tidings.orths"
_LEMMAS = "tidings.lemmas"


def _strings_of(doc: Doc, attr: int, key: str, fold: bool = False) -> list[str]:
    words = doc.user_data.get(key)
    if not isinstance(words, list):
        strings = doc.vocab.strings
        hashes = doc.to_array(attr).tolist() if len(doc) else []
        # each distinct word looked up (and lower-cased) once
        table = {h: strings[h].lower() if fold else strings[h] for h in set(hashes)}
        words = list(map(table.__getitem__, hashes))
        doc.user_data[key] = words
    return words


def doc_lowers(doc: Doc) -> list[str]:
    """Every token's ``lower_``, in order, read from one array once per document: a scan that
    tests each word makes no ``Token`` for the words that fail."""
    return _strings_of(doc, LOWER, _LOWERS)


def doc_lemmas(doc: Doc) -> list[str]:
    """Every token's ``lemma_.lower()``, in order, read from one array once per document."""
    return _strings_of(doc, LEMMA, _LEMMAS, fold=True)


def doc_orths(doc: Doc) -> list[str]:
    """Every token's ``text``, in order, read from one array once per document."""
    return _strings_of(doc, ORTH, _ORTHS)

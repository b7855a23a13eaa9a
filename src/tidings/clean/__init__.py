"""Cleaning: one raw page in, the article's text and metadata out.

:func:`clean_document` runs, in order:

1. encoding repair (ftfy) and whitespace normalisation
2. HTML → trafilatura main text; plain text → chrome removal (``chrome``)
3. metadata: title, publisher, date (raw fields first, then what the page says)
4. language identification (lingua)
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from tidings.clean.chrome import strip_chrome
from tidings.clean.dates import find_page_date
from tidings.clean.encoding import normalise_whitespace, repair_encoding
from tidings.clean.html import extract_html
from tidings.clean.language import detect_language
from tidings.config import Settings
from tidings.records import CleanDocument, RawDocument

if TYPE_CHECKING:
    from tidings.clean.duplicates import Deduplicator

log = logging.getLogger(__name__)

_MARKUP_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|article|div|p)[\s>]", re.I)

__all__ = ["Deduplicator", "clean_document", "detect_language", "strip_chrome"]


def __getattr__(name: str) -> object:
    if name == "Deduplicator":  # MinHash (datasketch, scipy) loads only for those who dedupe
        from tidings.clean.duplicates import Deduplicator

        return Deduplicator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _prepare(text: str) -> str:
    return normalise_whitespace(repair_encoding(text))


def _clean_html(raw: RawDocument) -> CleanDocument:
    page = extract_html(raw.html or "", url=raw.url)
    paragraphs = [p for p in _prepare(page.text).split("\n") if p.strip()]
    return CleanDocument(
        id=raw.id,
        text="\n\n".join(paragraphs),
        date=raw.date or page.date,
        url=raw.url or page.url,
        title=raw.title or page.title,
        publisher=raw.publisher or page.publisher,
    )


def _clean_text(raw: RawDocument, remove_chrome: bool) -> CleanDocument:
    text = _prepare(raw.text or "")
    if not remove_chrome:
        return CleanDocument(**raw.meta(), text=text)
    page = strip_chrome(text)
    first = page.paragraphs[0] if page.paragraphs else None
    title = raw.title or page.title
    paragraphs = page.paragraphs
    if raw.title and paragraphs and paragraphs[0] == raw.title:
        paragraphs = paragraphs[1:]
    return CleanDocument(
        id=raw.id,
        text="\n\n".join(paragraphs),
        date=raw.date or find_page_date(page.head, first, page.tail),
        url=raw.url,
        title=title,
        publisher=raw.publisher or page.publisher,
        removed=page.removed,
    )


def clean_document(raw: RawDocument, settings: Settings) -> CleanDocument:
    """The article of ``raw`` without page chrome, repaired, with its metadata and language.

    HTML (``raw.html``) goes through trafilatura; plain text through the chrome rules when
    ``settings.clean.remove_chrome`` is on. Raw metadata fields win over what the page says.
    """
    if not (raw.html and raw.html.strip()) and raw.text and _MARKUP_START.match(raw.text):
        # a "text" field that holds a page's markup is cleaned as HTML
        raw = raw.model_copy(update={"html": raw.text, "text": None})
    if raw.html and raw.html.strip():
        doc = _clean_html(raw)
    else:
        doc = _clean_text(raw, settings.clean.remove_chrome)
    if doc.title:
        doc.title = _prepare(doc.title).replace("\n", " ")
    doc.language = detect_language(doc.text)
    return doc

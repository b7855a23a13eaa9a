"""HTML pages: trafilatura's main text and metadata."""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from datetime import date as Date

from tidings.ingest.formats import parse_date

log = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"<\s*(?:/p|br|/div|/li|/h\d|/tr|/blockquote)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    text: str
    title: str | None = None
    date: Date | None = None
    publisher: str | None = None
    url: str | None = None


def _tag_text(markup: str) -> str:
    """A fallback for fragments trafilatura finds no article in (feed descriptions)."""
    text = _BLOCK_TAG.sub("\n", _SCRIPT.sub(" ", markup))
    return html_lib.unescape(_TAG.sub(" ", text))


def _field(doc: object, name: str) -> str | None:
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return str(value).strip() or None if value is not None else None


def extract_html(markup: str, url: str | None = None) -> HtmlExtract:
    """The page's main text (paragraphs one per line, headline not included) and metadata."""
    import trafilatura  # lazily: only HTML needs it, and it is 1 s of every start-up

    doc = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = _field(doc, "text") if doc is not None else None
    if doc is None or text is None:
        return HtmlExtract(text=_tag_text(markup), url=url)
    title = _field(doc, "title")
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title:
            text = rest
    return HtmlExtract(
        text=text,
        title=title,
        date=parse_date(_field(doc, "date")),
        publisher=_field(doc, "sitename"),
        url=_field(doc, "url") or url,
    )

"""RSS and Atom feeds: one document per item."""

from __future__ import annotations

import io
import logging
import re
from datetime import date as Date
from typing import Any

import feedparser

from tidings.ingest.decode import decode_bytes
from tidings.records import RawDocument

log = logging.getLogger(__name__)

_MARKUP = re.compile(r"<\s*(?:p|br|div|span|a|img|ul|li|em|strong|b|i|h\d|figure)\b", re.I)


def _entry_date(entry: Any) -> Date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return Date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    if values:
        return str(max(values, key=len))
    return str(entry.get("summary") or entry.get("description") or "")


def feed_documents(data: bytes, name: str, errors: list[str]) -> list[RawDocument]:
    """Each item as a document: title, link, date and description or content.

    The feed is parsed from the bytes themselves (a stream), never from a string: feedparser
    fetches a string that looks like a URL and opens one that looks like a path, so content
    such as ``http://127.0.0.1/x`` must never reach it as one. External entities are not
    resolved. A feed the parser fails on, or an item it cannot read, is an error document.
    """
    errs = list(errors)
    warning = decode_bytes(data).warning
    if warning:
        errs.append(f"{name}: warning: {warning}")
    try:
        parsed = feedparser.parse(io.BytesIO(data))
        entries = list(parsed.get("entries") or [])
    except Exception as e:  # feedparser raises many kinds on malformed feeds
        log.warning("%s: feed parser failed: %s", name, e)
        problem = f"{name}: not a readable feed: {type(e).__name__}: {e}"
        return [RawDocument(id=name, source_path=name, errors=[*errs, problem])]
    if not entries:
        problem = "feed has no items"
        if parsed.get("bozo"):
            problem = f"not a readable feed: {parsed.get('bozo_exception')}"
        return [RawDocument(id=name, source_path=name, errors=[*errs, f"{name}: {problem}"])]
    publisher = _text((parsed.get("feed") or {}).get("title"))
    docs: list[RawDocument] = []
    for n, entry in enumerate(entries, start=1):
        try:
            docs.append(_entry_document(entry, name, n, publisher, errs))
        except Exception as e:  # one unreadable item never loses the others
            where = f"{name}#{n}"
            log.warning("%s: feed item unreadable: %s", where, e)
            problem = f"{where}: unreadable feed item: {type(e).__name__}: {e}"
            docs.append(RawDocument(id=where, source_path=name, errors=[*errs, problem]))
    return docs


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _entry_document(
    entry: Any, name: str, n: int, publisher: str | None, errs: list[str]
) -> RawDocument:
    link = _text(entry.get("link"))
    body = _entry_body(entry)
    item_errs = list(errs)
    if not body.strip():
        item_errs.append(f"{name}#{n}: feed item has no description or content")
    is_html = bool(_MARKUP.search(body))
    return RawDocument(
        id=_text(entry.get("id")) or link or f"{name}#{n}",
        text=None if is_html else body,
        html=body if is_html else None,
        date=_entry_date(entry),
        url=link,
        title=_text(entry.get("title")),
        publisher=publisher,
        source_path=name,
        errors=item_errs,
    )

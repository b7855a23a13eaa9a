"""RSS and Atom feeds: one document per item."""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Any

import feedparser

from tidings.ingest.decode import decode_bytes
from tidings.records import RawDocument

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
    """Each item as a document: title, link, date and description or content."""
    decoded = decode_bytes(data)
    errs = list(errors)
    if decoded.warning:
        errs.append(f"{name}: warning: {decoded.warning}")
    parsed = feedparser.parse(decoded.text)
    entries = list(parsed.get("entries") or [])
    if not entries:
        problem = "feed has no items"
        if parsed.get("bozo"):
            problem = f"not a readable feed: {parsed.get('bozo_exception')}"
        return [RawDocument(id=name, source_path=name, errors=[*errs, f"{name}: {problem}"])]
    publisher = (parsed.get("feed") or {}).get("title") or None
    docs: list[RawDocument] = []
    for n, entry in enumerate(entries, start=1):
        link = entry.get("link") or None
        body = _entry_body(entry)
        item_errs = list(errs)
        if not body.strip():
            item_errs.append(f"{name}#{n}: feed item has no description or content")
        is_html = bool(_MARKUP.search(body))
        docs.append(
            RawDocument(
                id=str(entry.get("id") or link or f"{name}#{n}"),
                text=None if is_html else body,
                html=body if is_html else None,
                date=_entry_date(entry),
                url=link,
                title=entry.get("title") or None,
                publisher=publisher,
                source_path=name,
                errors=item_errs,
            )
        )
    return docs

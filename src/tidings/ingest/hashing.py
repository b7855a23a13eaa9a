"""A stable content hash, so storing the same document twice is a no-op."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from tidings.records import RawDocument

_SPACE = re.compile(r"\s+")


def _normalise(value: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def content_hash(raw: RawDocument) -> str:
    """SHA-1 (hex) of the document's normalised text and HTML; whitespace and Unicode
    composition differences do not change it."""
    h = hashlib.sha1()
    for kind, value in (("text", raw.text), ("html", raw.html)):
        if value:
            h.update(f"{kind}\x00{_normalise(value)}\x00".encode())
    return h.hexdigest()

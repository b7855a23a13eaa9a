"""Bytes to text: UTF-8 first, a repaired fallback otherwise, and a binary sniff."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# share of undecodable bytes above which a file is read as Windows-1252 instead of UTF-8
_CP1252_FALLBACK_SHARE = 0.005
_SNIFF_BYTES = 8192
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and, when decoding was lossy or guessed, a warning saying so."""

    text: str
    warning: str | None = None


def looks_binary(head: bytes) -> bool:
    """True when the first bytes hold NULs or mostly control characters (not text)."""
    sample = head[:_SNIFF_BYTES]
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text with a byte-order mark
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.1


def declared_charset(head: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP Content-Type or an HTML ``<meta>`` declares, if Python knows it."""
    found = _CHARSET.search(content_type.encode("ascii", "replace")) if content_type else None
    found = found or _CHARSET.search(head[:_SNIFF_BYTES])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` as UTF-8 (BOM-aware), else as the ``declared`` charset; invalid bytes
    are replaced and reported."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16", errors="replace"))
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        first_bad = e.start
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return Decoded(data.decode(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd")
    # valid multi-byte UTF-8 sequences: damaged UTF-8 has them, a legacy encoding rarely does
    valid = sum(1 for ch in replaced if ord(ch) > 0x7F) - bad
    if bad > valid or bad / max(len(replaced), 1) > _CP1252_FALLBACK_SHARE:
        # most likely a legacy single-byte encoding (Latin-1/Windows-1252), not damaged UTF-8
        legacy = "Windows-1252"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            legacy = "Latin-1"  # bytes Windows-1252 leaves undefined; Latin-1 maps every byte
            text = data.decode("latin-1")
        return Decoded(
            text, f"not valid UTF-8 (first bad byte at {first_bad}); decoded as {legacy}"
        )
    return Decoded(
        replaced,
        f"invalid UTF-8 (first bad byte at {first_bad}); {bad} sequence(s) replaced",
    )

"""Readers: files, directories, globs and streams into :class:`~tidings.records.RawDocument`.

Formats: ``.txt`` (optional ``date YYYY-MM-DD`` first line), ``.html``/``.htm``, ``.jsonl``,
``.warc``/``.warc.gz``, RSS/Atom (``.rss``, ``.atom``, ``.xml`` feeds), each also as ``.gz`` or
``.zst``; unknown suffixes are sniffed from the content.
"""

from __future__ import annotations

from tidings.ingest.formats import DEFAULT_MAX_BYTES
from tidings.ingest.hashing import content_hash
from tidings.ingest.readers import read_paths, read_stream

__all__ = ["DEFAULT_MAX_BYTES", "content_hash", "read_paths", "read_stream"]

"""Read files, directories, globs and streams into :class:`RawDocument` records, in order.

Bad input never raises: a missing path, an empty or binary file, a damaged archive or a
malformed line each becomes a document whose ``errors`` name the place and the problem.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from tidings.ingest.feeds import feed_documents
from tidings.ingest.formats import (
    DEFAULT_MAX_BYTES,
    html_document,
    json_documents,
    jsonl_documents,
    read_capped,
    text_document,
)
from tidings.ingest.sources import (
    compression_of,
    decompressed,
    expand_paths,
    format_from_name,
    is_feed,
    sniff_format,
)
from tidings.ingest.warc import warc_documents
from tidings.records import RawDocument

log = logging.getLogger(__name__)

_PEEK = 4096


def read_paths(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument]:
    """Documents from files, directories (recursive, sorted) and globs, in input order.

    Each document's text is capped at ``max_bytes`` (with an error entry when cut).
    """
    for path, problem in expand_paths(paths):
        if problem:
            yield _error(path, problem)
            continue
        try:
            with open(path, "rb") as fh:
                yield from read_stream(fh, path, max_bytes=max_bytes)
        except OSError as e:
            yield _error(path, f"cannot read: {e.strerror or e}")


def read_stream(
    stream: BinaryIO, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument]:
    """Documents from one open binary stream (``-`` for stdin); ``name`` guides the format."""
    try:
        yield from _read(stream, name, max_bytes)
    except Exception as e:  # zlib, zstandard, parsers: any failure ends this file only
        # damaged compression shows up only when read; keep what was read before
        log.warning("%s: %s", name, e)
        yield _error(name, f"cannot read: {type(e).__name__}: {e}")


def _read(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[RawDocument]:
    raw = _peekable(stream)
    compression = compression_of(name, raw.peek(_PEEK)[:4])
    fmt = format_from_name(name)
    if fmt == "warc" and compression == "gzip":
        # warcio reads gzip member by member, which keeps the records before a damaged one
        yield from warc_documents(raw, name, max_bytes)
        return
    body = _peekable(decompressed(raw, compression))
    head = body.peek(_PEEK)[:_PEEK]
    if not head:
        yield _error(name, "empty file")
        return
    if fmt is None or (fmt == "xml" and is_feed(head)):
        fmt = "feed" if fmt == "xml" else sniff_format(head)
    if fmt == "warc":
        yield from warc_documents(body, name, max_bytes)
    elif fmt == "jsonl":
        yield from jsonl_documents(body, name, max_bytes)
    else:
        data, errors = read_capped(body, name, max_bytes)
        if fmt == "feed":
            yield from feed_documents(data, name, errors)
        elif fmt == "json":
            yield from json_documents(data, name, errors)
        elif fmt == "html":
            yield html_document(data, name, errors)
        elif fmt == "xml":
            yield _error(name, "XML file is neither an RSS nor an Atom feed")
        else:
            yield text_document(data, name, errors)


def _peekable(stream: BinaryIO) -> io.BufferedReader:
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream, buffer_size=1 << 16)  # type: ignore[arg-type]


def _error(name: str, problem: str) -> RawDocument:
    return RawDocument(id=name, source_path=name, errors=[f"{name}: {problem}"])

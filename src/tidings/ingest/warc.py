"""WARC archives: one document per HTML response record."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from tidings.ingest.decode import declared_charset, decode_bytes
from tidings.ingest.formats import parse_date
from tidings.records import RawDocument

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml")


def _content_type(record: object) -> str:
    http = getattr(record, "http_headers", None)
    if http is None:
        return ""
    value = http.get_header("Content-Type") or ""
    return str(value).lower()


def warc_documents(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[RawDocument]:
    """HTML responses in archive order; a broken or truncated record ends the file with an
    error entry, keeping every record read before it."""
    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or not _content_type(record).startswith(_HTML_TYPES):
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}#{n}"
            data = record.content_stream().read(max_bytes + 1)
            errs: list[str] = []
            if len(data) > max_bytes:
                data = data[:max_bytes]
                errs.append(f"{where}: record larger than {max_bytes} bytes; truncated")
            elif getattr(record.raw_stream, "limit", 0) > 0:
                # the archive ended before the record's declared Content-Length
                problem = f"{where}: truncated WARC record ({len(data)} bytes of payload read)"
                yield RawDocument(id=url or where, url=url, source_path=name, errors=[problem])
                continue
            decoded = decode_bytes(data, declared_charset(data, _content_type(record)))
            if decoded.warning:
                errs.append(f"{where}: warning: {decoded.warning}")
            if not decoded.text.strip():
                errs.append(f"{where}: empty response record")
            yield RawDocument(
                id=url or where,
                html=decoded.text,
                url=url,
                date=parse_date(record.rec_headers.get_header("WARC-Date")),
                source_path=name,
                errors=errs,
            )
    except Exception as e:  # warcio and zlib raise many kinds on damaged archives
        log.warning("%s: WARC read stopped after %d records: %s", name, n, e)
        yield RawDocument(
            id=f"{name}#{n + 1}",
            source_path=name,
            errors=[f"{name}#{n + 1}: truncated or damaged WARC record: {type(e).__name__}: {e}"],
        )
        return
    if n == 0:
        yield RawDocument(
            id=name, source_path=name, errors=[f"{name}: no HTML response records in WARC"]
        )

"""Readers for single-document text and HTML files and for JSON Lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date as Date
from datetime import datetime
from typing import Any, BinaryIO

from tidings.ingest.decode import declared_charset, decode_bytes, looks_binary
from tidings.records import RawDocument

DEFAULT_MAX_BYTES = 5_000_000
_LINE_SLACK = 1 << 16  # the other fields of a JSON Lines record
_SKIP_CHUNK = 1 << 20

# a crawler's first line: "date 2022-01-10", possibly followed by the page's first text
_DATE_LINE = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*([^\n]*)(?:\n|\Z)")


def read_capped(stream: BinaryIO, name: str, max_bytes: int) -> tuple[bytes, list[str]]:
    """Read at most ``max_bytes`` (cut at a character boundary); report a truncation."""
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data, []
    data = data[:max_bytes]
    cut = len(data)
    # do not end inside a UTF-8 sequence: find the last lead byte and see if it is complete
    for j in range(len(data) - 1, max(len(data) - 4, -1), -1):
        byte = data[j]
        if byte < 0x80:
            break
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if j + needed > len(data):
                cut = j
            break
    return data[:cut], [f"{name}: larger than {max_bytes} bytes; text truncated there"]


def parse_date(value: object) -> Date | None:
    """A date from an ISO date or datetime string (or a date); None when it is not one."""
    if isinstance(value, Date):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return Date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def text_document(data: bytes, name: str, errors: list[str]) -> RawDocument:
    """A ``.txt`` page: an optional ``date YYYY-MM-DD`` first line, then the page text."""
    errs = list(errors)
    if looks_binary(data):
        return RawDocument(id=name, source_path=name, errors=[*errs, f"{name}: binary file"])
    decoded = decode_bytes(data)
    if decoded.warning:
        errs.append(f"{name}: warning: {decoded.warning}")
    text = decoded.text
    date: Date | None = None
    m = _DATE_LINE.match(text)
    if m:
        date = parse_date(m.group(1))
        if date is None:
            errs.append(f"{name}: date line {m.group(1)!r} is not a valid date")
        rest = m.group(2).strip()
        text = (rest + "\n" if rest else "") + text[m.end() :]
    if not text.strip():
        errs.append(f"{name}: empty document")
    return RawDocument(id=name, text=text, date=date, source_path=name, errors=errs)


def html_document(data: bytes, name: str, errors: list[str]) -> RawDocument:
    """An HTML page, kept whole in ``html`` for the cleaner."""
    errs = list(errors)
    if looks_binary(data):
        return RawDocument(id=name, source_path=name, errors=[*errs, f"{name}: binary file"])
    decoded = decode_bytes(data, declared_charset(data))
    if decoded.warning:
        errs.append(f"{name}: warning: {decoded.warning}")
    if not decoded.text.strip():
        errs.append(f"{name}: empty document")
    return RawDocument(id=name, html=decoded.text, source_path=name, errors=errs)


def _str_field(obj: dict[str, Any], key: str, where: str, errs: list[str]) -> str | None:
    """A string field; a field of another type is an error entry, never coerced (an ``id``
    may also be an integer, written in decimal)."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    errs.append(f"{where}: field {key!r} should be a string, not {type(value).__name__}; ignored")
    return None


def _cap(value: str | None, max_bytes: int, where: str, errs: list[str]) -> str | None:
    if value is not None and len(value) > max_bytes:
        errs.append(f"{where}: longer than {max_bytes} characters; truncated there")
        return value[:max_bytes]
    return value


def jsonl_record(line: bytes, name: str, lineno: int, max_bytes: int) -> RawDocument:
    """One JSON Lines record; any problem becomes an error entry naming ``file:line``."""
    where = f"{name}:{lineno}"
    fallback_id = f"{name}#{lineno}"
    decoded = decode_bytes(line)
    errs = [f"{where}: warning: {decoded.warning}"] if decoded.warning else []
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as e:
        return RawDocument(
            id=fallback_id, source_path=name, errors=[*errs, f"{where}: invalid JSON: {e.msg}"]
        )
    except RecursionError:
        problem = f"{where}: invalid JSON: nested too deeply"
        return RawDocument(id=fallback_id, source_path=name, errors=[*errs, problem])
    return object_record(obj, name, where, fallback_id, max_bytes, errs)


def object_record(
    obj: object, name: str, where: str, fallback_id: str, max_bytes: int, errors: list[str]
) -> RawDocument:
    """A document from one decoded JSON record (fields ``id``, ``text`` or ``html``,
    ``date``, ``url``, ``title``, ``publisher``)."""
    errs = list(errors)
    if not isinstance(obj, dict):
        problem = f"{where}: expected a JSON object, got {type(obj).__name__}"
        return RawDocument(id=fallback_id, source_path=name, errors=[*errs, problem])
    url = _str_field(obj, "url", where, errs)
    doc_id = _str_field(obj, "id", where, errs) or url or fallback_id
    text = _cap(_str_field(obj, "text", where, errs), max_bytes, where, errs)
    html = _cap(_str_field(obj, "html", where, errs), max_bytes, where, errs)
    if not (text or "").strip() and not (html or "").strip():
        errs.append(f"{where}: record has no 'text' or 'html'")
    date = parse_date(obj.get("date"))
    if obj.get("date") and date is None:
        errs.append(f"{where}: date {obj.get('date')!r} is not an ISO date")
    return RawDocument(
        id=doc_id,
        text=text,
        html=html,
        date=date,
        url=url,
        title=_str_field(obj, "title", where, errs),
        publisher=_str_field(obj, "publisher", where, errs),
        source_path=name,
        errors=errs,
    )


def jsonl_documents(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[RawDocument]:
    """One document per non-blank line, in order.

    A line is read at most :func:`max_line_bytes` at a time: a longer one (a decompression
    bomb's single line, say) is skipped in bounded chunks and becomes an error record, so no
    line is ever held whole beyond that limit.
    """
    seen = False
    limit = max_line_bytes(max_bytes)
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            seen = True
            problem = f"{name}:{lineno}: line longer than {limit} bytes; skipped"
            yield RawDocument(id=f"{name}#{lineno}", source_path=name, errors=[problem])
            continue
        if not line.strip():
            continue
        seen = True
        yield jsonl_record(line, name, lineno, max_bytes)
    if not seen:
        yield RawDocument(id=name, source_path=name, errors=[f"{name}: empty file"])


def max_line_bytes(max_bytes: int) -> int:
    """The longest JSON Lines line read: room for a ``max_bytes`` text escaped as JSON."""
    return 2 * max_bytes + _LINE_SLACK


def json_documents(data: bytes, name: str, errors: list[str]) -> Iterator[RawDocument]:
    """A ``.json`` file: one record (an object) or several (an array of objects)."""
    decoded = decode_bytes(data)
    errs = [*errors, f"{name}: warning: {decoded.warning}"] if decoded.warning else errors
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as e:
        problem = f"{name}:{e.lineno}: invalid JSON: {e.msg}"
        yield RawDocument(id=name, source_path=name, errors=[*errs, problem])
        return
    except RecursionError:
        problem = f"{name}: invalid JSON: nested too deeply"
        yield RawDocument(id=name, source_path=name, errors=[*errs, problem])
        return
    if not isinstance(obj, list):
        yield object_record(obj, name, name, name, len(data), errs)
        return
    for n, item in enumerate(obj, start=1):
        yield object_record(item, name, f"{name}#{n}", f"{name}#{n}", len(data), errs)

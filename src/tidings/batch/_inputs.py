"""The parent's side of reading: files named on the command line, counted cheaply, read safely.

A reader that fails on one file becomes one skip record for that file; the run goes on.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tidings.ingest import read_paths
from tidings.ingest.decode import looks_binary
from tidings.ingest.sources import compression_of, expand_paths, format_from_name, sniff_format
from tidings.records import RawDocument

log = logging.getLogger(__name__)

_COUNT_CHUNK = 1 << 20
_SNIFF_BYTES = 4096
# HTML carries markup and page chrome; its clean text is a fraction of its length
_HTML_CHARS_FACTOR = 5


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A document (or a whole file) that cannot be coded, and why."""

    doc_id: str
    source_path: str | None
    reason: str


def input_files(paths: Sequence[str]) -> tuple[list[str], list[InputProblem]]:
    """The files the paths name, in order, and the paths that name nothing readable."""
    files: list[str] = []
    problems: list[InputProblem] = []
    for path, problem in expand_paths(paths):
        if problem is None:
            files.append(path)
        else:
            problems.append(InputProblem(path, path, f"{path}: {problem}"))
    return files, problems


def _count_lines(path: str) -> int:
    """Non-blank lines, in time linear in the file's size however long one line is."""
    opener = gzip.open if path.lower().endswith((".gz", ".gzip")) else open
    count = 0
    open_line = False  # the line the last chunk ended in has had non-blank bytes
    with opener(path, "rb") as f:
        while chunk := f.read(_COUNT_CHUNK):
            lines = chunk.split(b"\n")
            for i, piece in enumerate(lines):
                open_line = open_line or bool(piece.strip())
                if i < len(lines) - 1:  # the line ends here
                    count += open_line
                    open_line = False
    return count + open_line


def count_documents(files: Sequence[str], max_scan_bytes: int = 1 << 30) -> int | None:
    """How many documents the files hold, when that is cheap to know; else None.

    Text and HTML files hold one document and JSON Lines one per non-blank line (counted by
    scanning at most ``max_scan_bytes`` in all); WARC archives and feeds would have to be
    parsed to count, so their presence gives None.
    """
    total = 0
    budget = max_scan_bytes
    for path in files:
        fmt = format_from_name(path)
        if fmt in ("text", "html"):
            total += 1
        elif fmt == "jsonl" and not path.lower().endswith((".zst", ".zstd")):
            try:
                budget -= os.path.getsize(path)
                if budget < 0:
                    return None  # too much to read twice just for a progress bar
                total += max(_count_lines(path), 1)
            except OSError:
                total += 1
        elif fmt is None:
            n = _count_sniffed(path)
            if n is None:
                return None
            total += n
        else:
            return None
    return total


def _count_sniffed(path: str) -> int | None:
    """Count a file whose name says nothing, from its first bytes (uncompressed only)."""
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return 1  # the reader will report it: one skip
    if not head or looks_binary(head):
        return 1
    if compression_of(path, head[:4]) is not None:
        return None
    fmt = sniff_format(head)
    if fmt in ("text", "html", "xml"):
        return 1
    if fmt == "jsonl":
        return max(_count_lines(path), 1)
    return None


def read_documents(files: Sequence[str]) -> Iterator[RawDocument | InputProblem]:
    """Every document in ``files`` in order; a file its reader cannot finish is a problem."""
    for path in files:
        try:
            yield from read_paths([path])
        except Exception as e:  # a reader bug on one file must not sink the batch
            log.warning("cannot read %s: %s", path, e, exc_info=log.isEnabledFor(logging.DEBUG))
            yield InputProblem(path, path, f"{path}: cannot read: {type(e).__name__}: {e}")


_MARKUP = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")


def dedupe_text(raw: RawDocument) -> str:
    """The words duplicate detection compares: the text, or the HTML without its markup."""
    if raw.text and raw.text.strip():
        return raw.text
    return _MARKUP.sub(" ", raw.html or "")


def problem_of(raw: RawDocument, max_chars: int) -> str | None:
    """Why ``raw`` cannot be coded (nothing to code, or too long to parse), else None."""
    is_text = bool(raw.text and raw.text.strip())
    body = raw.text if is_text else raw.html
    if not body or not body.strip():
        return "; ".join(raw.errors) if raw.errors else f"{raw.id}: empty document"
    limit = max_chars if is_text else max_chars * _HTML_CHARS_FACTOR
    if len(body) > limit:
        detail = f"; {'; '.join(raw.errors)}" if raw.errors else ""
        return (
            f"{raw.id}: document too long to parse ({len(body):,} characters, limit "
            f"{limit:,}){detail}"
        )
    return None

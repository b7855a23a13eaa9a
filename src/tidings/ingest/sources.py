"""Where documents come from: path expansion, decompression and format sniffing."""

from __future__ import annotations

import glob
import gzip
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

import zstandard

Format = Literal["text", "html", "json", "jsonl", "warc", "feed", "xml"]
Compression = Literal["gzip", "zstd"] | None

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_SUFFIX_FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
}
_GLOB_CHARS = frozenset("*?[")


def expand_paths(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, problem)`` for each file named, in order; directories recurse, sorted.

    ``problem`` is set (and the path is the one given) when nothing readable is there.
    """
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(_walk(p))
            if not found:
                yield given, "directory holds no files"
            yield from ((f, None) for f in found)
        elif p.exists():
            yield given, None
        elif _GLOB_CHARS & set(given):
            matches = sorted(m for m in glob.glob(given, recursive=True) if Path(m).is_file())
            if not matches:
                yield given, "no file matches this pattern"
            yield from ((m, None) for m in matches)
        else:
            yield given, "no such file or directory"


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


def compression_of(name: str, head: bytes) -> Compression:
    """The compression named by the suffix, else the one the magic bytes show."""
    lower = name.lower()
    if lower.endswith((".gz", ".gzip")) or head.startswith(_GZIP_MAGIC):
        return "gzip"
    if lower.endswith((".zst", ".zstd")) or head.startswith(_ZSTD_MAGIC):
        return "zstd"
    return None


def decompressed(stream: BinaryIO, compression: Compression) -> BinaryIO:
    """A readable, peekable binary stream of the decompressed content."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if compression == "zstd":
        reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
        return io.BufferedReader(reader)
    return stream


def format_from_name(name: str) -> Format | None:
    """The format the file name's suffix (under any compression suffix) says, if any."""
    stem = name.lower()
    for suffix in (".gz", ".gzip", ".zst", ".zstd"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return _SUFFIX_FORMATS.get(os.path.splitext(stem)[1])


def sniff_format(head: bytes) -> Format:
    """Guess a format from the first bytes of (decompressed) content."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        # one object per line, or one object spread over lines
        first_line = start.split(b"\n", 1)[0].rstrip()
        return "jsonl" if first_line.endswith(b"}") else "json"
    if start.startswith(b"<"):
        if is_feed(head):
            return "feed"
        return "html" if b"<html" in start[:4096] or b"<!doctype" in start[:64] else "xml"
    return "text"


def is_feed(head: bytes) -> bool:
    """True when XML content opens as RSS, Atom or RDF."""
    sample = head[:4096].lower()
    return any(tag in sample for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel"))

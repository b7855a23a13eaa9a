"""Where documents come from: path expansion, decompression and format sniffing."""

from __future__ import annotations

import gzip
import io
import os
import re
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
            matches = sorted(glob_files(given))
            if not matches:
                yield given, "no file matches this pattern"
            yield from ((m, None) for m in matches)
        else:
            yield given, "no such file or directory"


def glob_files(pattern: str) -> Iterator[str]:
    """Files matching a glob (``*``, ``?``, ``[...]``; ``**`` spans directories), found by
    walking from the pattern's fixed leading directories without following symbolic links to
    directories, so a link such as ``sub/root -> /`` or ``sub/up -> ..`` is never entered.
    Like the shell, wildcards do not match a leading dot."""
    parts = pattern.split(os.sep)
    fixed = 0
    while fixed < len(parts) - 1 and not _GLOB_CHARS & set(parts[fixed]):
        fixed += 1
    root = os.sep.join(parts[:fixed]) or ("." if not pattern.startswith(os.sep) else os.sep)
    rest = parts[fixed:]
    regex = re.compile(_glob_regex(rest))
    depth = None if "**" in rest else len(rest)  # how many levels below root can match
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        level = 0 if rel == "." else rel.count(os.sep) + 1
        if depth is not None and level >= depth - 1:
            dirnames[:] = []
        for name in filenames:
            relpath = name if rel == "." else os.path.join(rel, name)
            if regex.fullmatch(relpath.replace(os.sep, "/")):
                bare = root == "." and not pattern.startswith("./")
                yield relpath if bare else os.path.join(root, relpath)


def _glob_regex(parts: list[str]) -> str:
    out: list[str] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append("(?:[^./][^/]*/)*" if not last else "(?:[^./][^/]*/)*[^./][^/]*")
            continue
        out.append(_part_regex(part) + ("" if last else "/"))
    return "".join(out)


def _part_regex(part: str) -> str:
    out = ["(?!\\.)" if part[:1] in "*?[" else ""]
    i = 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and (end := part.find("]", i + 2)) != -1:
            body = part[i + 1 : end]
            negate = body[:1] == "!"
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


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

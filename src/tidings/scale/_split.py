"""Tasks of a bounded size: a large JSON Lines file becomes line-aligned byte ranges.

One task per input file gives one core to a user with one big export. So before submitting,
the client cuts each uncompressed JSON Lines input larger than ``task_bytes`` into ranges of
about that size, each starting at the beginning of a line, and notes the line number each
starts at (one sequential read of the file counting newlines), so a range's documents get the
same ids, line numbers in messages, and content hashes as when the whole file is read.

Compressed files, WARC, feeds and other formats stay one task per file (a gzip or zstd stream
cannot be entered in the middle without an index).

A task's output name is a stable hash of the file and its range, so with the same
``task_bytes`` a rerun finds what an earlier run finished.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import fsspec  # type: ignore[import-untyped]

from tidings.ingest.formats import DEFAULT_MAX_BYTES, jsonl_record
from tidings.ingest.sources import compression_of, format_from_name
from tidings.records import RawDocument
from tidings.scale._parquet import part_key

DEFAULT_TASK_BYTES = 4 * 1024 * 1024
_BLOCK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Task:
    """One unit of work: a whole input file, or the lines in bytes ``start``..``end``."""

    path: str
    start: int | None = None  # None: the whole file
    end: int | None = None
    first_line: int = 1

    @property
    def key(self) -> str:
        if self.start is None:
            return part_key(self.path)
        return part_key(f"{self.path}@{self.start}-{self.end}")

    @property
    def label(self) -> str:
        if self.start is None:
            return self.path
        return f"{self.path} bytes {self.start}-{self.end}"


def splittable(path: str, size: int | None, task_bytes: int) -> bool:
    """Whether ``path`` is a JSON Lines file worth cutting into ranges."""
    return (
        size is not None
        and size > task_bytes
        and format_from_name(path) == "jsonl"
        and compression_of(path, b"") is None
    )


def line_ranges(path: str, task_bytes: int) -> Iterator[Task]:
    """Ranges of about ``task_bytes`` that end just after a newline, with their first line."""
    start, first_line = 0, 1
    newlines = 0  # newlines seen since ``start``
    pos = 0  # the file offset of the block's first byte
    cut_after = task_bytes  # the first newline from here on ends the range
    with fsspec.open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            done = 0  # the bytes of the block already counted
            while pos + len(block) > cut_after:
                cut = block.find(b"\n", max(done, cut_after - pos))
                if cut < 0:
                    break
                newlines += block.count(b"\n", done, cut + 1)
                end = pos + cut + 1
                yield Task(path, start, end, first_line)
                first_line, newlines = first_line + newlines, 0
                start, cut_after, done = end, end + task_bytes, cut + 1
            newlines += block.count(b"\n", done)
            pos += len(block)
    if pos > start:
        yield Task(path, start, pos, first_line)


def read_range(task: Task, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument]:
    """The documents of one range, numbered as in the whole file."""
    if task.start is None or task.end is None:
        raise ValueError(f"{task.path} is a whole-file task, not a range")
    with fsspec.open(task.path, "rb") as fh:
        fh.seek(task.start)
        remaining = task.end - task.start
        lineno = task.first_line
        while remaining > 0:
            line = fh.readline(remaining)
            if not line:
                break
            remaining -= len(line)
            if line.strip():
                yield jsonl_record(line, task.path, lineno, max_bytes)
            lineno += 1

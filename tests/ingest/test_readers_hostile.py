"""Hostile input (issue 15): readers never fetch, never follow content as a path, never raise,
never hold more than their limits, and one bad record never loses the next."""

from __future__ import annotations

import gzip
import io
import os
import time
import tracemalloc
from pathlib import Path

import feedparser
import pytest
import zstandard

from tidings.batch._inputs import _count_lines, read_documents
from tidings.ingest import read_paths, read_stream
from tidings.ingest.sources import expand_paths
from tidings.records import RawDocument

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>
<item><title>Floods</title><link>https://ex.org/f</link><guid>planted-1</guid>
<description>Floods displaced 2,000 people.</description></item></channel></rss>"""
GOOD_LINE = b'{"id": "good", "text": "Rebels attacked a village."}\n'


def _docs(*paths: Path | str, **kw: int) -> list[RawDocument]:
    return list(read_paths([str(p) for p in paths], **kw))


def test_feed_content_that_looks_like_a_url_is_never_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []

    def no_fetch(url: str, *args: object, **kw: object) -> bytes:
        fetched.append(url)
        return FEED

    monkeypatch.setattr(feedparser.http, "get", no_fetch)
    (tmp_path / "a.rss").write_text("http://127.0.0.1:18960/x")
    (doc,) = _docs(tmp_path / "a.rss")
    assert fetched == [] and doc.errors and not doc.text


def test_feed_content_that_is_a_path_is_never_opened(tmp_path: Path) -> None:
    (tmp_path / "planted.rss").write_bytes(FEED)
    (tmp_path / "a.rss").write_text(str(tmp_path / "planted.rss"))
    (doc,) = _docs(tmp_path / "a.rss")
    assert doc.id != "planted-1" and doc.errors


def test_feed_parser_failure_is_one_error_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kw: object) -> object:
        raise KeyError("links")

    (tmp_path / "a.rss").write_bytes(FEED)
    monkeypatch.setattr(feedparser, "parse", broken)
    (doc,) = _docs(tmp_path / "a.rss")
    assert "not a readable feed" in doc.errors[-1] and "KeyError" in doc.errors[-1]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bad.jsonl.gz", gzip.compress(GOOD_LINE * 50)[:40] + b"\x00garbage" * 20),
        ("bad.jsonl.zst", zstandard.compress(GOOD_LINE * 50)[:30] + b"\xff" * 64),
        ("deep.jsonl", b"[" * 5000 + b"\n" + GOOD_LINE),
        ("deep.json", b"[" * 5000),
        ("bad.rss", b"<rss><channel><item><link>"),
    ],
)
def test_a_broken_file_beside_a_good_one_never_raises(
    tmp_path: Path, name: str, data: bytes
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.jsonl").write_bytes(GOOD_LINE)
    docs = _docs(tmp_path / name, tmp_path / "good.jsonl")
    assert docs[-1].id == "good" and not docs[-1].errors
    bad = [d for d in docs[:-1] if d.errors]
    assert bad and all(str(tmp_path / name) in e for d in bad for e in d.errors)


def test_a_bad_json_line_never_loses_later_lines(tmp_path: Path) -> None:
    lines = [GOOD_LINE, b"[" * 5000 + b"\n", b"{not json\n", GOOD_LINE.replace(b"good", b"last")]
    (tmp_path / "a.jsonl").write_bytes(b"".join(lines))
    docs = [d for d in read_documents([str(tmp_path / "a.jsonl")]) if isinstance(d, RawDocument)]
    assert [d.id for d in docs][::3] == ["good", "last"] and len(docs) == 4
    assert "a.jsonl:2: invalid JSON: nested too deeply" in docs[1].errors[0]
    assert "a.jsonl:3: invalid JSON" in docs[2].errors[0]


def test_a_decompression_bomb_line_is_skipped_while_streaming(tmp_path: Path) -> None:
    # one 60 MB line (60 KB compressed) between good lines; max_bytes 1 MB
    comp = gzip.compress(GOOD_LINE + b'{"text": "' + b"a" * 60_000_000 + b'"}\n' + GOOD_LINE)
    (tmp_path / "bomb.jsonl.gz").write_bytes(comp)
    tracemalloc.start()
    docs = _docs(tmp_path / "bomb.jsonl.gz", max_bytes=1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [d.id for d in docs][::2] == ["good", "good"]
    assert "bomb.jsonl.gz:2: line longer than" in docs[1].errors[0]
    assert peak < 20_000_000  # never the whole line


def test_line_count_is_linear_in_one_long_line(tmp_path: Path) -> None:
    for size in (2_000_000, 40_000_000):
        (tmp_path / f"{size}.jsonl").write_bytes(b"x" * size + b"\n\n  \nlast")
    start = time.perf_counter()
    assert _count_lines(str(tmp_path / "2000000.jsonl")) == 2
    small = time.perf_counter() - start
    start = time.perf_counter()
    assert _count_lines(str(tmp_path / "40000000.jsonl")) == 2
    assert time.perf_counter() - start < max(60 * small, 0.5)  # 20x the size


def test_globs_never_follow_symlinked_directories(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / "deep" / "a.txt").write_text("Rebels attacked a village.")
    os.symlink("/", tmp_path / "sub" / "root")
    os.symlink("..", tmp_path / "sub" / "up")
    found = [p for p, problem in expand_paths([str(tmp_path / "**" / "*.txt")])]
    assert found == [str(tmp_path / "sub" / "deep" / "a.txt")]


def test_json_fields_of_the_wrong_type_are_errors_not_coerced() -> None:
    line = b'{"id": 7, "text": 123, "html": "<p>Talks resumed.</p>", "title": ["x"]}\n'
    (doc,) = read_stream(io.BytesIO(line), "a.jsonl")
    assert doc.id == "7" and doc.text is None and doc.title is None
    assert any("'text' should be a string, not int" in e for e in doc.errors)
    assert any("'title' should be a string, not list" in e for e in doc.errors)


def test_latin1_with_few_accents_is_not_replacement_characters(tmp_path: Path) -> None:
    text = "The minister met delegates in Bogotá on Tuesday. " + "Talks went on. " * 60
    (tmp_path / "a.txt").write_bytes(text.encode("latin-1"))
    (doc,) = _docs(tmp_path / "a.txt")
    assert doc.text == text and "\ufffd" not in doc.text

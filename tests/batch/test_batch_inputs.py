from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tidings.batch import count_documents, input_files, read_documents
from tidings.batch._inputs import InputProblem, dedupe_text, problem_of
from tidings.records import RawDocument


def test_batch_inputs_count_is_cheap_and_exact_for_text_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One page.\n")
    (tmp_path / "b.html").write_text("<html><body><p>Two</p></body></html>")
    (tmp_path / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}')
    with gzip.open(tmp_path / "d.jsonl.gz", "wt") as f:
        f.write('{"text": "x"}\n{"text": "y"}\n')
    (tmp_path / "noext").write_text('{"text": "sniffed as JSON Lines"}\n{"text": "2"}\n')
    files, problems = input_files([str(tmp_path)])
    assert problems == []
    assert count_documents(files) == 1 + 1 + 3 + 2 + 2
    assert count_documents(files, max_scan_bytes=10) is None  # too big to scan: no total
    assert sum(1 for _ in read_documents(files)) == 9


def test_batch_inputs_count_unknown_for_archives(tmp_path: Path) -> None:
    (tmp_path / "a.warc").write_bytes(b"WARC/1.0\r\n")
    files, _ = input_files([str(tmp_path)])
    assert count_documents(files) is None


def test_batch_inputs_missing_path_is_a_problem_not_an_error(tmp_path: Path) -> None:
    files, problems = input_files([str(tmp_path / "nope.txt")])
    assert files == [] and "no such file" in problems[0].reason


def test_batch_inputs_reader_crash_becomes_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("fine\n")
    (tmp_path / "b.txt").write_text("fine too\n")

    def broken(paths: list[str]) -> list[RawDocument]:
        if paths[0].endswith("a.txt"):
            raise ValueError("reader bug")
        return [RawDocument(id=paths[0], text="fine too")]

    monkeypatch.setattr("tidings.batch._inputs.read_paths", broken)
    files, _ = input_files([str(tmp_path)])
    got = list(read_documents(files))
    assert isinstance(got[0], InputProblem) and "reader bug" in got[0].reason
    assert isinstance(got[1], RawDocument)


@pytest.mark.parametrize(
    ("raw", "expect"),
    [
        (RawDocument(id="e", text="  \n"), "empty document"),
        (RawDocument(id="b", errors=["b: binary file"]), "binary file"),
        (RawDocument(id="long", text="x" * 101), "too long to parse (101 characters"),
        (RawDocument(id="html", html="<p>" + "x" * 200 + "</p>"), None),
        (RawDocument(id="ok", text="fine", errors=["ok: warning: invalid UTF-8"]), None),
    ],
)
def test_batch_inputs_problem_of(raw: RawDocument, expect: str | None) -> None:
    got = problem_of(raw, max_chars=100)
    assert (got is None) if expect is None else (got is not None and expect in got)


def test_batch_inputs_dedupe_text_drops_markup() -> None:
    raw = RawDocument(id="h", html="<html><script>var x=1;</script><p>Police <b>came</b></p>")
    assert dedupe_text(raw).split() == ["Police", "came"]

"""Only http(s) URLs are kept, served or exported (issue 15): a stored ``javascript:`` URL
(written before URLs were checked) never reaches an export, and a reader drops one."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tidings.export import export_events
from tidings.export.common import source_link
from tidings.ingest import read_paths
from tidings.records import DocumentResult, RawDocument, web_url
from tidings.store import Store

BAD = [
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//evil.example/x",
    "http://",
    "https:///path",
    "vbscript:msgbox(1)",
    "",
]


@pytest.mark.parametrize("url", BAD)
def test_only_web_urls_are_kept(url: str) -> None:
    assert web_url(url) is None
    assert RawDocument(id="d", text="x", url=url).url is None
    assert DocumentResult(id="d", text="x", url=url).url is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("HTTP://Example.org", "HTTP://Example.org"),
        ("  http://example.org/x \n", "http://example.org/x"),
    ],
)
def test_web_urls_are_kept(url: str, kept: str) -> None:
    assert web_url(url) == kept and RawDocument(id="d", text="x", url=url).url == kept


def test_a_url_column_never_holds_another_scheme() -> None:
    assert source_link("javascript:alert(1)", "doc-1") == "doc-1"
    assert source_link(None, "javascript:alert(1)") == ""
    assert source_link(None, "https://example.org/a") == "https://example.org/a"
    assert source_link("https://example.org/b", "x") == "https://example.org/b"


@pytest.mark.parametrize("fmt", ["plover", "gdelt", "acled", "parquet"])
def test_a_stored_javascript_url_never_reaches_an_export(
    tmp_path: Path, results: list[DocumentResult], fmt: str
) -> None:
    with Store(tmp_path / "js.duckdb") as store:
        for r in results:  # model_copy does not validate: as an old database would hold it
            bad = r.model_copy(update={"url": "javascript:alert(document.domain)"})
            store.write_result(bad, content_hash=f"h-{r.id}")
        out = tmp_path / f"out.{fmt}"
        assert export_events(store, fmt, out).written > 0  # type: ignore[arg-type]
    if fmt == "parquet":
        table = pq.read_table(out)
        assert set(table.column("url").to_pylist()) == {None}
    else:
        assert "javascript:" not in out.read_text(encoding="utf-8")


def test_a_reader_drops_a_javascript_url(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"id": "a", "text": "Police arrested ten.", "url": "javascript:alert(1)"}\n'
        '{"id": "b", "text": "Police arrested ten.", "url": "https://example.org/b"}\n',
        encoding="utf-8",
    )
    docs = list(read_paths([str(path)]))
    assert [(d.id, d.url) for d in docs] == [("a", None), ("b", "https://example.org/b")]

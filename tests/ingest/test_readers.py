"""Readers: every format, compression, directories and globs, and bad input that never raises."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.ingest import content_hash, read_paths, read_stream
from tidings.records import RawDocument

HTML = "<html><head><title>Quake</title></head><body><p>An earthquake hit.</p></body></html>"
RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Daily Ledger</title>
<item><title>Floods in Dhaka</title><link>https://ex.org/floods</link>
<guid>ex-1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Floods displaced 2,000 people.</description></item>
<item><title>Strike ends</title><link>https://ex.org/strike</link>
<description>&lt;p&gt;Dock workers &lt;b&gt;ended&lt;/b&gt; their strike.&lt;/p&gt;
</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Talks resume</title><id>urn:wire:7</id><link href="https://wire.ex/7"/>
<updated>2024-03-06T08:00:00Z</updated><summary>Negotiators met in Doha.</summary></entry>
</feed>"""


def _docs(*paths: Path | str, **kw: int) -> list[RawDocument]:
    return list(read_paths([str(p) for p in paths], **kw))


def test_readers_text_date_line_with_trailing_text(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(" date 2022-01-10 Support The Daily Ledger!\nContribute today\n\nBody.\n")
    (doc,) = _docs(p)
    assert doc.id == str(p) and doc.date == date(2022, 1, 10) and not doc.errors
    assert doc.text == "Support The Daily Ledger!\nContribute today\n\nBody.\n"


def test_readers_text_without_date_line_and_bad_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rebels attacked a village.")
    (tmp_path / "b.txt").write_text("date 2022-13-45\nRebels attacked a village.")
    a, b = _docs(tmp_path / "a.txt", tmp_path / "b.txt")
    assert a.date is None and a.text == "Rebels attacked a village." and not a.errors
    assert b.date is None and b.text == "Rebels attacked a village."
    assert "not a valid date" in b.errors[0]


def test_readers_html(tmp_path: Path) -> None:
    (tmp_path / "p.htm").write_text(HTML)
    (doc,) = _docs(tmp_path / "p.htm")
    assert doc.html == HTML and doc.text is None and not doc.errors


def test_readers_html_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва</p></body></html>'
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    (doc,) = _docs(tmp_path / "ru.html")
    assert doc.html == page and not doc.errors


def test_readers_jsonl_records_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "Troops fired.", "date": "2024-03-05", "title": "T"}),
        "",
        "{not json",
        json.dumps({"url": "https://ex.org/2", "html": HTML, "date": "2024-03-06T10:00:00Z"}),
        json.dumps(["a list"]),
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "x5"}),
    ]
    p.write_text("\n".join(lines) + "\n")
    docs = _docs(p)
    assert [d.id for d in docs] == ["x1", f"{p}#3", "https://ex.org/2", f"{p}#5", f"{p}#6", "x5"]
    assert docs[0].date == date(2024, 3, 5) and docs[0].title == "T" and not docs[0].errors
    assert f"{p}:3: invalid JSON" in docs[1].errors[0]
    assert docs[2].html == HTML and docs[2].date == date(2024, 3, 6)
    assert "expected a JSON object" in docs[3].errors[0]
    assert docs[4].text == "No id here." and not docs[4].errors
    assert "no 'text' or 'html'" in docs[5].errors[0]


def test_readers_json_object_and_array(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"id": "j1", "text": "One."}, indent=2))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "A."}, 3, {"id": "j3", "text": "C."}]))
    (tmp_path / "bad.json").write_text('{"id": "x",\n "text": }')
    one, a, three, c, bad = _docs(*(tmp_path / n for n in ("one.json", "many.json", "bad.json")))
    assert (one.id, one.text) == ("j1", "One.")
    assert (a.id, a.text, c.id) == (f"{tmp_path / 'many.json'}#1", "A.", "j3")
    assert "expected a JSON object" in three.errors[0]
    assert "bad.json:2: invalid JSON" in bad.errors[0]
    (stream_doc,) = read_stream(io.BytesIO(b'{\n "id": "s",\n "text": "Spread."\n}'), "-")
    assert (stream_doc.id, stream_doc.text) == ("s", "Spread.")


def _warc_bytes(n: int) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(n):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        body = HTML.replace("earthquake", f"earthquake {i}").encode()
        rec = writer.create_warc_record(
            f"https://ex.org/{i}", "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(rec)
    return buf.getvalue()


def test_readers_warc_and_truncated_warc(tmp_path: Path) -> None:
    data = _warc_bytes(3)
    (tmp_path / "ok.warc.gz").write_bytes(data)
    docs = _docs(tmp_path / "ok.warc.gz")
    assert [d.id for d in docs] == [f"https://ex.org/{i}" for i in range(3)]
    assert all(d.html and "earthquake" in d.html and not d.errors for d in docs)
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 60])
    cut = _docs(tmp_path / "cut.warc.gz")
    assert [d.id for d in cut[:2]] == ["https://ex.org/0", "https://ex.org/1"]
    assert not cut[0].errors and cut[-1].errors and "truncated WARC" in cut[-1].errors[-1]


def test_readers_feeds(tmp_path: Path) -> None:
    (tmp_path / "f.rss").write_text(RSS)
    (tmp_path / "g.xml").write_text(ATOM)
    (tmp_path / "h.xml").write_text("<?xml version='1.0'?><catalog><book/></catalog>")
    docs = _docs(tmp_path / "f.rss", tmp_path / "g.xml", tmp_path / "h.xml")
    floods, strike, talks, other = docs
    assert (floods.id, floods.title, floods.url) == (
        "ex-1",
        "Floods in Dhaka",
        "https://ex.org/floods",
    )
    assert floods.date == date(2024, 3, 5) and floods.text == "Floods displaced 2,000 people."
    assert floods.publisher == "Daily Ledger"
    assert strike.id == "https://ex.org/strike" and strike.html and "<b>ended</b>" in strike.html
    assert talks.id == "urn:wire:7" and talks.date == date(2024, 3, 6)
    assert talks.text == "Negotiators met in Doha."
    assert "neither an RSS nor an Atom feed" in other.errors[0]


def test_readers_compressed(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"date 2024-01-02\nA gz text."))
    zst = zstandard.ZstdCompressor().compress(json.dumps({"id": "z", "text": "Zst."}).encode())
    (tmp_path / "b.jsonl.zst").write_bytes(zst)
    (tmp_path / "c.rss.gz").write_bytes(gzip.compress(RSS.encode()))
    a, b, *feed = _docs(tmp_path / "a.txt.gz", tmp_path / "b.jsonl.zst", tmp_path / "c.rss.gz")
    assert a.text == "A gz text." and a.date == date(2024, 1, 2)
    assert (b.id, b.text) == ("z", "Zst.")
    assert [d.title for d in feed] == ["Floods in Dhaka", "Strike ends"]


def test_readers_directories_globs_and_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("sub/b.txt", "a.txt", "sub/a.txt", ".hidden.txt"):
        (tmp_path / name).write_text(name)
    ids = [d.id for d in _docs(tmp_path)]
    assert ids == [str(tmp_path / n) for n in ("a.txt", "sub/a.txt", "sub/b.txt")]
    globbed = [d.id for d in _docs(tmp_path / "sub" / "*.txt", tmp_path / "a.txt")]
    assert globbed == [str(tmp_path / n) for n in ("sub/a.txt", "sub/b.txt", "a.txt")]
    (nomatch,) = _docs(tmp_path / "*.html")
    assert "no file matches" in nomatch.errors[0]


def test_readers_bad_input_never_raises(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin.txt").write_bytes(
        "Caf\u00e9 \u00e0 Dakar, d\u00e9put\u00e9s".encode("cp1252")
    )
    # damaged UTF-8: valid multi-byte sequences around the broken bytes
    (tmp_path / "bad.txt").write_bytes("Good text é ".encode() * 50 + b"\xff\xfe broken byte")
    (tmp_path / "big.txt").write_bytes("é".encode() * 5000)
    (tmp_path / "bad.gz").write_bytes(gzip.compress(b"some text")[:-12])
    docs = _docs(
        tmp_path / "missing.txt",
        *(tmp_path / n for n in ("empty.txt", "bin.txt", "latin.txt", "bad.txt", "big.txt")),
        tmp_path / "bad.gz",
        max_bytes=1001,
    )
    missing, empty, binary, latin, bad, big, badgz = docs
    assert missing.id == str(tmp_path / "missing.txt") and "no such file" in missing.errors[0]
    assert "empty" in empty.errors[0]
    assert "binary" in binary.errors[-1] and binary.text is None
    assert latin.text == "Café à Dakar, députés" and "Windows-1252" in latin.errors[0]
    assert bad.text and bad.text.startswith("Good text") and "invalid UTF-8" in bad.errors[0]
    assert big.text == "é" * 500 and "truncated" in big.errors[0]
    assert badgz.errors


def test_readers_stream_sniffs_format() -> None:
    data = (json.dumps({"id": "s1", "text": "From stdin."}) + "\n").encode()
    (doc,) = read_stream(io.BytesIO(data), "-")
    assert (doc.id, doc.text) == ("s1", "From stdin.")
    (page,) = read_stream(io.BytesIO(gzip.compress(HTML.encode())), "-")
    assert page.html == HTML
    (text,) = read_stream(io.BytesIO(b"Plain words."), "-")
    assert text.text == "Plain words." and text.id == "-"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Rebels attacked.\n\nPolice came.", "Rebels  attacked.\nPolice came. ", True),
        ("Caf\u00e9", "Cafe\u0301", True),
        ("Rebels attacked.", "Rebels retreated.", False),
    ],
)
def test_readers_content_hash_is_stable(a: str, b: str, same: bool) -> None:
    ha = content_hash(RawDocument(id="1", text=a))
    hb = content_hash(RawDocument(id="2", text=b))
    assert (ha == hb) is same and len(ha) == 40
    assert content_hash(RawDocument(id="3", html=a)) != ha

"""Fuzzing every reader (issue 15): any bytes under any name give documents, never an
exception. A few seconds by default; ``-m slow`` runs many more examples."""

from __future__ import annotations

import gzip
import io
import json

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.ingest import read_stream
from tidings.records import RawDocument

NAMES = ["a.txt", "a.html", "a.json", "a.jsonl", "a.warc", "a.rss", "a.atom", "a.xml", "a",
         "a.jsonl.gz", "a.txt.zst", "a.warc.gz", "-"]  # fmt: skip
SEEDS = [
    b'{"id": "x", "text": "Police arrested two men."}\n',
    b"<rss><channel><item><title>t</title><description>d</description></item></channel></rss>",
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry></entry></feed>',
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n",
    b"<html><body><p>Talks resumed.</p></body></html>",
    b"date 2024-03-05\nRebels attacked a village.",
    b"[" * 3000,
    json.dumps([{"text": "a"}, 1, None, {"text": 5}]).encode(),
]


def mutations() -> st.SearchStrategy[bytes]:
    seeded = st.tuples(st.sampled_from(SEEDS), st.binary(max_size=64), st.integers(0, 300)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    )
    wrapped = st.one_of(seeded, st.binary(max_size=512)).flatmap(
        lambda b: st.sampled_from(
            [b, gzip.compress(b), zstandard.compress(b), gzip.compress(b)[:-7]]
        )
    )
    return wrapped


def check_read(data: bytes, name: str) -> None:
    """Any bytes under ``name`` read to documents, never an exception (``scripts/fuzz.py``)."""
    docs = list(read_stream(io.BytesIO(data), name, max_bytes=4096))
    assert docs and all(isinstance(d, RawDocument) for d in docs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations(), st.sampled_from(NAMES))
def test_readers_never_raise(data: bytes, name: str) -> None:
    check_read(data, name)


@pytest.mark.slow
@settings(max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutations(), st.sampled_from(NAMES))
def test_readers_never_raise_long(data: bytes, name: str) -> None:
    check_read(data, name)

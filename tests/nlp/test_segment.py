"""Bounded segments (issue 15 item 3): pieces never over the limit, joined they are the text,
and a long text's doc keeps every offset of the whole."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from tidings.nlp.segment import parse, segments


@given(
    st.text(alphabet=st.sampled_from("ab .\n!?\"'\t"), max_size=400),
    st.integers(2, 30),
    st.integers(0, 60),
)
def test_segments_are_bounded_and_join_to_the_text(text: str, run: int, extra: int) -> None:
    pieces = segments(text, run + extra, run)
    assert "".join(pieces) == text
    assert all(len(p) <= run + extra for p in pieces)
    assert all(pieces[:-1])  # no empty piece before the last


def test_segments_pack_sentences_and_cut_long_runs_at_spaces() -> None:
    text = "One two three. Four five six.\n\nSeven eight nine. Ten eleven twelve."
    assert segments(text, 40, 20) == [
        "One two three. Four five six.\n\n",
        "Seven eight nine. Ten eleven twelve.",
    ]
    assert segments(text, 100, 20) == [text]
    assert segments("aaaa bbbb cccc dddd. Next.", 40, 12) == [
        "aaaa bbbb ", "cccc dddd. ", "Next.",
    ]  # fmt: skip
    assert segments("x" * 25, 40, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert segments("") == [""]
    with pytest.raises(ValueError):
        segments("abc", 1, 1)


def test_parse_joins_segment_docs_with_whole_text_offsets(pipeline: Any) -> None:
    nlp: Language = pipeline.nlp
    text = "Police arrested 25 protesters in Nairobi. " * 30 + "Rebels attacked a village."
    (whole,) = parse(nlp, [text], max_chars=200, run_chars=100)
    assert whole.text == text and len(list(whole.sents)) >= 31
    rebels = next(t for t in whole if t.text == "Rebels")
    assert text[rebels.idx : rebels.idx + 6] == "Rebels"
    assert [e.text for e in whole.ents if e.label_ == "GPE"].count("Nairobi") >= 25

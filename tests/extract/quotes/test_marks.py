"""Quotation-mark pairing: curly and straight marks, apostrophes, nesting, paragraphs."""

from __future__ import annotations

import pytest

from tidings.extract.quotes._marks import find_quote_spans


def _quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will win,” he said.", ["We will win,"]),
        ('He called it "limited" and "brief".', ["limited", "brief"]),
        ("‘We will win,’ the leader said.", ["We will win,"]),
        ("The so-called “color revolutions” failed.", ["color revolutions"]),
        ("“Fine”, “good” and “bad”.", ["Fine", "good", "bad"]),
    ],
)
def test_marks_pairs_curly_and_straight(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The authorities’ latest claims",
        "They don't know the country’s plans.",
        "Reforms of the ’90s and the '80s failed.",
        "The boys' bikes were stolen.",
    ],
)
def test_marks_apostrophes_are_not_quotes(text: str) -> None:
    assert _quoted(text) == []


def test_marks_nested_quotes_stay_inside_outer() -> None:
    text = "“They called it a ‘special operation,’ but it was a war,” she said."
    assert _quoted(text) == ["They called it a ‘special operation,’ but it was a war,"]


def test_marks_nested_double_marks() -> None:
    text = "They stated, “today’s “Straw vote” is not a step towards integration.”"
    assert _quoted(text) == ["today’s “Straw vote” is not a step towards integration."]


def test_marks_quote_continues_into_next_paragraph() -> None:
    text = "The mayor said: “We will rebuild.\n\n“The work starts in May.”\n\nThen he left."
    (span,) = find_quote_spans(text)
    assert text[span.start : span.end] == "We will rebuild.\n\n“The work starts in May."


def test_marks_unclosed_quote_drops_only_its_region() -> None:
    text = "He said “this never closes.\n\nLater “Fine,” she said, and “good.”"
    assert _quoted(text) == ["Fine,", "good."]


def test_marks_unclosed_outer_promotes_inner_quotes() -> None:
    text = "“Broken here. He said “fine,” ok."
    assert _quoted(text) == ["fine,"]


def test_marks_stray_closing_mark_is_ignored() -> None:
    assert _quoted("Odd” text with “a quote” in it.") == ["a quote"]

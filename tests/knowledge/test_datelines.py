"""The one dateline pattern (issue 11): what it finds, and what each stage makes of it."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.clean.dates import find_page_date
from tidings.knowledge.datelines import dateline, dateline_end, is_wire_place


@pytest.mark.parametrize(
    ("text", "groups", "end"),
    [
        (
            "KADUNA, Nigeria (AP) - Gunmen",
            {"place": "KADUNA", "region": "Nigeria", "agency": "AP"},
            23,
        ),
        ("NEW DELHI (Reuters) — police", {"place": "NEW DELHI", "agency": "Reuters"}, 22),
        ("ALMATY, March 4 (Reuters) - Kazakh", {"place": "ALMATY", "month": "March"}, 28),
        ("BEIRUT: Israeli jets", {"place": "BEIRUT", "sep": ":"}, 8),
        ("WASHINGTON D.C. — The", {"place": "WASHINGTON D.C."}, 18),
        ("ahmedabad: police arrested", {"lower": "ahmedabad"}, 11),
        ("Moscow, Jan. 10, 2022 - Putin", {"place": "Moscow", "year": "2022"}, 0),
    ],
)
def test_datelines_found(text: str, groups: dict[str, str], end: int) -> None:
    m = dateline().match(text)
    assert m is not None and {k: m[k] for k in groups} == groups
    assert dateline_end(text) == end  # a mixed-case place is no wire dateline


@pytest.mark.parametrize(
    "text",
    [
        "The UN - and its agencies - said US troops left.",
        "US-backed forces advanced.",
        "Police said: nothing.",
        "He said - nothing",
    ],
)
def test_no_wire_dateline_in_ordinary_sentences(text: str) -> None:
    m = dateline().match(text)
    assert m is None or not is_wire_place(m)
    assert dateline_end(text) == 0


def test_datelines_on_every_line() -> None:
    text = "Intro line.\nBEIJING - China warned.\n  KABUL, Afghanistan, Jan 5 — Taliban"
    places = [m["place"] for m in dateline().finditer(text) if is_wire_place(m)]
    assert places == ["BEIJING", "KABUL"]


def test_the_page_date_from_a_dated_dateline() -> None:
    assert find_page_date([], "Moscow, Jan. 10, 2022 - Putin said on Monday.") == date(2022, 1, 10)
    assert find_page_date([], "MOSCOW - Putin said on Jan. 10, 2022.") is None

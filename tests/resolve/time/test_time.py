"""Time expressions and event dates relative to the publication date."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from tidings.extract.types import EventMention, Mention
from tidings.resolve.time import (
    EventDate,
    date_event,
    find_time_expressions,
    resolve_expression,
)

MONDAY = date(2022, 1, 10)


def _resolve(text: str, pub: date = MONDAY, future: bool = False) -> EventDate | None:
    exprs = find_time_expressions(text)
    assert exprs, f"no time expression found in {text!r}"
    return resolve_expression(exprs[0], pub, future)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Putin said Monday", EventDate(date(2022, 1, 10), "day")),
        ("police fired on Friday", EventDate(date(2022, 1, 7), "day")),
        ("last Monday", EventDate(date(2022, 1, 3), "day")),
        ("yesterday", EventDate(date(2022, 1, 9), "day")),
        ("today", EventDate(date(2022, 1, 10), "day")),
        ("last week", EventDate(date(2022, 1, 3), "week")),
        ("last month", EventDate(date(2021, 12, 1), "month")),
        ("erupted earlier this month", EventDate(date(2022, 1, 1), "month")),
        ("on 5 January", EventDate(date(2022, 1, 5), "day")),
        ("Jan. 5", EventDate(date(2022, 1, 5), "day")),
        ("March 3, 2020", EventDate(date(2020, 3, 3), "day")),
        ("On 21 March 2020, 12 militants", EventDate(date(2020, 3, 21), "day")),
        ("in 2016", EventDate(date(2016, 1, 1), "year")),
        ("in May 2021", EventDate(date(2021, 5, 1), "month")),
        ("from 3 to 5 March", EventDate(date(2021, 3, 3), "day", date(2021, 3, 5))),
        ("three days ago", EventDate(date(2022, 1, 7), "day")),
        ("Three Days AGO", EventDate(date(2022, 1, 7), "day")),  # "ago" is looked for in any case
        ("2019-07-04", EventDate(date(2019, 7, 4), "day")),
    ],
)
def test_time_expressions_resolve(text: str, want: EventDate) -> None:
    assert _resolve(text) == want


def test_time_days_after_is_a_january_week() -> None:
    got = _resolve("came days after troops were deployed")
    assert got is not None and got.precision == "week"
    assert got.date is not None and (got.date.year, got.date.month) == (2022, 1)


def test_time_future_weekday_goes_forward() -> None:
    assert _resolve("he will travel on Friday", future=True) == EventDate(date(2022, 1, 14), "day")


@pytest.mark.parametrize(
    "text",
    ["We may march to the square", "Sat down with them", "They will march again", "the Sept"],
)
def test_time_ordinary_words_are_not_dates(text: str) -> None:
    assert find_time_expressions(text) == []


def _event(text: str, trigger: str) -> tuple[spacy.tokens.Doc, EventMention]:
    doc = spacy.blank("en")(text)
    t = text.index(trigger)
    em = EventMention(
        event_type="ASSAULT",
        trigger=Mention(trigger, t, t + len(trigger)),
        sentence=Mention(text, 0, len(text)),
        sentence_index=0,
    )
    return doc, em


def test_time_date_event_reads_the_sentence() -> None:
    doc, em = _event("Police detained 20 people on Friday in the capital.", "detained")
    assert date_event(doc, em, MONDAY) == EventDate(date(2022, 1, 7), "day")


def test_time_date_event_prefers_the_time_mention() -> None:
    text = "On 5 March 2020, Taliban attacked a post; officials spoke on Monday."
    doc, em = _event(text, "attacked")
    em.time = Mention("5 March 2020", 3, 15)
    assert date_event(doc, em, date(2020, 3, 9)) == EventDate(date(2020, 3, 5), "day")


def test_time_date_event_defaults_to_publication_date() -> None:
    doc, em = _event("Protesters blocked the road.", "blocked")
    assert date_event(doc, em, MONDAY) == EventDate(MONDAY, "day")
    assert date_event(doc, em, None) == EventDate(None, None)


def test_event_without_time_takes_the_explicit_date_of_its_context() -> None:
    from datetime import date

    from tidings.pipeline import code

    text = (
        "On March 3, gunmen attacked a checkpoint in Kandahar. "
        "Two soldiers were killed in the attack.\n\n"
        "Separately, police arrested three men in Kabul."
    )
    result = code(text, date(2020, 3, 10))
    # the follow-up is one incident with the attack (events.merge_incidents): by any sentence
    by_text = {t: ev for ev in result.events for t in ev.event_text}
    killed = by_text["Two soldiers were killed in the attack."]
    assert (killed.date, killed.date_precision) == (date(2020, 3, 3), "day")
    # another paragraph with no date of its own: the publication date
    arrested = by_text["Separately, police arrested three men in Kabul."]
    assert arrested.date == date(2020, 3, 10)


@pytest.mark.parametrize(
    "text",
    [
        "From 3 to 5 June 2020 and June 3-5, 2020, then 2020-06-07 and 8th of June.",
        "In mid-March 2021, early in May, in 2019, last Monday's raid and Tuesday.",
        "The day before yesterday, tonight, this Evening, earlier this week, last year.",
        "Later today, days after, recently, in recent months; three weeks ago, a year ago.",
    ],
)
def test_time_expressions_hold_a_word_their_pattern_needs(text: str) -> None:
    from tidings.resolve.time.expressions import _ANY_CASE, _patterns

    # a text without any of a pattern's words is not searched with it: every match holds one
    seen = set()
    for kind, pattern, needs in _patterns():
        for m in pattern.finditer(text):
            seen.add(kind)
            found = m.group(0).lower() if kind in _ANY_CASE else m.group(0)
            assert any(word in found for word in needs), (kind, m.group(0))
    assert seen

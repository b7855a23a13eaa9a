"""Time expressions found by hand-written rules, resolved against a publication date.

No general date searcher is trusted here: they take "We", "may", "March" (the verb) or "Sat"
for dates. Month names must be capitalised, and a bare "May"/"March" counts only next to a
day number, a year, or a word such as "in", "early", "last".
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import Literal

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_yaml
from tidings.knowledge.words import month_numbers

Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened: a date, how precise it is, and the end of a span."""

    date: Date | None
    precision: Precision | None
    enddate: Date | None = None
    # offsets of the expression it was read from (not part of what the date is)
    span: tuple[int, int] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time phrase in a text and what it means relative to the publication date."""

    text: str
    start: int
    end: int
    kind: str  # absolute | month | year | weekday | relative
    groups: tuple[str | None, ...]


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    weekdays: dict[str, int]
    future_markers: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _words() -> _Words:
    source = data_file("time", "words.yaml")
    data = read_yaml(source)
    try:
        return _Words(
            months=month_numbers(),
            weekdays={str(k): int(v) for k, v in data["weekdays"].items()},
            future_markers=tuple(str(w) for w in data["future_markers"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"{source}: bad time words: {e}") from e


# the kinds matched in any case; the others' month and weekday names must be capitalised
_ANY_CASE = frozenset({"relative", "ago"})
# of the words a "relative" match holds, those that hold the others' ("day": "yesterday",
# "today", "in the day"); none has an i or s, which other characters fold to in any case, so a
# match's lower-case form holds one of them as written
_RELATIVE = ("day", "ght", "morrow", "morn", "afternoon", "even", "week", "month", "year")
_YEAR = ("19", "20")


def _shortest(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` less those that hold another of them ("January" holds "Jan")."""
    kept = set(words)
    return tuple(sorted(w for w in kept if not any(o != w and o in w for o in kept)))


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    """Each kind's patterns, longer forms first, with the words one of which every match of
    the pattern holds, so a text with none of them is not searched (most sentences name no
    month and no weekday): a ``_ANY_CASE`` kind's in the text's lower-case form."""
    w = _words()
    mon = "|".join(sorted(w.months, key=len, reverse=True))
    month = rf"(?P<month>(?:{mon}))\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    wd = "|".join(w.weekdays)
    months, weekdays = _shortest(w.months), _shortest(w.weekdays)
    # each pattern names its groups; order matters: longer forms first
    raw = [
        (
            "span",
            rf"\b(?:from\s+|between\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and|until)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:,?\s+{year})?\b",
            months,
        ),
        (
            "span",
            rf"\b(?:from\s+|between\s+)?{month}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and|until)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{year})?\b",
            months,
        ),
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b", _YEAR),
        ("absolute", rf"\b{day}\s+(?:of\s+)?{month}(?:,?\s+{year})?\b", months),
        (
            "absolute",
            rf"\b{month}\s+{day}(?:,?\s+{year})?\b(?!\s*(?:%|per|people|troops))",
            months,
        ),
        (
            "month",
            rf"\b(?P<mod>early|earlier|late|later|mid|in|since|during|last|this|next|until|by|before|after)?[\s-]*{month}(?:\s+of)?,?\s+{year}\b",
            months,
        ),
        (
            "month",
            rf"\b(?P<mod>early|late|mid|in|since|during|last|this|next|until|by)[\s-]+(?:in\s+)?{month}\b(?!\s+\d)",
            months,
        ),
        (
            "year",
            rf"\b(?P<mod>in|since|during|until|by|of|early|late)\s+{year}\b(?!\s*(?:-|–)\s*\d)",
            _YEAR,
        ),
        (
            "weekday",
            rf"\b(?P<mod>last|this|next|on|early|late|earlier|)\s*(?P<wd>{wd})(?:'s|’s)?\b",
            weekdays,
        ),
        (
            "relative",
            (
                r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|tomorrow|last night"
                r"|this (?:morning|afternoon|evening)"
                r"|earlier (?:this|last) (?:week|month|year)"
                r"|(?:last|this|next|past) (?:week|month|year)"
                r"|(?:earlier|later) (?:today|in the day)"
                r"|(?:days|weeks) (?:after|later|before|earlier)|recently"
                r"|in recent (?:days|weeks|months))\b"
            ),
            (*_RELATIVE, "recently"),
        ),
        (
            "ago",
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            ("ago",),  # rare, and its pattern slow
        ),
    ]
    return [
        (kind, re.compile(p, re.IGNORECASE if kind in _ANY_CASE else 0), needs)
        for kind, p, needs in raw
    ]


def find_time_expressions(text: str, offset: int = 0) -> list[TimeExpression]:
    """Every time expression in ``text`` (offsets shifted by ``offset``), never overlapping."""
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    holds: dict[tuple[str, ...], bool] = {}  # the months' words are checked once, not six times
    for kind, pat, needs in _patterns():
        if needs not in holds:
            where = lowered if kind in _ANY_CASE else text
            holds[needs] = any(word in where for word in needs)
        if not holds[needs]:
            continue
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "weekday" and not m.group("wd")[0].isupper():
                continue
            groups = tuple(m.groupdict().get(k) for k in _GROUP_ORDER)
            if kind in ("absolute", "span") and not _plausible_day(groups):
                continue
            taken.append((s, e))
            found.append(TimeExpression(m.group(0).strip(), s + offset, e + offset, kind, groups))
    return sorted(found, key=lambda t: t.start)


_GROUP_ORDER = ("month", "day", "year", "d1", "d2", "mod", "wd", "rel", "n", "unit", "mnum")


def _g(expr: TimeExpression, name: str) -> str | None:
    return expr.groups[_GROUP_ORDER.index(name)]


def _plausible_day(groups: tuple[str | None, ...]) -> bool:
    for name in ("day", "d1", "d2"):
        v = groups[_GROUP_ORDER.index(name)]
        if v is not None and not 1 <= int(v) <= 31:
            return False
    return True


_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 3,
}


def _month_num(name: str | None) -> int | None:
    if name is None:
        return None
    return _words().months.get(name.rstrip(".").capitalize())


def _safe_date(year: int, month: int, day: int) -> Date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    return Date(year, month, day) if 1 <= day <= last else None


def _infer_year(month: int, day: int, pub: Date, future: bool) -> int:
    """The year that puts day/month nearest before (after, for future events) publication."""
    year = pub.year
    cand = _safe_date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if cand is None:
        return year
    if not future and cand > pub + timedelta(days=7):
        return year - 1
    if future and cand < pub - timedelta(days=7):
        return year + 1
    return year


def resolve_expression(expr: TimeExpression, pub: Date | None, future: bool) -> EventDate | None:
    """What ``expr`` means for an event published on ``pub`` (``None`` if it cannot say)."""
    kind = expr.kind
    if kind == "iso":
        y, m, d = (
            int(_g(expr, "year") or 0),
            int(_g(expr, "mnum") or 0),
            int(_g(expr, "day") or 0),
        )
        day = _safe_date(y, m, d)
        return EventDate(day, "day") if day else None
    if kind in ("absolute", "span"):
        return _absolute(expr, pub, future)
    if kind == "month":
        month = _month_num(_g(expr, "month"))
        year_s = _g(expr, "year")
        if month is None:
            return None
        if year_s is None:
            if pub is None:
                return None
            year = _infer_year(month, 1, pub, future)
            if not future and month > pub.month and year == pub.year:
                year -= 1
        else:
            year = int(year_s)
        return EventDate(Date(year, month, 1), "month")
    if kind == "year":
        return EventDate(Date(int(_g(expr, "year") or 0), 1, 1), "year")
    if pub is None:
        return None
    if kind == "weekday":
        return _weekday(expr, pub, future)
    if kind == "ago":
        return _ago(expr, pub)
    return _relative((_g(expr, "rel") or "").lower(), pub)


def _absolute(expr: TimeExpression, pub: Date | None, future: bool) -> EventDate | None:
    month = _month_num(_g(expr, "month"))
    if month is None:
        return None
    first = _g(expr, "day") or _g(expr, "d1")
    if first is None:
        return None
    d1 = int(first)
    d2s = _g(expr, "d2")
    year_s = _g(expr, "year")
    if year_s is not None:
        year = int(year_s)
    elif pub is not None:
        year = _infer_year(month, d1, pub, future)
    else:
        return None
    start = _safe_date(year, month, d1)
    if start is None:
        return None
    end = _safe_date(year, month, int(d2s)) if d2s else None
    if end is not None and end <= start:
        end = None
    return EventDate(start, "day", end)


def _weekday(expr: TimeExpression, pub: Date, future: bool) -> EventDate:
    target = _words().weekdays[(_g(expr, "wd") or "").capitalize()]
    mod = (_g(expr, "mod") or "").lower()
    if mod == "next" or (future and mod != "last"):
        delta = (target - pub.weekday()) % 7
        if mod == "next" and delta == 0:
            delta = 7
        return EventDate(pub + timedelta(days=delta), "day")
    delta = (pub.weekday() - target) % 7
    if mod == "last" and delta == 0:
        delta = 7
    return EventDate(pub - timedelta(days=delta), "day")


def _ago(expr: TimeExpression, pub: Date) -> EventDate:
    raw = (_g(expr, "n") or "1").lower()
    n = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 1)
    unit = (_g(expr, "unit") or "day").lower()
    if unit == "day":
        return EventDate(
            pub - timedelta(days=n), "day" if raw not in ("several", "few") else "week"
        )
    if unit == "week":
        return EventDate(pub - timedelta(weeks=n), "week")
    if unit == "month":
        return EventDate(_shift_month(pub, -n), "month")
    return EventDate(Date(pub.year - n, 1, 1), "year")


def _shift_month(d: Date, months: int) -> Date:
    index = d.year * 12 + d.month - 1 + months
    return Date(index // 12, index % 12 + 1, 1)


def _relative(rel: str, pub: Date) -> EventDate | None:
    if rel in ("today", "tonight", "earlier today", "later today", "later in the day") or (
        rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening")
    ):
        return EventDate(pub, "day")
    if rel in ("yesterday", "last night"):
        return EventDate(pub - timedelta(days=1), "day")
    if rel == "the day before yesterday":
        return EventDate(pub - timedelta(days=2), "day")
    if rel == "tomorrow":
        return EventDate(pub + timedelta(days=1), "day")
    unit = rel.split()[-1]
    if rel.startswith(("last ", "past ")):
        if unit == "week":
            return EventDate(pub - timedelta(days=7), "week")
        if unit == "month":
            return EventDate(_shift_month(pub, -1), "month")
        return EventDate(Date(pub.year - 1, 1, 1), "year")
    if rel.startswith("next "):
        if unit == "week":
            return EventDate(pub + timedelta(days=7), "week")
        if unit == "month":
            return EventDate(_shift_month(pub, 1), "month")
        return EventDate(Date(pub.year + 1, 1, 1), "year")
    if rel.startswith(("this ", "earlier this ")):
        if unit == "week":
            return EventDate(pub, "week")
        if unit == "month":
            return EventDate(pub.replace(day=1), "month")
        return EventDate(Date(pub.year, 1, 1), "year")
    if rel.startswith("earlier last "):
        return _relative("last " + unit, pub)
    if rel.endswith(("after", "later", "before", "earlier")) or rel.startswith(
        ("recently", "in recent")
    ):
        # tied to another, undated event: within the week (or weeks) before publication
        weeks = rel.startswith("weeks") or rel.endswith("weeks") or rel.endswith("months")
        if rel.endswith("months"):
            return EventDate(pub.replace(day=1), "month")
        return EventDate(pub - timedelta(days=14 if weeks else 3), "week")
    return None


def is_future(sentence: str, before: int) -> bool:
    """Whether the words of ``sentence`` before ``before`` mark a future event."""
    head = " " + sentence[:before].lower() + " "
    return any(f" {m} " in head for m in _words().future_markers)

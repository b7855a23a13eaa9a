"""Publication dates written on the page: "Published March 10, 2002", "2022-01-10", datelines."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date as Date

from tidings.knowledge.datelines import dateline
from tidings.knowledge.words import month_numbers


@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Lower-case month name or abbreviation -> month number (the one month list)."""
    return {name.lower(): number for name, number in month_numbers().items()}


@functools.lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    names = "|".join(sorted(_months(), key=len, reverse=True))
    month = rf"(?P<mon>{names})\.?"
    return re.compile(
        rf"\b(?:{month}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)\b"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+{month.replace('mon>', 'mon2>')},?\s+"
        r"(?P<y2>(?:19|20)\d\d)\b"
        r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)(?=T|\b))",
        re.IGNORECASE,
    )


_LABEL = re.compile(
    r"^\s*(?:this (?:story|article) (?:is|was) (?:from|published on|posted on)|(?:first |last )?"
    r"(?:published|posted|updated|modified|created|dated?)(?: on| at)?)\s*[:\-–—|]?\s*",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?"
_TIME = r"(?:(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?)"
# what may stand beside a date on a line that is only a date ("Monday, Jan. 10, 2022 5:30 pm")
_DATE_LINE_REST = re.compile(
    rf"^(?:\W|{_WEEKDAY}|{_TIME}|(?:19|20)\d\d|\d{{1,2}}|utc|gmt|[ap]\.?m\.?|ist|et|est|edt|"
    r"pst|pdt|cet|msk|updated|published|posted|on|at|by)*$",
    re.IGNORECASE,
)
_META_LINE_CHARS = 80


def _to_date(m: re.Match[str]) -> Date | None:
    g = m.groupdict()
    try:
        if g["y3"]:
            return Date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        month = _months()[(g["mon"] or g["mon2"]).lower().rstrip(".")]
        if g["y1"]:
            return Date(int(g["y1"]), month, int(g["d1"]))
        return Date(int(g["y2"]), month, int(g["d2"]))
    except (ValueError, KeyError, TypeError):
        return None


def parse_written_date(text: str) -> Date | None:
    """The first full date (day, month and year) written in ``text``."""
    for m in _date_pattern().finditer(text):
        found = _to_date(m)
        if found:
            return found
    return None


def is_date_line(line: str) -> bool:
    """True when the line holds a date (optionally labelled "Published", with a time) and
    nothing else: page furniture, not article text."""
    m = _date_pattern().search(line)
    if not m:
        return False
    rest = _LABEL.sub("", line[: m.start()]) + " " + line[m.end() :]
    return bool(_DATE_LINE_REST.match(rest.strip()))


def is_labelled_date(line: str) -> bool:
    """True for "Published: ...", "Updated ...", "This story is from ..." lines with a date."""
    return (
        bool(_LABEL.match(line))
        and _LABEL.sub("", line) != line
        and bool(_date_pattern().search(line))
    )


def _furniture_date(lines: list[str]) -> Date | None:
    for line in lines:
        if is_labelled_date(line) and len(line) < 120:
            found = parse_written_date(line)
            if found:
                return found
    for line in lines:
        if is_date_line(line):
            found = parse_written_date(line)
            if found:
                return found
    for line in lines:
        # a short meta line: "January 10, 2022 · 4 min read · Jane Whitfield"
        if len(line) <= _META_LINE_CHARS:
            found = parse_written_date(line)
            if found:
                return found
    return None


def find_page_date(
    head: Iterable[str], first_paragraph: str | None, tail: Iterable[str] = ()
) -> Date | None:
    """The publication date: from the furniture above the article (``head``, in page
    order), else a dateline opening its first paragraph, else the furniture below it."""
    found = _furniture_date(list(head))
    if found:
        return found
    if first_paragraph:
        m = dateline().match(first_paragraph[:80])
        if m and m["year"]:
            found = parse_written_date(first_paragraph[: m.end()])
            if found:
                return found
    return _furniture_date(list(tail))

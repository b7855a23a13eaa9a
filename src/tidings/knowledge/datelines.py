"""The one dateline pattern: the place (with region, date and agency) opening a news story or
paragraph — "KADUNA, Nigeria (AP) - ", "ALMATY, March 4 (Reuters) — ", "BEIRUT: ",
"Moscow, Jan. 10, 2022 - ", "ahmedabad: " in lower-cased copy.

:func:`dateline` is the compiled pattern, anchored at a line start (multi-line). Its groups say
what was found, so each stage acts on the datelines it needs:

- ``place``: the place as written (upper case in wire copy; :func:`is_wire_place`),
- ``lower``: a lower-cased place before a colon (``ahmedabad:``) instead,
- ``region``, ``date`` (``month`` day, ``year`` optional), ``agency`` (in brackets),
- ``sep``: the dash or colon that ends it (``data/knowledge/datelines.yaml``).

Sentence splitting (``nlp/paragraphs``), event arguments (``extract/events/syntax``), the
toponym finder and the page-date finder (``clean/dates``) all use it.
"""

from __future__ import annotations

import functools
import re

from tidings.errors import ConfigError
from tidings.knowledge.files import data_file, read_yaml
from tidings.knowledge.words import month_numbers

DASHES = frozenset("-–—")


@functools.lru_cache(maxsize=1)
def dateline() -> re.Pattern[str]:
    """The dateline pattern (``match`` at a text's start; ``finditer`` for every line's)."""
    source = data_file("knowledge", "datelines.yaml")
    data = read_yaml(source)
    try:
        seps = "".join(re.escape(str(s)) for s in data["separators"])
        place, region, agency = (
            int(data[k]) for k in ("max_place_chars", "max_region_chars", "max_agency_chars")
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"{source}: bad dateline words: {e}") from e
    months = "|".join(re.escape(m) for m in sorted(month_numbers(), key=len, reverse=True))
    return re.compile(
        r"(?m)^[ \t]*"
        r"(?:"
        rf"(?P<place>[A-Z][\w.'’ /-]{{0,{place - 2}}}?[\w.])"
        rf"(?:,[ \t]*(?P<region>[A-Z][\w.’' -]{{0,{region - 1}}}?))??"
        rf"(?:,?[ \t]*(?P<date>(?P<month>{months})\.?[ \t]+\d{{1,2}}"
        r"(?:,?[ \t]+(?P<year>(?:19|20)\d\d))?))?"
        rf"(?:[ \t]*\((?P<agency>[^()\n]{{1,{agency}}})\))?"
        rf"|(?P<lower>[a-z][a-z ./]{{1,30}}?)(?=[ \t]*:)"
        r")"
        rf"[ \t]*(?P<sep>[{seps}]{{1,2}})(?=\s|[A-Z\"“‘])"
    )


def is_wire_place(match: re.Match[str]) -> bool:
    """Whether the dateline's place is written in capitals, as wire copy writes it."""
    place = match["place"]
    return place is not None and place.isupper()


def dateline_end(text: str) -> int:
    """Where the dateline opening ``text`` ends (after its separator and a space), 0 if none:
    a wire-copy place (``KADUNA, Nigeria (AP) -``) or a lower-cased one (``ahmedabad:``)."""
    m = dateline().match(text)
    if m is None or not (is_wire_place(m) or m["lower"]):
        return 0
    end = m.end()
    return end + 1 if text[end : end + 1].isspace() else end

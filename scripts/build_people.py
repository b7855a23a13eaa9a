"""Build ``src/tidings/data/knowledge/phoenix_people.tsv`` from the Phoenix (PETRARCH2) actor
dictionaries: people and bodies with their dated CAMEO roles.

Usage (from the repository root; reproducible: same input, same bytes out)::

    python scripts/build_people.py ../shared/knowledge/phoenix src/tidings/data/knowledge

Input syntax (TABARI/PETRARCH2 ``.actors.txt``):

- ``NAME_WITH_UNDERSCORES`` starts an entry; ``+ALIAS`` lines add synonyms to it;
- indented ``[CODE]``, ``[CODE >YYMMDD]``, ``[CODE <YYMMDD]``, ``[CODE YYMMDD-YYMMDD]`` lines
  give its roles (a code on the name's own line counts too); names without codes that precede
  a code block share it (``AMERICAN_VICE_PRESIDENT`` / ``AMERICAN_VICE-PRESIDENT`` -> USAGOV);
- ``#`` starts a comment. Dates are YYMMDD (two-digit years: 00-20 are 20xx, the rest 19xx,
  as the dictionaries end about 2016) or YYYYMMDD.

``Phoenix.agents.txt`` (generic role words: POLICE -> ~COP) is not read: tidings keeps its own
role table (``data/actors/sectors.tsv``). Entries with a bare country code (dated or
not, e.g. ``AFGHANISTAN_ [AFG]``, ``UKRAINE_ [UKR >911221]`` with its cities as synonyms) are
left out as well: they are places, and the country table and gazetteer cover them.

Output: one line per entry, tab-separated: ``name``, ``aliases`` (``|``-separated),
``roles`` (``;``-separated ``CODE@START..END``, ISO dates, either side may be empty),
``file`` (C = Countries, I = International, M = MilNonState). Names are upper case with
spaces, as in the source. The source is MIT-licensed (Open Event Data Alliance); the notice
is copied into the output's header.
"""

from __future__ import annotations

import calendar
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

FILES = {
    "Phoenix.Countries.actors.txt": "C",
    "Phoenix.International.actors.txt": "I",
    "Phoenix.MilNonState.actors.txt": "M",
}
ROLE = re.compile(r"\[\s*([A-Z~\-]+)\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*\]")
HEADER = """\
# People and bodies with dated CAMEO roles, built by scripts/build_people.py from the
# Phoenix/PETRARCH2 actor dictionaries (Phoenix.Countries, .International, .MilNonState;
# github.com/openeventdata/phoenix_pipeline, dictionaries up to about 2016).
# Do not edit by hand: rebuild. Columns: name, aliases (|), roles (CODE@START..END;...),
# file (C/I/M). Dates are ISO; an empty side is open.
#
# The source dictionaries are under the MIT License:
# Copyright (c) 2014 Open Event Data Alliance. Permission is hereby granted, free of charge,
# to any person obtaining a copy of this software and associated documentation files (the
# "Software"), to deal in the Software without restriction, including without limitation the
# rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so, subject to
# the following conditions: The above copyright notice and this permission notice shall be
# included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED
# "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
# WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
"""


@dataclass
class Entry:
    names: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """YYMMDD or YYYYMMDD as an ISO date; an impossible day or month is clamped."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        yy, rest = int(text[:2]), text[2:]
        year = 2000 + yy if yy <= 20 else 1900 + yy
    else:
        return None
    month = min(max(int(rest[:2]), 1), 12)
    day = min(max(int(rest[2:]), 1), calendar.monthrange(year, month)[1])
    return date(year, month, day).isoformat()


def parse_role(match: re.Match[str]) -> str | None:
    code, sign, one, start, end = match.groups()
    if code.strip("-~") == "":
        return None
    lo = hi = ""
    if sign == ">":
        lo = parse_date(one) or ""
    elif sign == "<":
        hi = parse_date(one) or ""
    elif start:
        lo, hi = parse_date(start) or "", parse_date(end) or ""
    return f"{code}@{lo}..{hi}"


def clean_name(raw: str) -> str:
    name = raw.replace("_", " ").strip().upper()
    return re.sub(r"\s+", " ", name)


def parse_file(text: str) -> list[Entry]:
    """Entries of one dictionary, in file order."""
    entries: list[Entry] = []
    current = Entry()
    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        roles = [r for r in (parse_role(m) for m in ROLE.finditer(body)) if r]
        if body[0] in " \t":
            current.roles.extend(roles)
            continue
        name = clean_name(ROLE.sub("", body.lstrip("+")))
        if body[0] != "+" and current.roles:
            entries.append(current)
            current = Entry()
        if name:
            current.names.append(name)
        current.roles.extend(roles)
    if current.roles:
        entries.append(current)
    return entries


def is_country_only(entry: Entry) -> bool:
    """A bare country code among its roles, dated or not: a country ("UKRAINE [UKR >911221]",
    its cities as synonyms), not a person or body."""
    return any(re.fullmatch(r"[A-Z]{3}@[\d-]*\.\.[\d-]*", role) for role in entry.roles)


def build(phoenix_dir: Path) -> list[str]:
    lines: list[str] = []
    for filename, tag in FILES.items():
        text = (phoenix_dir / filename).read_text(encoding="utf-8", errors="replace")
        for entry in parse_file(text):
            if not entry.names or is_country_only(entry):
                continue
            names = list(dict.fromkeys(entry.names))
            roles = list(dict.fromkeys(entry.roles))
            lines.append(f"{names[0]}\t{'|'.join(names[1:])}\t{';'.join(roles)}\t{tag}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write(__doc__ or "")
        return 2
    phoenix_dir, out_dir = Path(argv[1]), Path(argv[2])
    lines = build(phoenix_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "phoenix_people.tsv"
    out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write(f"{out}: {len(lines)} entries\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The publisher's home: weak evidence for where a story's ambiguous places lie.

A reader of "Police in Athens arrested two students" in a Georgia paper thinks of Athens,
Georgia; in a national paper, of Greece. The home is read, first found first:

1. ``data/places/publishers.tsv``: national outlets by name or web domain -> country;
2. a town or country in the publisher's name ("The Sydney Morning Herald" -> Sydney, New South
   Wales, Australia; "The Times of India" -> India), the best-known reading (a capital or a
   town of at least ``_NAME_MIN_POPULATION`` people, an admin-1 region, a country);
3. the country-code top-level domain of the document's URL (``.co.uk`` -> GB, ``.com.au``
   -> AU), generic ones (``.co``, ``.io``, ``.tv``...) excepted.

The place resolver adds a small fixed bonus to candidates in the home country, and another
to those in the home's admin-1 region when the home is a town (a local paper): enough to
decide between two well-known namesakes, never enough to outweigh what the story's own
places say (their votes count four times as much) or a capital against a mid-sized town of
a national publisher's country.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pycountry

from tidings.knowledge.files import data_file, read_tsv
from tidings.knowledge.gazetteer import get_gazetteer

PUBLISHERS_FILE = "publishers.tsv"
_NAME_MIN_POPULATION = 100_000
_GENERIC_TLDS = frozenset(
    {"co", "io", "tv", "me", "fm", "ai", "ly", "cc", "ws", "to", "am", "gg", "is", "it", "la"}
)
_TLD_COUNTRY = {"uk": "GB"}
_WORD = re.compile(r"[A-Z][\w'\u2019.-]*")


@dataclass(frozen=True, slots=True)
class Home:
    """Where a publisher is: a country (ISO alpha-2) and, for a local paper, its admin-1."""

    country: str
    admin1: str | None
    how: str


def _name_key(name: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(name.casefold().split()))


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for row in read_tsv(data_file("places", PUBLISHERS_FILE)):
        if len(row) < 2:
            continue
        key, cc = row[0].strip(), row[1].strip().upper()
        if "." in key and " " not in key:
            domains[key.casefold()] = cc
        else:
            names[_name_key(key)] = cc
    return names, domains


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").casefold()
    return host.removeprefix("www.")


def _from_table(publisher: str | None, host: str) -> Home | None:
    names, domains = _table()
    if publisher and _name_key(publisher) in names:
        return Home(names[_name_key(publisher)], None, f"publisher {publisher!r}")
    # a domain matches itself and its subdomains; a publisher given as a domain counts too
    named = publisher.strip() if publisher and " " not in publisher.strip() else ""
    for key in (host, _host(named) if "." in named else ""):
        labels = key.split(".")
        for i in range(len(labels) - 1):
            cc = domains.get(".".join(labels[i:]))
            if cc:
                return Home(cc, None, f"publisher domain {key!r}")
    return None


def _from_name(publisher: str) -> Home | None:
    """The best-known place the publisher's name contains."""
    gaz = get_gazetteer()
    words = [w for w in _WORD.findall(publisher) if w.casefold() != "the"]
    best: tuple[float, Home] | None = None
    for n in range(min(3, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i : i + n]).strip(".-")
            for e in gaz.lookup(phrase):
                if e.is_country:
                    rank, home = 3.0, Home(e.country_code, None, f"publisher named {phrase!r}")
                elif e.feature_code == "ADM1":
                    rank, home = 2.0, Home(e.country_code, e.admin1, f"publisher named {phrase!r}")
                elif e.feature_code == "PPLC" or (
                    e.feature_code.startswith("PPL") and e.population >= _NAME_MIN_POPULATION
                ):
                    rank = 1.0 + e.population / 1e9
                    home = Home(e.country_code, e.admin1, f"publisher named after {e.name}")
                else:
                    continue
                if best is None or rank > best[0]:
                    best = (rank, home)
        if best is not None:
            return best[1]
    return None


def _from_tld(host: str) -> Home | None:
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return None
    cc = _TLD_COUNTRY.get(tld, tld.upper())
    if pycountry.countries.get(alpha_2=cc) is None:
        return None
    return Home(cc, None, f"domain .{tld}")


def publisher_home(publisher: str | None, url: str | None = None) -> Home | None:
    """Where the publisher of a document is, if its name, its domain or the table says."""
    host = _host(url)
    found = _from_table(publisher, host)
    if found is None and publisher:
        found = _from_name(publisher)
    if found is None:
        found = _from_tld(host)
    return found

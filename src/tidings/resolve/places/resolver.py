"""Resolve place mentions to gazetteer entries, disambiguated by the whole document.

Each mention is first read as a query (a plain name, ``<Name> district``, a compass phrase,
a demonym phrase, "the capital"). Its candidates are scored by

* a prior: log10 of the population, plus a bonus by kind (country > admin-1 > capital);
* the document: the share of the *other* mentions that lie in the candidate's country and in
  its admin-1 region, and whether its country borders the document's main country;
* the text around it: "Alexandria, La." keeps only Louisiana's Alexandria ("Atlanta,
  Georgia": of the qualifier's readings, the one holding a candidate); a unit noun
  ("province", "district", "county") prefers that kind of unit;
* the publisher's home (:mod:`tidings.resolve.places.home`): a fixed ``_HOME_BONUS`` for a
  candidate in the publisher's country and another in a local paper's admin-1 region, weak
  evidence that decides only between comparable namesakes.

Votes come from a first pass on priors alone and are refined twice, so "Georgia" beside
Ukraine and Belarus is the country, and beside Hall County and Atlanta the US state.

Compass phrases ("western Kazakhstan", "the west of the country") resolve to the country or
region they name with feature code ``RGN``: the point is the centroid shifted toward the
compass direction by half the radius of a disc of the country's area (regions of admin-1
units keep the unit's centroid); ``geonameid`` stays the country's or region's own.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from tidings.extract.types import Mention
from tidings.knowledge import regex
from tidings.knowledge.countries import distance_km, place_demonyms, us_state_abbreviations
from tidings.knowledge.gazetteer import GazEntry, Gazetteer, get_gazetteer
from tidings.knowledge.keys import place_key
from tidings.knowledge.lexicon import Lexicon, get_lexicon
from tidings.nlp.text import doc_text
from tidings.records import Place
from tidings.resolve.places.home import Home
from tidings.resolve.places.units import unit_candidates, unit_fit

_FEATURE_BONUS = {
    "PCLI": 2.0,
    "CONT": 2.0,
    "ADM1": 0.5,
    "RGN": 0.5,
    "PPLC": 1.0,
    "ADM2": 0.0,
    "PPL": 0.0,
}
_COUNTY_PRIOR = 4.5  # US counties carry no population; about a small town's prior
_CONTEXT_WEIGHT = 4.0
_NEIGHBOUR_BONUS = 0.8
_PASSES = 3
_TEMPERATURE = 0.7
_PRIMARY_NAME_BONUS = 2.0  # "Shiloh" is Shiloh before it is Springdale's old name
_NEAR_KM = 100.0
_NEARBY_WEIGHT = 2.0
_US_CUE_MIN = 2  # kinds of US local-news cue needed before they count
_US_CUE_WEIGHT = 0.5  # pseudo-votes per kind of cue (a named place votes 1)
_US_CUE_CAP = 4
_FOREIGN_MIN_VOTES = 1.0  # other names needed before a small town abroad is doubted
_QUALIFIER_KM = 150.0  # a town "X, <region>" lies at most this far from the region's point
_ALTERNATE_VOTE = 0.3  # weight of a vote cast through an alternate name
_HOME_BONUS = 1.0  # the publisher's country; again its admin-1 region for a local paper
_TOWN_SHARE = 0.2  # a town this big beside its same-named province is what "Kabul" means

_COMPASS_VECTORS = {
    "N": (1.0, 0.0),
    "S": (-1.0, 0.0),
    "E": (0.0, 1.0),
    "W": (0.0, -1.0),
    "C": (0.0, 0.0),
    "NE": (0.7, 0.7),
    "NW": (0.7, -0.7),
    "SE": (-0.7, 0.7),
    "SW": (-0.7, -0.7),
}


_POSSESSIVE = re.compile("(?:['\u2019]s|(?<=s)['\u2019])$")


@dataclass(frozen=True, slots=True)
class Query:
    """How to read one mention."""

    kind: str  # name | unit | compass | compass_country | demonym | capital
    name: str
    unit: str | None = None  # preferred feature code for unit phrases
    direction: str | None = None
    capital_of_demonym: bool = False


def parse_mention(text: str, lex: Lexicon) -> Query:
    """Read a toponym mention as a query."""
    text = _POSSESSIVE.sub("", text)  # "Boone County's", "the United States'"
    words = text.split()
    low = [w.lower() for w in words]
    if low == ["capital"] or low == ["the", "capital"]:
        return Query("capital", "")
    if len(low) >= 4 and low[0] == "the" and low[1] in lex.directions and low[2] == "of":
        rest = words[3:]
        d = lex.directions[low[1]]
        if len(rest) == 2 and rest[0].lower() == "the" and rest[1].lower() in lex.country_words:
            return Query("compass_country", "", direction=d)
        return Query("compass", " ".join(rest), direction=d)
    if len(words) >= 2 and low[0] in lex.directions and not lex.is_place_name(text):
        # "western Kazakhstan", "Northeast Georgia" (but "North Carolina" is a name)
        return Query("compass", " ".join(words[1:]), direction=lex.directions[low[0]])
    if (
        len(words) >= 2
        and low[-1] in lex.demonym_place_nouns
        and lex.is_demonym(" ".join(words[:-1]))
    ):
        return Query("demonym", " ".join(words[:-1]), capital_of_demonym=low[-1] == "capital")
    if len(words) >= 2 and low[-1] in lex.unit_nouns:
        return Query("unit", text, unit=lex.unit_nouns[low[-1]])
    if lex.is_demonym(text):
        return Query("demonym", text)
    return Query("name", text)


@dataclass(slots=True)
class _Item:
    mention: Mention
    query: Query
    key: str
    candidates: list[GazEntry]
    qualifier: tuple[str, str | None] | None  # (country, admin-1) named right after it
    qualifies: bool  # it follows "<place>, " itself: "Dawlat Abad district, Balkh"
    choice: GazEntry | None = None


def resolve_places(doc: Doc, toponyms: list[Mention], home: Home | None = None) -> list[Place]:
    """One :class:`Place` per toponym; unresolvable ones keep only their text and offsets.
    ``home``: where the document's publisher is (weak evidence, see the module)."""
    gaz = get_gazetteer()
    lex = get_lexicon()
    text = doc_text(doc)
    items = [_item(gaz, lex, text, m) for m in toponyms]
    votes: dict[str, _Votes] = {"": _us_local_prior(text, lex)}
    for _ in range(_PASSES):
        total = _Votes.sum(votes.values())
        new: dict[str, list[_Votes]] = {}
        towns = _chosen_towns(items)
        for it in items:
            own = votes.get(it.key)
            ctx = total.minus(own) if own is not None else total
            near = [(lat, lon) for key, lat, lon in towns if key != it.key]
            it.choice, dist = _choose(gaz, it, ctx, near, home)
            new.setdefault(it.key, []).append(dist)
        votes = {k: _Votes.mean(v) for k, v in new.items()} | {"": votes[""]}
    cc_votes = _Votes.sum(votes.values()).cc
    _place_variants(gaz, items, cc_votes)
    main = _home_country(items)
    return [_place(gaz, it, main, items) for it in items]


def _us_local_prior(text: str, lex: Lexicon) -> _Votes:
    """Pseudo-votes for the United States from US local-news cues (dollar amounts, "City
    Council", "Sheriff", AP-style times): one per kind of cue found, at most
    ``_US_CUE_CAP``. Places named abroad outvote it; alone it makes "Athens" in a story
    about a city council's budget an American Athens."""
    hits = _cue_hits(text, lex.us_local_cues)
    prior = _Votes.empty()
    if hits >= _US_CUE_MIN:
        prior.cc["US"] = _US_CUE_WEIGHT * min(hits, _US_CUE_CAP)
    return prior


@functools.lru_cache(maxsize=4)
def _cue_hits(text: str, cues: tuple[re.Pattern[str], ...]) -> int:
    """How many of ``cues`` ``text`` has: a document's places are resolved once for the
    document and again for each event clause that names a place (``locate._clause_places``),
    and its cues are searched once."""
    return sum(1 for rx in cues if regex.search(rx, text))  # most open with \b: see regex


@dataclass(slots=True)
class _Votes:
    """Soft votes of one name for countries and admin-1 regions (weights sum to 1 or 0)."""

    cc: defaultdict[str, float]
    a1: defaultdict[tuple[str, str], float]
    a2: defaultdict[tuple[str, str], float]  # (US state, county key)

    @staticmethod
    def empty() -> _Votes:
        return _Votes(defaultdict(float), defaultdict(float), defaultdict(float))

    @staticmethod
    def sum(parts: Iterable[_Votes]) -> _Votes:
        out = _Votes.empty()
        for p in parts:
            for k, w in p.cc.items():
                out.cc[k] += w
            for r, w in p.a1.items():
                out.a1[r] += w
            for r, w in p.a2.items():
                out.a2[r] += w
        return out

    @staticmethod
    def mean(parts: list[_Votes]) -> _Votes:
        v = _Votes.sum(parts)
        n = len(parts)
        for k in v.cc:
            v.cc[k] /= n
        for r in v.a1:
            v.a1[r] /= n
        for r in v.a2:
            v.a2[r] /= n
        return v

    def minus(self, other: _Votes) -> _Votes:
        out = _Votes.empty()
        for k, w in self.cc.items():
            out.cc[k] = w - other.cc.get(k, 0.0)
        for r, w in self.a1.items():
            out.a1[r] = w - other.a1.get(r, 0.0)
        for r, w in self.a2.items():
            out.a2[r] = w - other.a2.get(r, 0.0)
        return out


def _item(gaz: Gazetteer, lex: Lexicon, text: str, m: Mention) -> _Item:
    q = parse_mention(m.text, lex)
    cands: list[GazEntry] = []
    if q.kind == "demonym":
        cc = place_demonyms().get(place_key(q.name))
        c = gaz.country(cc) if cc else None
        if c is not None:
            cands = [c]
    elif q.kind in ("name", "compass"):
        cands = gaz.lookup(q.name)
        if q.kind == "name":
            cands += [c for c in gaz.bare_counties(q.name) if c not in cands]
        postal = _state_abbreviation(q.name)
        if postal and postal in gaz.us_states:
            cands = [gaz.entry(gaz.us_states[postal])]
    elif q.kind == "unit":
        cands = gaz.lookup(q.name)
        bare = " ".join(q.name.split()[:-1])
        cands += [c for c in gaz.lookup(bare) if c not in cands]
        cands = unit_candidates(q.unit, cands)
    if q.kind == "compass":
        cands = [c for c in cands if c.feature_code in ("PCLI", "ADM1", "RGN", "CONT")] or cands
    qualifies = bool(re.search(r"\w\s*,\s*$", text[max(0, m.start - 4) : m.start]))
    # "Dublin City", "Dublin Village" and "Dublin" are one name: they never vote for each other
    # (but "Boone County" does vote for the town of Boone)
    town_unit = q.kind == "unit" and q.unit == "PPL"
    key = place_key(" ".join(q.name.split()[:-1]) if town_unit else q.name)
    qualifier = _qualifier(gaz, text, m.end, cands)
    return _Item(m, q, key, cands, qualifier, qualifies)


def _state_abbreviation(text: str) -> str | None:
    """The postal code of an AP state abbreviation written as such ("La.", "W. Va."), not
    of look-alikes ("L.A." is Los Angeles)."""
    key = re.sub(r"\s+", "", text)
    abbreviations = us_state_abbreviations()
    found = abbreviations.get(key)
    if found is None and "." in key and not key.endswith("."):
        found = abbreviations.get(key + ".")  # "W.Va" in a headline
    return found


_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*){0,2})")


def _qualifier(
    gaz: Gazetteer, text: str, end: int, cands: list[GazEntry]
) -> tuple[str, str | None] | None:
    """The state or country named right after a place: "Alexandria, La." -> (US, Louisiana).
    Of several readings ("Atlanta, Georgia": the country or the US state) the one that holds
    one of the place's own candidates."""
    match = _QUALIFIER.match(text, end)
    if match is None:
        return None
    words = match.group(1).split()
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n])
        postal = _state_abbreviation(phrase)
        if postal:
            state = gaz.us_states.get(postal)
            if state is not None:
                return "US", gaz.entry(state).admin1
        readings: list[tuple[str, str | None]] = []
        for e in gaz.lookup(phrase.rstrip(".")):
            if e.feature_code == "ADM1":
                readings.append((e.country_code, e.admin1))
            elif e.is_country:
                readings.append((e.country_code, None))
        for qcc, qa1 in readings:
            if any(c.country_code == qcc and qa1 in (None, c.admin1) for c in cands):
                return qcc, qa1
        if readings:
            return readings[0]
    return None


def _chosen_towns(items: list[_Item]) -> list[tuple[str, float, float]]:
    """The points of the towns and counties chosen so far, one per name."""
    seen: dict[str, tuple[str, float, float]] = {}
    for it in items:
        c = it.choice
        if c is not None and (c.feature_code.startswith("PPL") or c.feature_code == "ADM2"):
            seen.setdefault(it.key, (it.key, c.lat, c.lon))
    return list(seen.values())


def _nearby(c: GazEntry, points: list[tuple[float, float]]) -> float:
    """How many other named towns lie within reach of ``c`` (0, 0.5 or 1)."""
    if not points or c.is_country or c.feature_code in ("ADM1", "CONT"):
        return 0.0
    n = 0
    for lat, lon in points:
        if abs(lat - c.lat) < 2.0 and distance_km(c.lat, c.lon, lat, lon) <= _NEAR_KM:
            n += 1
            if n >= 2:
                return 1.0
    return n / 2


def _qualified(gaz: Gazetteer, it: _Item) -> list[GazEntry]:
    """The candidates a qualifier leaves ("Muqur district, Badghis": those in Badghis)."""
    cands = it.candidates
    if it.qualifier is None:
        return cands
    qcc, qa1 = it.qualifier
    in_country = [c for c in cands if c.country_code == qcc]
    kept = [c for c in in_country if qa1 is None or c.admin1 == qa1]
    if not kept and qa1 is not None and it.query.kind == "unit":
        # "Muqur district, Badghis": the Muqur of Ghazni is not meant; a town of the name
        # near the region (admin-1 codes of border towns can be off) still is
        region = gaz.admin1_entry(qcc, qa1)
        kept = [
            c
            for c in in_country
            if region is None
            or c.is_country
            or distance_km(c.lat, c.lon, region.lat, region.lon) <= _QUALIFIER_KM
        ]
    elif not kept:
        kept = in_country
    # "Argo district, Badakhshan": a town of that name only abroad is not meant; but in a
    # list of regions ("Georgia, Ukraine and Belarus") the comma qualifies nothing
    if kept or not any(c.is_country or c.feature_code == "ADM1" for c in cands):
        cands = kept
    return cands


def _choose(
    gaz: Gazetteer,
    it: _Item,
    ctx: _Votes,
    near: list[tuple[float, float]],
    home: Home | None = None,
) -> tuple[GazEntry | None, _Votes]:
    """The best candidate given the other names' votes and the towns chosen near it, and
    this name's own soft votes."""
    cands = _qualified(gaz, it)
    if not cands:
        return None, _Votes.empty()
    total_cc = sum(w for w in ctx.cc.values() if w > 0) or 1.0
    # a region's share among the regions of its own country: stray foreign names ("Art" in
    # Djibouti) do not dilute what the story's US states say
    a1_by_cc: defaultdict[str, float] = defaultdict(float)
    for (rcc, _), w in ctx.a1.items():
        if w > 0:
            a1_by_cc[rcc] += w
    total_a2 = sum(w for w in ctx.a2.values() if w > 0) or 1.0

    # the neighbours of the document's main country, if the other names vote for one at all
    # (a lone "Hyderabad" has no main country: India's must not make Pakistan's a neighbour)
    top = max(ctx.cc, key=lambda k: ctx.cc[k]) if ctx.cc else None
    if top is not None and ctx.cc[top] <= 0:
        top = None
    neighbours = set(gaz.neighbours.get(top, [])) if top else set()

    def score(c: GazEntry, own_name: bool) -> float:
        prior = math.log10(c.population + 10) if c.population else 1.0
        if c.feature_code == "ADM2" and not c.population:
            prior = _COUNTY_PRIOR
        s = prior + _FEATURE_BONUS.get(c.feature_code, 0.0)
        if own_name:
            s += _PRIMARY_NAME_BONUS
        s += _CONTEXT_WEIGHT * max(0.0, ctx.cc.get(c.country_code, 0.0)) / total_cc
        if c.admin1:
            region = max(0.0, ctx.a1.get((c.country_code, c.admin1), 0.0))
            s += _CONTEXT_WEIGHT * region / max(a1_by_cc[c.country_code], 1.0)
        county = gaz.county(c)
        if county and c.admin1:
            s += _CONTEXT_WEIGHT * max(0.0, ctx.a2.get((c.admin1, county), 0.0)) / total_a2
        if c.country_code in neighbours:
            s += _NEIGHBOUR_BONUS
        s += _NEARBY_WEIGHT * _nearby(c, near)
        if it.query.unit is not None:
            s += unit_fit(it.query.unit, c.feature_code)
        if home is not None and c.country_code == home.country:
            s += _HOME_BONUS
            if home.admin1 is not None and c.admin1 == home.admin1:
                s += _HOME_BONUS
        return s

    own_names = [_is_own_name(c, it.key) for c in cands]  # read by the score and the votes
    scores = [score(c, own) for c, own in zip(cands, own_names, strict=True)]
    best_score = max(scores)
    weights = [math.exp((x - best_score) / _TEMPERATURE) for x in scores]
    norm = sum(weights)
    votes = _Votes.empty()
    for c, raw, own in zip(cands, weights, own_names, strict=True):
        # a name known only as another name of a place ("Art" for Arta) is a weaker witness
        w = raw if own else raw * _ALTERNATE_VOTE
        if c.country_code:
            votes.cc[c.country_code] += w / norm
            if c.admin1:
                votes.a1[(c.country_code, c.admin1)] += w / norm
                county = gaz.county(c)
                if county:
                    votes.a2[(c.admin1, county)] += w / norm
    best = cands[scores.index(best_score)]
    if _foreign_to_document(best, ctx, total_cc, _FOREIGN_MIN_VOTES):
        return None, votes
    return _prefer_town(best, cands, it), votes


_FINAL_IY = re.compile(r"(?:iy|yy|ii)\b")


def _spelling(key: str) -> str:
    """A place key without the commonest variation of romanised Cyrillic: "ss" for one "с"
    ("Odessa"/"Odesa"), a final -iy/-yy/-ii. Other doubled letters stay ("Khana" ≠ Khanna)."""
    return _FINAL_IY.sub("y", key.replace("ss", "s"))


def _is_own_name(c: GazEntry, key: str) -> bool:
    """Whether ``key`` is the entry's own name up to :func:`_spelling`, not an alternate."""
    return (own := place_key(c.name)) == key or _spelling(own) == _spelling(key)


def _foreign_to_document(c: GazEntry, ctx: _Votes, total_cc: float, min_votes: float) -> bool:
    """A small town abroad in a document whose other places all lie in one country is more
    likely an unknown local name ("Argo district" in Badakhshan is not Argos in Greece)."""
    if c.is_country or c.feature_code in ("ADM1", "RGN", "CONT", "PPLC") or c.population >= 100_000:
        return False
    positive = [w for w in ctx.cc.values() if w > 0]
    if ctx.cc.get(c.country_code, 0.0) > 0.05 or sum(positive) < min_votes:
        return False
    return max(positive) / sum(positive) >= 0.8


def _prefer_town(best: GazEntry, cands: list[GazEntry], it: _Item) -> GazEntry:
    """ "Kabul", "Moscow": the city rather than the province named after it."""
    if best.feature_code != "ADM1" or it.query.unit is not None or it.qualifies:
        return best
    towns = [
        c
        for c in cands
        if c.feature_code.startswith("PPL")
        and c.country_code == best.country_code
        and place_key(c.name) == place_key(best.name)
        and (c.population >= _TOWN_SHARE * best.population or c.feature_code == "PPLC")
    ]
    return max(towns, key=lambda c: c.population) if towns else best


def _home_country(items: list[_Item]) -> str | None:
    """The country the document is about: the most mentioned; a country named counts 2,
    a place in it 1, a demonym ("Russian troops") only 0.5."""
    score: defaultdict[str, float] = defaultdict(float)
    for it in items:
        c = it.choice
        if c is None or not c.country_code:
            continue
        if it.query.kind == "demonym":
            score[c.country_code] += 0.5
        else:
            score[c.country_code] += 2 if c.is_country else 1
    return max(score, key=lambda k: score[k]) if score else None


def _previous_country(items: list[_Item], before: int) -> str | None:
    """The country named last before ``before`` ("... in the west of the country")."""
    for it in reversed(items):
        c = it.choice
        if (
            it.mention.start < before
            and c is not None
            and c.is_country
            and it.query.kind != "demonym"
        ):
            return c.country_code
    return None


def _place_variants(gaz: Gazetteer, items: list[_Item], cc_votes: dict[str, float]) -> None:
    """Unknown names: spelling variants of towns in the document's countries, and in the
    admin-1 region named beside them ("Nad Ali district of Helmand province") if any."""
    countries = set(sorted(cc_votes, key=lambda k: -cc_votes[k])[:3])
    for i, it in enumerate(items):
        if it.choice is not None or it.query.kind not in ("name", "unit"):
            continue
        name = it.query.name
        if it.query.kind == "unit":
            name = " ".join(name.split()[:-1])
        # regions may be misspelt anywhere ("Nangrhar"); towns only in the document's countries
        variants = [
            c
            for c in gaz.lookup_variant(name)
            if c.country_code in countries or (c.feature_code == "ADM1" and not countries)
        ]
        regions = {
            (o.choice.country_code, o.choice.admin1)
            for o in items[max(0, i - 2) : i + 3]
            if o is not it and o.choice is not None and o.choice.feature_code == "ADM1"
        }
        if it.qualifier is not None:
            regions.add(it.qualifier)
        if regions:
            variants = [c for c in variants if (c.country_code, c.admin1) in regions]
        if variants:
            it.choice = max(
                variants, key=lambda c: (cc_votes.get(c.country_code, 0.0), c.population)
            )


def _place(gaz: Gazetteer, it: _Item, home: str | None, items: list[_Item]) -> Place:
    m, q = it.mention, it.query
    entry = it.choice
    fcode = entry.feature_code if entry is not None else None
    lat = entry.lat if entry is not None else None
    lon = entry.lon if entry is not None else None
    if q.kind == "capital" or q.capital_of_demonym:
        cc = entry.country_code if entry is not None else home
        entry = gaz.capital(cc) if cc else None
        fcode = entry.feature_code if entry is not None else None
        lat = entry.lat if entry is not None else None
        lon = entry.lon if entry is not None else None
    elif q.kind == "compass_country":
        cc = _previous_country(items, m.start) or home
        entry = gaz.country(cc) if cc else None
    if q.kind in ("compass", "compass_country") and entry is not None:
        fcode = "RGN"
        lat, lon = _shifted(gaz, entry, q.direction or "C")
    elif entry is not None and entry.feature_code == "ADM2" and entry.country_code == "US":
        state = gaz.admin1_entry("US", entry.admin1)
        if state is not None and (state.lat, state.lon) == (entry.lat, entry.lon):
            lat, lon = _county_point(entry, items)  # no point of its own
    if entry is None:
        return Place(text=m.text, start=m.start, end=m.end)
    return Place(
        text=m.text,
        start=m.start,
        end=m.end,
        name=entry.name,
        geonameid=entry.geonameid,
        lat=round(lat, 5) if lat is not None else None,
        lon=round(lon, 5) if lon is not None else None,
        country_code=entry.country_code or None,
        admin1=entry.admin1,
        feature_code=fcode,
    )


def _shifted(gaz: Gazetteer, entry: GazEntry, direction: str) -> tuple[float, float]:
    if not entry.is_country:
        return entry.lat, entry.lon
    radius_km = math.sqrt(max(gaz.areas.get(entry.country_code, 0.0), 0.0) / math.pi)
    dlat, dlon = _COMPASS_VECTORS.get(direction, (0.0, 0.0))
    shift = radius_km / 2
    lat = entry.lat + dlat * shift / 111.0
    lon = entry.lon + dlon * shift / (111.0 * max(0.2, math.cos(math.radians(entry.lat))))
    return max(-90.0, min(90.0, lat)), (lon + 180.0) % 360.0 - 180.0


def _county_point(county: GazEntry, items: list[_Item]) -> tuple[float, float]:
    """A US county has no point in the data: the document's most named town in its state."""
    towns: Counter[int] = Counter()
    by_index: dict[int, GazEntry] = {}
    for it in items:
        c = it.choice
        if (
            c is not None
            and c.feature_code.startswith("PPL")
            and c.country_code == "US"
            and c.admin1 == county.admin1
        ):
            towns[c.index] += 1
            by_index[c.index] = c
    if towns:
        best = by_index[towns.most_common(1)[0][0]]
        return best.lat, best.lon
    return county.lat, county.lon

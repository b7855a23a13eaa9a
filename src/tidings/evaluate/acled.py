"""ACLED event notes: each row's ``notes`` is one document dated ``event_date``.

The note is coded whole and compared with the row through its **main event**: the
highest-confidence material event (quad 2 or 4: what ACLED records are things done, not
things said), ties going to the earlier one; a note with no material event falls back to its
highest-confidence event of any kind. ACLED writes one row per event and its note leads with
that event, so the surest material event is the row's.

Metrics (each a mean over rows; a row without any event scores 0, except ``dead`` where no
event means no deaths):

- ``acled.sub_event_accuracy``: main event's ACLED sub-event type equals the row's;
- ``acled.plover_consistent``: its PLOVER type is a fair coding of the row's ACLED event type
  (``acled_plover`` in ``data/ontology/plover.yaml``);
- ``acled.dead_accuracy``: its ``size.dead`` (None as 0) equals ``fatalities``;
- ``acled.actor_match``: share of the row's actors (actor1, actor2) found among the main
  event's actors and recipients with the same country code and sector (order-free: ACLED's
  actor1/actor2 order follows who initiated, which a note does not always say);
- ``acled.loc_50km``: its ``event_loc`` lies within 50 km of the row's latitude/longitude;
- ``acled.date_accuracy``: its date equals ``event_date``;
- ``acled.actor_country_coverage`` / ``acled.actor_country_precision`` (over all actors and
  recipients of the main events, not per row): the share given a country code (not ``---``),
  and of those the share whose code is one of the row's gold actors' codes.
"""

from __future__ import annotations

import csv
import logging
import math
import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pycountry

from tidings.errors import EvaluationError
from tidings.ontology import acled_plover_consistent
from tidings.records import DocumentResult, Entity, Event, RawDocument

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

log = logging.getLogger(__name__)

FILENAME = "acled_afghanistan_2020-03.csv"

# ACLED actor names -> PLOVER sector, as general rules over ACLED's naming conventions
# ("Military Forces of X (2014-)", "Police Forces of X", "Civilians (X)", "Rioters (X)", ...).
_SECTOR_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), s)
    for p, s in (
        (r"^police forces of", "COP"),
        (r"^military forces of", "MIL"),
        (r"^government of", "GOV"),
        (r"^civilians\b", "CVL"),
        (r"^(protesters|rioters)\b", "CVL"),
        (r"^unidentified (armed|gang|tribal)", "UAF"),
        (r"^private security", "BUS"),
        (r"\bmilitia\b", "MIL"),
        (r"^(taliban|islamic state|al qaeda|al-qaeda|haqqani|ttp|isis|isil|is\b)", "REB"),
        (r"\b(rebels?|insurgents?|militants?|liberation|front|jihad)\b", "REB"),
        (r"^(nato|un|united nations|african union|eu)\b", "MIL"),
    )
)
_IGO = re.compile(r"^(NATO|UN|United Nations|African Union|EU|European Union)\b")


@dataclass(frozen=True, slots=True)
class GoldActor:
    name: str
    code: str
    sector: str | None


def _country_code(name: str, default: str) -> str:
    """ISO alpha-3 of the country an ACLED actor name mentions ("... of Afghanistan (2014-)")."""
    if _IGO.match(name):
        return "IGO"
    m = re.search(r"\bof ([A-Z][\w' -]+?)(?: \(|$)", name) or re.search(
        r"\(([A-Z][\w' -]+)\)", name
    )
    if m:
        try:
            return str(pycountry.countries.lookup(m.group(1).strip()).alpha_3)
        except LookupError:
            pass
    return default


def gold_actor(name: str, iso3: str) -> GoldActor | None:
    """The (country, sector) an ACLED actor name stands for; None for an empty actor."""
    name = name.strip()
    if not name:
        return None
    sector = next((s for rx, s in _SECTOR_RULES if rx.search(name)), None)
    return GoldActor(name=name, code=_country_code(name, iso3), sector=sector)


def _entity_matches(e: Entity, g: GoldActor) -> bool:
    if g.sector is not None and e.sector != g.sector:
        return False
    # ACLED's "Unidentified Armed Group (Afghanistan)" names where the group operated, not who
    # it is; PLOVER leaves an unidentified actor's country unknown ("---") rather than guess.
    unidentified = g.sector == "UAF" and e.code == "---"
    return e.code == g.code or unidentified


def main_event(result: DocumentResult) -> Event | None:
    """The highest-confidence material event, else the highest-confidence event."""
    if not result.events:
        return None

    def key(ev: Event) -> tuple[float, int]:
        return (ev.confidence, -ev.text_info.start)

    material = [ev for ev in result.events if ev.quad_code in (2, 4)]
    return max(material or result.events, key=key)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    date: Date
    text: str
    event_type: str
    sub_event_type: str
    actors: tuple[GoldActor, ...]
    lat: float
    lon: float
    fatalities: int


def load(dev_dir: Path) -> list[Row]:
    path = dev_dir / FILENAME
    try:
        with path.open(encoding="utf-8", newline="") as f:
            records = list(csv.DictReader(f))
    except OSError as e:
        raise EvaluationError(f"cannot read {path}: {e}") from e
    rows: list[Row] = []
    for r in records:
        try:
            iso3 = r.get("iso3") or "---"
            actors = tuple(
                a for a in (gold_actor(r["actor1"], iso3), gold_actor(r["actor2"], iso3)) if a
            )
            rows.append(
                Row(
                    id=r.get("event_id_cnty") or r["data_id"],
                    date=datetime.strptime(r["event_date"].strip(), "%d %B %Y").date(),
                    text=r["notes"],
                    event_type=r["event_type"],
                    sub_event_type=r["sub_event_type"],
                    actors=actors,
                    lat=float(r["latitude"]),
                    lon=float(r["longitude"]),
                    fatalities=int(r["fatalities"] or 0),
                )
            )
        except (KeyError, ValueError) as e:
            raise EvaluationError(f"{path}: malformed row {r.get('data_id')}: {e}") from e
    return rows


def score_row(row: Row, result: DocumentResult) -> dict[str, float]:
    """The six metrics for one row (each 0 or 1, actor_match a share)."""
    ev = main_event(result)
    dead = (ev.size.dead if ev is not None else None) or 0
    out = {"dead_accuracy": float(dead == row.fatalities)}
    if ev is None:
        return out | dict.fromkeys(
            ("sub_event_accuracy", "plover_consistent", "actor_match", "loc_50km", "date_accuracy"),
            0.0,
        )
    out["sub_event_accuracy"] = float(
        ev.acled is not None and ev.acled.sub_event_type == row.sub_event_type
    )
    out["plover_consistent"] = float(
        any(acled_plover_consistent(row.event_type, t) for t in ev.event)
    )
    sides = ev.actor + ev.recipient
    matched = sum(any(_entity_matches(e, g) for e in sides) for g in row.actors)
    out["actor_match"] = matched / len(row.actors) if row.actors else 1.0
    loc = ev.event_loc
    out["loc_50km"] = float(
        loc is not None
        and loc.lat is not None
        and loc.lon is not None
        and _km(loc.lat, loc.lon, row.lat, row.lon) <= 50.0
    )
    out["date_accuracy"] = float(ev.date == row.date)
    return out


def actor_countries(row: Row, result: DocumentResult) -> tuple[int, int, int]:
    """The main event's actors and recipients: (how many, how many coded, how many right)."""
    ev = main_event(result)
    sides = (ev.actor + ev.recipient) if ev is not None else []
    coded = [e for e in sides if e.code != "---"]
    gold = {g.code for g in row.actors}
    return len(sides), len(coded), sum(e.code in gold for e in coded)


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """Code each note and score its main event (metric names ``acled.*``)."""
    rows = load(dev_dir)
    if limit is not None:
        rows = rows[:limit]
    raws = [
        RawDocument(id=f"acled-{i}-{r.id}", text=r.text, date=r.date) for i, r in enumerate(rows)
    ]
    totals: dict[str, float] = {}
    sides = coded = right = 0
    for row, result in zip(rows, pipeline.run_many(raws), strict=True):
        for k, v in score_row(row, result).items():
            totals[k] = totals.get(k, 0.0) + v
        counts = actor_countries(row, result)
        sides, coded, right = sides + counts[0], coded + counts[1], right + counts[2]
    n = max(len(rows), 1)
    log.info("acled: %d notes", len(rows))
    out = {f"acled.{k}": round(v / n, 4) for k, v in sorted(totals.items())}
    out["acled.actor_country_coverage"] = round(coded / sides, 4) if sides else 0.0
    out["acled.actor_country_precision"] = round(right / coded, 4) if coded else 0.0
    return out


__all__ = [
    "GoldActor",
    "actor_countries",
    "evaluate",
    "gold_actor",
    "load",
    "main_event",
    "score_row",
]

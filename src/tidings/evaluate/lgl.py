"""LGL (local-global lexicon) geoparsing: toponym recall and accuracy within 161 km.

``dev/geoparsing/lgl.xml`` holds 588 local US news articles, each ``<article>`` with its
``<text>`` and ``<toponyms>``; a ``<toponym>`` has ``<start>``/``<end>`` character offsets, the
``<phrase>`` and, when the annotators resolved it, a ``<gaztag>`` with ``<lat>``/``<lon>``.

Each gold toponym with coordinates is looked up among the document's ``places``: first a
place whose span overlaps the gold span and whose text holds the phrase, else (the clean stage
may shift offsets) the nearest place by offset whose text holds the phrase. Metrics:

* ``lgl.recall`` – share of gold toponyms found;
* ``lgl.acc161`` – share of ALL gold toponyms found and resolved within 161 km;
* ``lgl.acc161_found`` – the same among the found ones.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from tidings.errors import EvaluationError
from tidings.knowledge.countries import distance_km
from tidings.pipeline import Pipeline
from tidings.records import Place, RawDocument

LGL_PATH = Path("geoparsing") / "lgl.xml"
MAX_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    phrase: str
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Article:
    doc_id: str
    text: str
    date: Date | None
    toponyms: tuple[GoldToponym, ...]


def load_articles(path: Path, limit: int | None = None) -> list[Article]:
    """The articles of ``lgl.xml`` with their resolved gold toponyms."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise EvaluationError(f"cannot read LGL file {path}: {e}") from e
    out: list[Article] = []
    for art in root.iter("article"):
        gold = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = g.findtext("lat") if g is not None else None
            lon = g.findtext("lon") if g is not None else None
            if lat is None or lon is None:
                continue
            gold.append(
                GoldToponym(
                    phrase=t.findtext("phrase") or "",
                    start=int(t.findtext("start") or -1),
                    end=int(t.findtext("end") or -1),
                    lat=float(lat),
                    lon=float(lon),
                )
            )
        dl = (art.findtext("dltime") or "")[:10]
        try:
            day = Date.fromisoformat(dl) if dl else None
        except ValueError:
            day = None
        out.append(
            Article(art.get("docid") or str(len(out)), art.findtext("text") or "", day, tuple(gold))
        )
        if limit is not None and len(out) >= limit:
            break
    return out


def match_place(gold: GoldToponym, places: list[Place]) -> Place | None:
    """The place that stands for ``gold``: by overlapping span, else by text."""
    phrase = gold.phrase.lower()
    holding = [p for p in places if phrase in p.text.lower() or p.text.lower() in phrase]
    overlapping = [p for p in holding if p.start < gold.end and gold.start < p.end]
    if overlapping:
        return overlapping[0]
    same = [p for p in holding if phrase in p.text.lower()]
    if not same:
        return None
    return min(same, key=lambda p: abs(p.start - gold.start))


def score(pairs: Iterable[tuple[Article, list[Place]]]) -> dict[str, float]:
    """Recall and accuracy within 161 km over (article, places found) pairs."""
    total = found = near = 0
    for art, places in pairs:
        for g in art.toponyms:
            total += 1
            p = match_place(g, places)
            if p is None:
                continue
            found += 1
            if p.lat is not None and p.lon is not None:
                near += distance_km(g.lat, g.lon, p.lat, p.lon) <= MAX_KM
    return {
        "lgl.recall": found / total if total else 0.0,
        "lgl.acc161": near / total if total else 0.0,
        "lgl.acc161_found": near / found if found else 0.0,
        "lgl.toponyms": float(total),
    }


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    """Code the LGL articles with ``pipeline`` and score their places."""
    articles = load_articles(dev_dir / LGL_PATH, limit)
    raws = [RawDocument(id=a.doc_id, text=a.text, date=a.date) for a in articles]
    results = pipeline.run_many(raws)
    return score((a, r.places) for a, r in zip(articles, results, strict=True))

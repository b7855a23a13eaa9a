"""The LGL scorer on a hand-made two-article file."""

from __future__ import annotations

from pathlib import Path

from tidings.evaluate.lgl import load_articles, match_place, score
from tidings.records import Place

XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><dltime>2009-03-20 12:24:52-05</dltime>
    <text><![CDATA[Alexandria woman charged. She lives in Paris.]]></text>
    <toponyms>
      <toponym><start>0</start><end>10</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym>
      <toponym><start>40</start><end>45</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><lat>33.6609</lat><lon>-95.5555</lon></gaztag></toponym>
      <toponym><start>5</start><end>9</end><phrase>Nowhere</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_lgl_load_and_score(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(XML, encoding="utf-8")
    (art,) = load_articles(path)
    assert art.date is not None and art.date.isoformat() == "2009-03-20"
    assert [g.phrase for g in art.toponyms] == ["Alexandria", "Paris"]  # unresolved gold dropped
    places = [
        Place(text="Alexandria", start=0, end=10, lat=31.3, lon=-92.4),
        Place(text="Paris", start=41, end=46, lat=48.85, lon=2.35),  # shifted offsets, wrong Paris
    ]
    assert match_place(art.toponyms[1], places) is places[1]
    got = score([(art, places)])
    assert got["lgl.recall"] == 1.0
    assert got["lgl.acc161"] == 0.5
    assert got["lgl.acc161_found"] == 0.5
    assert score([(art, [])])["lgl.recall"] == 0.0

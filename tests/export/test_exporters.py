from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tidings.errors import InputError
from tidings.export import (
    ACLED_COLUMNS,
    GDELT_COLUMNS,
    export_events,
    gdelt_row,
    write_plover_jsonl,
)
from tidings.export.acled import acled_actor_name
from tidings.export.common import goldstein
from tidings.records import DocumentResult, Entity, Event
from tidings.store import EventQuery, Store


def _events(results: list[DocumentResult]) -> dict[str, Event]:
    return {ev.id: ev for r in results for ev in r.events}


def test_export_plover_roundtrips_every_event(
    store: Store, results: list[DocumentResult], tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    assert export_events(store, "plover", out).written == 9
    back = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {e["id"] for e in back} == set(_events(results))
    assert back[0]["cite_info"]["url"] == "https://news.example/kz/fuel-protest"
    dates = [e["date"] for e in back]
    assert dates == sorted(dates)  # oldest first by default
    frame = pd.read_json(out, lines=True)
    assert len(frame) == 9 and set(frame["quad_code"]) == {1, 2, 3, 4}
    n = duckdb.sql(f"SELECT count(*) FROM read_json_auto('{out}')").fetchall()
    assert n == [(9,)]


def test_export_plover_respects_filters_and_limit(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    report = export_events(store, "plover", out, EventQuery(quad=[4], sort="date", limit=2))
    assert report.written == 2
    assert export_events(store, "plover", out, EventQuery(quad=[4], limit=None)).written == 3
    assert {json.loads(x)["event"][0] for x in out.read_text().splitlines()} == {
        "COERCE", "PROTEST", "ASSAULT",
    }  # fmt: skip


def test_export_gdelt_tsv_roundtrips(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    report = export_events(store, "gdelt", out)
    assert report.written == 8 and report.left_out == {"future (not asserted)": 1}
    frame = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == GDELT_COLUMNS and len(frame) == 8
    assert frame["GLOBALEVENTID"].is_unique
    attack = frame[frame["EventRootCode"] == "19"].iloc[0]
    assert attack["SQLDATE"] == "20240306"
    assert attack["EventCode"] == "190" and attack["EventBaseCode"] == "190"
    assert attack["QuadClass"] == "4" and float(attack["GoldsteinScale"]) == -10.0
    assert attack["Actor1Code"] == "UAF" and attack["Actor2Code"] == "AFGCVL"
    assert attack["Actor2CountryCode"] == "AFG" and attack["Actor1Name"] == "GUNMEN"
    assert attack["ActionGeo_FullName"] == "Herat, Afghanistan"
    assert attack["ActionGeo_CountryCode"] == "AF"  # FIPS 10-4 for Afghanistan is AF too
    assert float(attack["ActionGeo_Lat"]) == 34.35
    assert attack["SOURCEURL"] == "https://news.example/af/herat"
    aid = frame[frame["EventRootCode"] == "07"].iloc[0]
    assert aid["ActionGeo_CountryCode"] == "TU"  # Turkey: ISO TR, FIPS TU
    con = duckdb.sql(
        f"SELECT QuadClass, count(*) FROM read_csv('{out}', delim='\t', header=true) "
        "GROUP BY QuadClass ORDER BY QuadClass"
    )
    assert con.fetchall() == [(1, 2), (2, 1), (3, 2), (4, 3)]
    # the future THREATEN comes back with --include-modality, with a modality column
    report = export_events(store, "gdelt", out, include_modality=True)
    assert report.written == 9 and not report.left_out
    frame = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == (*GDELT_COLUMNS, "Modality")
    # a root-only code is padded; a document without URL falls back to its id
    threat = frame[frame["EventRootCode"] == "13"].iloc[0]
    assert threat["EventCode"] == "130" and float(threat["GoldsteinScale"]) == -4.4
    assert threat["Actor1Code"] == "IGO" and threat["SOURCEURL"] == "mixed-4"
    assert threat["IsRootEvent"] == "1" and threat["Modality"] == "future"


def test_export_gdelt_row_falls_back_to_ontology_root(results: list[DocumentResult]) -> None:
    ev = results[0].events[0].model_copy(update={"cameo": None})
    row = gdelt_row(ev)
    assert row["EventRootCode"] == "17" and row["GoldsteinScale"] == -7.0


def test_export_acled_csv_roundtrips(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    report = export_events(store, "acled", out)
    assert report.written == 4  # only events with an ACLED type
    assert report.left_out == {"no ACLED event type": 4, "future (not asserted)": 1}
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == ACLED_COLUMNS
    by_type = dict(zip(frame["sub_event_type"], frame.to_dict("records"), strict=True))
    assert set(by_type) == {"Arrests", "Peaceful protest", "Agreement", "Attack"}
    attack = by_type["Attack"]
    assert attack["event_type"] == "Violence against civilians"
    assert attack["fatalities"] == "12" and attack["country"] == "Afghanistan"
    assert attack["event_id_cnty"].startswith("AFG") and attack["location"] == "Herat"
    assert attack["actor2"] == "Civilians (Afghanistan)"
    assert attack["actor1"] == "Unidentified Armed Group"
    assert attack["inter1"] == "3" and attack["inter2"] == "7" and attack["interaction"] == "37"
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert attack["region"] == "South Asia" and attack["iso"] == "4"
    assert by_type["Arrests"]["actor1"] == "Police Forces of Kazakhstan"
    assert by_type["Peaceful protest"]["actor1"] == "Protesters (Kazakhstan)"
    assert by_type["Arrests"]["fatalities"] == "0"
    assert by_type["Peaceful protest"]["interaction"] == "16"
    assert by_type["Peaceful protest"]["disorder_type"] == "Demonstrations"
    assert by_type["Agreement"]["source"] == "Wire Service"
    assert by_type["Agreement"]["inter1"] == "1" and by_type["Agreement"]["country"] == "Russia"
    assert "pipeline" in by_type["Agreement"]["notes"]
    rows = duckdb.sql(f"SELECT sum(fatalities) FROM read_csv('{out}')").fetchall()
    assert rows == [(12,)]


def test_export_acled_actor_names() -> None:
    soldiers = Entity(entity_text="soldiers", code="KOR", sector="MIL")
    assert acled_actor_name(soldiers, "Battles") == "Military Forces of South Korea"
    named = Entity(entity_text="the alliance", code="IGO", identifier_text="NATO")
    assert acled_actor_name(named, "Battles") == "NATO"
    # raw text is never an ACLED name: an unnamed protester is ACLED's generic protester
    assert acled_actor_name(Entity(entity_text="we", code="---"), "Protests") == "Protesters"
    surface = Entity(entity_text="vhp", code="IND", sector="SOC", identifier_text="vhp")
    assert acled_actor_name(surface, "Riots") == "Civil Society Group (India)"
    pal = Entity(entity_text="residents", code="PSE", sector="CVL")
    assert acled_actor_name(pal, "Riots") == "Rioters (Palestine)"


def test_export_parquet_roundtrips(
    store: Store, results: list[DocumentResult], tmp_path: Path
) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(store, "parquet", out).written == 9
    frame = pd.read_parquet(out)
    assert len(frame) == 9 and frame["id"].is_unique
    truth = _events(results)
    for row in frame.to_dict("records"):
        ev = truth[row["id"]]
        assert Event.model_validate_json(row["plover"]) == ev
        assert row["event_type"] == ev.event[0] and row["quad_code"] == ev.quad_code
        assert row["sentence"] == ev.event_text[0]
    herat = frame[frame["place"] == "Herat"].iloc[0]
    assert herat["dead"] == 12 and herat["url"] == "https://news.example/af/herat"
    assert json.loads(herat["actor"])[0]["entity_text"] == "Gunmen"
    assert list(frame[frame["event_type"] == "COERCE"].iloc[0]["mode"]) == ["arrest"]
    got = duckdb.sql(
        f"SELECT event_type, lat FROM read_parquet('{out}') WHERE country_code = 'KZ' ORDER BY 1"
    ).fetchall()
    assert got == [("COERCE", 43.25), ("PROTEST", 43.25)]


def test_export_parquet_empty_and_stdout_refused(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    assert export_events(store, "parquet", out, EventQuery(types=["RETREAT"])).written == 0
    assert len(pd.read_parquet(out)) == 0
    with pytest.raises(InputError):
        export_events(store, "parquet", "-")


@pytest.mark.parametrize(
    ("cameo", "score"), [("190", -10.0), ("0874", 10.0), ("1451", -7.5), ("14", -6.5), ("99", None)]
)
def test_export_goldstein_lookup(cameo: str, score: float | None) -> None:
    assert goldstein(cameo) == score


def test_export_plover_writer_counts(results: list[DocumentResult]) -> None:
    buf = io.StringIO()
    assert write_plover_jsonl(results[2].events, buf).written == 3
    assert len(buf.getvalue().splitlines()) == 3

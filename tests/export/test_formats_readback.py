"""Each export read back with its format's own column list and every vocabulary value checked
(tests/export/data: the GDELT 2.0 event columns, CAMEO actor types, ACLED's columns and
vocabularies, the PLOVER manual's sectors and codes)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pycountry
import pytest
import yaml

from tidings.export import export_events
from tidings.export.common import goldstein_table
from tidings.records import DocumentResult, Entity, EventLocation
from tidings.store import Store

DATA = Path(__file__).resolve().parent / "data"
ISO3 = {c.alpha_3 for c in pycountry.countries}


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text("utf-8")
    return [x for x in text.splitlines() if x.strip() and not x.startswith("#")]


def _yaml(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((DATA / name).read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def awkward(results: list[DocumentResult]) -> DocumentResult:
    """One document with the cases the field's readers trip on."""
    base = results[0].events[0]  # COERCE/arrest by Kazakh police, ACLED Arrests
    de = EventLocation(extracted_place="Berlin", resolved_place="Berlin", lat=52.52, lon=13.4,
                       country_code="DE", admin1="Berlin", resolution=4)  # fmt: skip
    ne = EventLocation(extracted_place="Niger", country_code="NE", resolution=1)
    ps = EventLocation(extracted_place="Gaza", resolved_place="Gaza", country_code="PS",
                       resolution=4, lat=31.5, lon=34.47)  # fmt: skip
    press = Entity(entity_text="the newspaper", code="DEU", sector="PRE")
    medics = Entity(entity_text="doctors", code="NER", sector="MED")
    nobody = Entity(entity_text="we", code="---")
    events = [
        base.model_copy(update={"id": "1af0000000000000", "event_loc": de, "actor": [press]}),
        base.model_copy(update={"id": "2bf0000000000000", "event_loc": ne, "actor": [medics]}),
        base.model_copy(update={"id": "3cf0000000000000", "event_loc": ps, "actor": []}),
        base.model_copy(
            update={"id": "4df0000000000000", "actor": [nobody], "modality": "negated"}
        ),
        base.model_copy(update={"id": "5ef0000000000000", "date": dt.date(2072, 1, 1)}),
        base.model_copy(update={"id": "6ff0000000000000", "date": None}),
    ]
    return results[0].model_copy(update={"id": "awkward-9", "events": events})


@pytest.fixture
def big_store(store: Store, awkward: DocumentResult) -> Iterator[Store]:
    store.write_result(awkward, content_hash="h-awkward")
    yield store


def test_gdelt_export_reads_back_with_gdelt_columns_and_codes(
    big_store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "gdelt.tsv"
    report = export_events(big_store, "gdelt", out)
    assert report.left_out == {
        "future (not asserted)": 1, "negated (not asserted)": 1, "undated": 1,
        "dated after today": 1,
    }  # fmt: skip
    # GDELT's files have no header: read as GDELT's tools do, by position, with its names
    official = _lines("gdelt2_event_columns.txt")
    assert len(official) == 61
    frame = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False, header=None,
                        skiprows=1, names=official)  # fmt: skip
    assert len(frame) == report.written == 11
    assert frame.columns.tolist() == official
    ids = frame["GLOBALEVENTID"].astype(int)
    assert ids.is_unique and (ids < 2**53).all()
    assert ((frame["SQLDATE"].str.len() == 8) & frame["SQLDATE"].str.isdigit()).all()
    fraction = frame["FractionDate"].astype(float)
    assert (fraction.astype(int) == frame["Year"].astype(int)).all()
    types = set(_lines("cameo_types.txt"))
    for side in ("Actor1", "Actor2"):
        assert set(frame[f"{side}Type1Code"]) <= types | {""}
        assert set(frame[f"{side}CountryCode"]) <= ISO3 | {""}
        for code, country, ctype in zip(frame[f"{side}Code"], frame[f"{side}CountryCode"],
                                        frame[f"{side}Type1Code"], strict=True):  # fmt: skip
            assert code in (country + ctype, "IGO" + ctype)
    cameo = set(goldstein_table())
    assert set(frame["EventCode"]) <= cameo and set(frame["EventRootCode"]) <= cameo
    assert set(frame["QuadClass"]) <= {"1", "2", "3", "4"}
    assert set(frame["ActionGeo_Type"]) <= {"", "1", "2", "3", "4", "5"}
    fips = dict(zip(frame["ActionGeo_FullName"], frame["ActionGeo_CountryCode"], strict=True))
    assert fips["Berlin, Germany"] == "GM" and fips["Niger"] == "NG"
    assert fips["Gaza, Palestine, State of"] == "WE" or fips.get("Gaza, Palestine") == "WE"
    press = frame[frame["ActionGeo_CountryCode"] == "GM"].iloc[0]
    assert press["Actor1Type1Code"] == "MED" and press["Actor1Code"] == "DEUMED"
    medics = frame[frame["ActionGeo_CountryCode"] == "NG"].iloc[0]
    assert medics["Actor1Type1Code"] == "HLH" and medics["ActionGeo_Type"] == "1"
    assert frame["SOURCEURL"].str.len().gt(0).all()
    assert (frame["DATEADDED"].str.len() == 14).all()


def test_acled_export_reads_back_with_acled_columns_and_vocabularies(
    big_store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "acled.csv"
    report = export_events(big_store, "acled", out)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert frame.columns.tolist() == _lines("acled_columns.txt")
    assert "iso3" not in frame.columns and len(frame) == report.written == 7
    assert report.left_out["negated (not asserted)"] == 1
    vocab = _yaml("acled_vocabulary.yaml")
    for etype, sub in zip(frame["event_type"], frame["sub_event_type"], strict=True):
        assert sub in vocab["event_types"][etype]
    assert set(frame["disorder_type"]) <= set(vocab["disorder_types"])
    inter = {str(x) for x in vocab["inter"]}
    assert set(frame["inter1"]) <= inter and set(frame["inter2"]) <= inter
    for i1, i2, both in zip(frame["inter1"], frame["inter2"], frame["interaction"], strict=True):
        pair = sorted(x for x in (i1, i2) if x != "0")
        assert both == ("".join(pair) if len(pair) == 2 else pair[0] + "0")
    assert set(frame["time_precision"].astype(int)) <= set(vocab["time_precision"])
    assert set(frame["geo_precision"].astype(int)) <= set(vocab["geo_precision"])
    assert set(frame["civilian_targeting"]) <= set(vocab["civilian_targeting"])
    assert set(frame["region"]) <= set(vocab["regions"])
    # ACLED names who acted; tidings does not guess who made an arrest the text leaves unsaid
    unnamed = frame[frame["actor1"] == ""]
    assert set(unnamed["event_type"]) <= {"Strategic developments"}
    assert not frame["actor1"].str.islower().any()  # never raw text such as "we"
    by_country = dict(zip(frame["country"], frame.to_dict("records"), strict=False))
    assert set(by_country) >= {"Germany", "Niger", "Palestine", "Kazakhstan"}
    gaza = by_country["Palestine"]
    assert gaza["region"] == "Middle East" and gaza["iso"] == "275"
    assert gaza["actor1"] == "" and gaza["inter1"] == "0" and gaza["interaction"] == "70"
    assert by_country["Germany"]["actor1"] == "Journalists (Germany)"
    assert by_country["Niger"]["actor1"] == "Health Workers (Niger)"
    assert by_country["Niger"]["region"] == "Western Africa"
    assert frame["timestamp"].astype(int).gt(0).all()
    assert (frame["fatalities"].astype(int) >= 0).all()


def test_acled_export_include_modality_adds_a_column(big_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    report = export_events(big_store, "acled", out, include_modality=True)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert frame.columns.tolist() == [*_lines("acled_columns.txt"), "modality"]
    assert "negated (not asserted)" not in report.left_out
    assert set(frame["modality"]) == {"asserted", "negated"}


def test_plover_export_follows_the_manual(big_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "plover.jsonl"
    report = export_events(big_store, "plover", out)
    assert report.left_out == {"undated": 1}
    records = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(records) == report.written == 14
    vocab = _yaml("plover_vocabulary.yaml")
    codes = ISO3 | set(vocab["non_state"])
    for rec in records:
        for name in vocab["required"]:
            assert rec[name], (rec["id"], name)
        assert set(rec["event"]) <= set(vocab["event_types"])
        for e in rec["actor"] + rec["recipient"]:
            assert e["code"] in codes and e["sector"] in vocab["sectors"]
        loc = rec.get("event_loc")
        if loc and loc.get("country_code"):
            assert loc["country_code"] in ISO3
    by_id = {r["id"]: r for r in records}
    assert by_id["1af0000000000000"]["actor"][0]["sector"] == "JRN"  # press
    assert by_id["1af0000000000000"]["event_loc"]["country_code"] == "DEU"
    assert by_id["3cf0000000000000"]["actor"] == [{"code": "UNK", "sector": "UNK"}]
    assert by_id["4df0000000000000"]["actor"][0]["code"] == "UNK"  # not "---"
    assert "---" not in out.read_text("utf-8")

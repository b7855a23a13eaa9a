from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tidings.cli import events as events_cli
from tidings.errors import InputError, StoreError
from tidings.records import DocumentResult
from tidings.store import EventQuery, Store

RESULTS = Path(__file__).resolve().parents[1] / "store" / "data" / "results.jsonl"


def _parser() -> argparse.ArgumentParser:
    # the global flags of tidings.cli.main, and only this command
    parser = argparse.ArgumentParser(prog="tidings")
    parser.add_argument("--config")
    parser.add_argument("--db")
    parser.add_argument("--model")
    events_cli.register(parser.add_subparsers(dest="command"))
    return parser


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.duckdb"
    with Store(path) as store:
        for line in RESULTS.read_text("utf-8").splitlines():
            r = DocumentResult.model_validate_json(line)
            store.write_result(r, content_hash=r.id)
    return str(path)


def _run(db: str, *argv: str) -> int:
    args = _parser().parse_args(["--db", db, "events", *argv])
    return int(args.func(args))


def test_events_jsonl_when_piped_and_filters(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    dates = [json.loads(x)["date"] for x in lines]
    assert dates == sorted(dates, reverse=True)
    assert _run(db, "--type", "assault,aid", "--since", "2024-03-06") == 0
    got = [json.loads(x)["event"][0] for x in capsys.readouterr().out.splitlines()]
    assert sorted(got) == ["AID", "ASSAULT"]
    assert _run(db, "--actor", "united nations", "--limit", "1") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert _run(db, "--country", "KAZ", "--mode", "arrest") == 0
    (one,) = capsys.readouterr().out.splitlines()
    assert json.loads(one)["size"]["arrested"] == 40
    assert _run(db, "--near", "34.3,62.1,30", "--text", "villagers") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_events_table_format(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "--format", "table", "--quad", "4") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:8] == [
        "date", "type", "mode", "actor", "recipient", "place", "size", "sentence",
    ]  # fmt: skip
    assert out[-1] == "(3 events)"
    attack = next(line for line in out if "ASSAULT" in line)
    assert "2024-03-06" in attack and "Herat" in attack and "12 dead, 5 injured" in attack
    assert "Gunmen (--- UAF)" in attack and "firearms" in attack
    # columns line up: every row's type starts where the header's does
    col = out[0].index("type")
    assert all(
        line[col:].split()[0] in {"type", "COERCE", "PROTEST", "ASSAULT"} for line in out[:-1]
    )
    assert _run(db, "--format", "table", "--type", "RETREAT") == 0
    assert capsys.readouterr().out == "no events match\n"


def test_events_db_flag_after_the_command(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["events", "--db", db, "--type", "AID"])
    assert args.func(args) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    args = _parser().parse_args(["--db", db, "events", "--type", "AID"])
    assert args.db == db  # not overwritten by the command's own --db default


def test_events_bad_input(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["events", "--since", "yesterday"])
    with pytest.raises(InputError):
        _run(db, "--quad", "7")
    with pytest.raises(StoreError, match="no tidings database"):
        _run(str(tmp_path / "missing.duckdb"))


def test_events_distinct_one_per_same_event_group(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(db) as store:
        (first,) = store.query_events(EventQuery(country_code="KZ", modes=["arrest"]))
        copy = first.model_copy(
            update={"id": "wire-2-e0", "source": first.source.model_copy(update={"doc_id": "w2"})}
        )
        store.write_result(DocumentResult(id="w2", events=[copy]), content_hash="w2")
        assert store.regroup_events() == 1
    assert _run(db, "--limit", "100") == 0
    every = [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()]
    assert _run(db, "--limit", "100", "--distinct") == 0
    distinct = [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()]
    assert len(distinct) == len(every) - 1 == 9
    assert sum(i in distinct for i in (first.id, "wire-2-e0")) == 1

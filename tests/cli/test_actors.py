from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
import yaml

from tidings.cli import actors as actors_cli
from tidings.records import ActorProfile
from tidings.store import Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tidings")
    parser.add_argument("--config")
    parser.add_argument("--db")
    parser.add_argument("--model")
    actors_cli.register(parser.add_subparsers(dest="command"))
    return parser


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "actors.duckdb"
    with Store(path) as store:
        store.save_actor_profiles(
            [
                ActorProfile(
                    name="Kassym Jomart-Tokayev",
                    code="KAZ",
                    sector="GOV",
                    office="President",
                    evidence=["Kazakhstan's President Kassym Jomart-Tokayev spoke."],
                    doc_ids=["a", "b"],
                ),
                ActorProfile(name="Joe Biden", code="USA", sector="GOV", doc_ids=["c"]),
            ]
        )
    return str(path)


def _run(db: str, *argv: str, config: str | None = None) -> int:
    pre = ["--db", db] + (["--config", config] if config else [])
    args = _parser().parse_args([*pre, "actors", *argv])
    return int(args.func(args))


def test_cli_actors_list_table_and_filter(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "list") == 0
    out = capsys.readouterr().out
    assert "Kassym Jomart-Tokayev" in out and "Joe Biden" in out
    assert _run(db, "list", "--code", "kaz", "--format", "jsonl") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["name"] for x in lines] == ["Kassym Jomart-Tokayev"]


def test_cli_actors_show_by_surname_variant(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "show", "Kassym-Jomart Tokayev") == 0
    out = capsys.readouterr().out
    assert "KAZ" in out and "President" in out and "spoke." in out
    assert _run(db, "show", "Nobody") == 1


def test_cli_actors_export_yaml_round_trips_as_overrides(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "actors.yaml"
    assert _run(db, "export", "--out", str(out)) == 0
    data = yaml.safe_load(out.read_text("utf-8"))
    assert {a["name"] for a in data["actors"]} == {"Kassym Jomart-Tokayev", "Joe Biden"}
    config = tmp_path / "tidings.toml"
    config.write_text(f'[actors]\noverrides = "{out}"\n', encoding="utf-8")
    assert _run(db, "list", "--pinned", "--format", "jsonl", config=str(config)) == 0
    pinned = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(pinned) == 2 and all(p["pinned"] for p in pinned)


def test_cli_actors_export_jsonl(db: str, tmp_path: Path) -> None:
    out = tmp_path / "actors.jsonl"
    assert _run(db, "export", "--out", str(out)) == 0
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(rows) == 2


def test_cli_actors_no_database_lists_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(str(tmp_path / "none.duckdb"), "list", "--format", "jsonl") == 0
    assert capsys.readouterr().out == ""

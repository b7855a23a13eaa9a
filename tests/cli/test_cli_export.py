from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import pytest

from tidings.cli import export as export_cli
from tidings.records import DocumentResult
from tidings.store import Store

RESULTS = Path(__file__).resolve().parents[1] / "store" / "data" / "results.jsonl"


def _run(db: str, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tidings")
    parser.add_argument("--config")
    parser.add_argument("--db")
    parser.add_argument("--model")
    export_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--db", db, "export", *argv])
    return int(args.func(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.duckdb"
    with Store(path) as store:
        for line in RESULTS.read_text("utf-8").splitlines():
            r = DocumentResult.model_validate_json(line)
            store.write_result(r, content_hash=r.id)
    return str(path)


@pytest.mark.parametrize(
    ("fmt", "rows", "read"),
    [
        ("plover", 9, lambda p: pd.read_json(p, lines=True)),
        ("gdelt", 8, lambda p: pd.read_csv(p, sep="\t")),
        ("acled", 4, pd.read_csv),
        ("parquet", 9, pd.read_parquet),
    ],
)
def test_export_cli_writes_each_format(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, rows: int, read: object
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert _run(db, "--format", fmt, "--out", str(out)) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"wrote {rows} {fmt} rows to {out}; ")
    if fmt == "gdelt":  # every export says what it left out
        assert "left out 1 future (not asserted)" in err
    elif fmt in ("plover", "parquet"):
        assert "nothing left out" in err
    assert len(read(out)) == rows  # type: ignore[operator]


def test_export_cli_filters_to_stdout(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "--format", "plover", "--out", "-", "--quad", "3", "--limit", "2") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(json.loads(x)["quad_code"] == 3 for x in lines)

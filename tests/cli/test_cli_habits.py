"""Honest exit codes and CLI habits: missing inputs and unknown filter values are errors that
name the path or list the valid values; --version; -q; progress bars that know their total."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tidings.cli.ingest import _Bar
from tidings.cli.main import main
from tidings.errors import InputError
from tidings.records import DocumentResult
from tidings.store import EventQuery, Store
from tidings.store.filters import filter_vocabularies, validate_filters

RESULTS = Path(__file__).resolve().parents[1] / "store" / "data" / "results.jsonl"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.duckdb"
    with Store(path) as store:
        for line in RESULTS.read_text("utf-8").splitlines():
            r = DocumentResult.model_validate_json(line)
            store.write_result(r, content_hash=r.id)
    return str(path)


@pytest.mark.parametrize("command", ["code", "ingest"])
def test_missing_input_is_a_nonzero_exit_naming_the_path(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    db = tmp_path / "t.duckdb"
    assert main(["--db", str(db), command, str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"{missing}: no such file or directory" in err
    assert not db.exists()  # nothing to read: the store is not even created


def test_unmatched_glob_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pattern = str(tmp_path / "none" / "*.txt")
    assert main(["code", pattern]) == 1
    assert f"{pattern}: no file matches this pattern" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--type", "PROTESTS"],
            ["unknown event type 'PROTESTS'", "did you mean PROTEST", "ASSAULT"],
        ),
        (["--mode", "banana"], ["unknown mode 'banana'", "arrest"]),
        (["--country", "Kazakhstan"], ["unknown country code 'Kazakhstan'", "KZ or KAZ"]),
        (["--sector", "POLICE"], ["unknown sector 'POLICE'", "COP"]),
        (["--quad", "7"], ["quad classes are 1-4"]),
    ],
)
@pytest.mark.parametrize("command", ["events", "export"])
def test_unknown_filter_value_lists_the_valid_ones(
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    argv: list[str],
    expected: list[str],
) -> None:
    extra = (
        ["--format", "plover", "--out", str(tmp_path / "o.jsonl")] if command == "export" else []
    )
    assert main(["--db", db, command, *extra, *argv]) == 1
    err = capsys.readouterr().err
    for text in expected:
        assert text in err, (text, err)


def test_known_filter_values_in_any_case_pass(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--db", db, "events", "--format", "jsonl", "--type", "protest", "--country", "kaz"]
    assert main(argv) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_validate_filters_is_the_shared_check() -> None:
    vocab = filter_vocabularies()
    assert "PROTEST" in vocab["types"] and "arrest" in vocab["modes"]
    assert "JRN" in vocab["sector"] and "negated" in vocab["modality"]
    q = EventQuery(types=["ASSAULT"], modes=["arrest"], sector="cop", country_code="RU")
    assert validate_filters(q) is q
    with pytest.raises(InputError, match="unknown modality 'maybe'"):
        validate_filters(EventQuery(modality=["maybe"]))


def test_version_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("tidings ")
    with pytest.raises(SystemExit):
        main(["-q", "--help"])
    assert "-q, --quiet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("total", "limit", "shown"), [(50, 5, 5), (3, 5, 3), (None, 5, 5), (7, None, 7)]
)
def test_progress_bar_total_respects_limit(
    total: int | None, limit: int | None, shown: int
) -> None:
    bar = _Bar(True, io.StringIO(), limit)
    bar.start(total)
    assert bar.bar is not None and bar.bar.total == shown
    bar.close()

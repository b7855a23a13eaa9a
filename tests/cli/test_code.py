from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tidings.cli.main import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_code_stdin_with_a_default_date(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = b"Police detained 12 protesters in Almaty on Monday."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    (doc,) = _run(["code", "--date", "2024-03-06", "-"], capsys)
    assert doc["id"] == "-" and doc["date"] == "2024-03-06"
    events = doc["events"]
    assert isinstance(events, list) and events[0]["date"] == "2024-03-04"


def test_code_directory_keeps_order_and_survives_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("date 2024-03-01\nRebels attacked a convoy in Mali.\n")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (tmp_path / "c.jsonl").write_text(
        '{"id": "c1", "text": "Troops shelled Kharkiv.", "date": "2024-03-02"}\n{broken\n'
    )
    docs = _run(["code", str(tmp_path)], capsys)
    ids = [d["id"] for d in docs]
    assert ids[0].endswith("a.txt") and ids[1].endswith("b.txt") and ids[2] == "c1"  # type: ignore[union-attr]
    assert docs[0]["events"] and "errors" not in docs[0]
    assert docs[1]["errors"] and not docs[1]["events"]
    assert docs[2]["events"]
    assert len(docs) == 4 and docs[3]["errors"]  # the malformed line, named


def test_code_unknown_model_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--model", "no_such_model", "code", "-"]) == 1
    assert "no_such_model" in capsys.readouterr().err


def test_code_workers_keep_input_order_and_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"id": f"w{i}", "text": text, "date": "2024-03-0" + str(i + 1)}
        for i, text in enumerate(
            [
                "Rebels attacked a convoy in Mali on Monday.",
                "Police arrested 40 protesters in Dhaka.",
                "The two ministers met in Geneva to discuss a ceasefire.",
                "Troops shelled Kharkiv overnight, officials said.",
                "Farmers blocked roads near Paris in protest at fuel prices.",
            ]
        )
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    one = _run(["code", "--workers", "1", str(path)], capsys)
    two = _run(["code", "--workers", "2", str(path)], capsys)
    assert [d["id"] for d in two] == [f"w{i}" for i in range(5)]
    assert two == one

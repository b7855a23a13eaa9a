from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.bench import load_articles, main


def test_batch_bench_loads_the_india_police_articles(dev_dir: Path) -> None:
    docs = load_articles(dev_dir, limit=5)
    assert len(docs) == 5 and all(d.text and d.date for d in docs)
    assert len({d.id for d in docs}) == 5


@pytest.mark.slow
def test_batch_bench_reports_every_number(
    dev_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--dev-dir", str(dev_dir), "--limit", "6", "--json", "--no-commands"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 6
    for key in (
        "bare_parse_articles_per_s",
        "pipeline_1_worker_articles_per_s",
        "pipeline_2_workers_articles_per_s",
        "pipeline_over_bare_parse",
        "speedup",
        "stage_parse_cpu_s",
        "stage_extract_resolve_cpu_s",
    ):
        assert result[key] > 0, key
    assert len(result["peak_rss_mb_per_worker"]) == 2
    assert all(150 < mb < 3000 for mb in result["peak_rss_mb_per_worker"])


def test_batch_bench_run_command_sees_the_whole_process_tree() -> None:
    import sys

    from tidings.bench import run_command

    # a parent that starts a child holding ~60 MB: the tree's peak counts both
    child = "b = bytearray(60_000_000); import time; time.sleep(1.0)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    run = run_command([sys.executable, "-c", parent])
    assert run.wall >= 1.0
    assert run.rss_mb >= 60 and run.pss_mb >= 50


def test_batch_bench_startup_steps_in_a_fresh_process() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tidings.bench", "--startup-steps"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("start-up step by step (load average")
    seconds = {line[:52].strip(): float(line[52:58]) for line in lines[1:]}
    assert {"import spacy", "spaCy model load", "a second document", "total"} <= set(seconds)
    assert seconds["import spacy"] > 0 and seconds["spaCy model load"] > 0
    assert seconds["total"] >= sum(v for k, v in seconds.items() if k != "total") - 0.05

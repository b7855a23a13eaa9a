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
    args = ["--dev-dir", str(dev_dir), "--limit", "6", "--json", "--no-commands", "--rounds", "2"]
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 6
    # the per-core ratio is the median of its rounds (of two: the higher)
    rounds = result["pipeline_over_bare_parse_rounds"]
    assert len(rounds) == 2 and round(result["pipeline_over_bare_parse"], 3) == max(rounds)
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

    from tidings.bench._commands import run_command

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


def test_batch_bench_parts_choose_what_runs() -> None:
    from tidings.bench import IN_PROCESS, PARTS, _parts
    from tidings.errors import EvaluationError

    assert _parts(None, commands=True, only_commands=False) == frozenset(PARTS)
    assert _parts(None, commands=False, only_commands=False) == IN_PROCESS
    assert _parts(None, commands=True, only_commands=True) == frozenset(PARTS) - IN_PROCESS
    chosen = _parts("percore, workers,code", commands=True, only_commands=False)
    assert chosen == {"percore", "workers", "code"}
    with pytest.raises(EvaluationError, match="unknown bench part"):
        _parts("percore,everything", commands=True, only_commands=False)


def test_batch_bench_run_command_counts_cpu_of_parent_and_children() -> None:
    import sys

    from tidings.bench._commands import run_command

    # the parent spins ~0.4 s, then waits on a child that spins ~0.8 s
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < {}: pass\n"
    child = spin.format(0.8)
    parent = (
        spin.format(0.4)
        + f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    )
    run = run_command([sys.executable, "-c", parent])
    assert run.cpu >= 1.1
    assert 0.35 <= run.parent_cpu < 0.8
    assert 0.5 <= run.busiest_child_cpu <= run.cpu - run.parent_cpu + 0.05
    assert run.parent_cpu_before_workers >= 0.3
    # the child ran after the parent's spin: on free cores nothing overlaps
    assert run.projected_wall(1) >= 1.0 and run.projected_wall(2) >= 1.0


def test_batch_bench_run_command_times_the_idle_tail() -> None:
    import sys

    from tidings.bench._commands import run_command

    # two children side by side, one spinning ~0.3 s and one ~1.0 s: the first sits idle
    # (here: gone) for the last ~0.7 s
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < {}: pass\n"
    parent = (
        "import subprocess, sys\n"
        f"a = subprocess.Popen([sys.executable, '-c', {spin.format(0.3)!r}])\n"
        f"b = subprocess.Popen([sys.executable, '-c', {spin.format(1.0)!r}])\n"
        "a.wait(); b.wait()\n"
    )
    run = run_command([sys.executable, "-c", parent])
    assert 0.0 < run.workers_at < run.first_idle_at < run.last_idle_at <= run.wall
    assert 0.3 <= run.tail <= run.wall
    assert 0.0 < run.sampler_cpu < run.wall / 2

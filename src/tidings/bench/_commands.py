"""Whole commands, each in a fresh process: start-up, ``code``, ``ingest`` and Dask with 1 and
N workers; wall time, memory of the process tree, and CPU seconds of the parent and of each
worker (see :class:`Run`). Part of ``python -m tidings.bench``."""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.config import Settings
from tidings.errors import EvaluationError
from tidings.records import RawDocument

SENTENCE = "Police detained two protesters in Lagos on Monday, officials said."
_BARE = "import sys, spacy; nlp = spacy.load(sys.argv[1]); nlp(sys.argv[2])"


@dataclass(slots=True)
class Run:
    """One command: wall seconds, the peak resident memory of its process tree (``pss_mb``:
    proportional, pages shared between processes counted once in all), and CPU seconds.

    ``cpu`` is every process's (the command's and all it started, reaped); ``parent_cpu``
    the command's own; ``parent_cpu_before_workers`` what it had used when its first child
    appeared (its start-up, before the workers run beside it); ``busiest_child_cpu`` the
    child that used the most (sampled every 0.1 s, so a little under).

    The timeline, in wall seconds from the start: ``workers_at`` when the first child appeared,
    ``first_idle_at`` when the first child to stop working last gained CPU, ``last_idle_at``
    when the last one did. ``tail`` (the second less the first) is time a worker sat idle while
    another finished; what follows ``last_idle_at`` is the parent's alone."""

    wall: float
    rss_mb: float
    pss_mb: float
    cpu: float = 0.0
    parent_cpu: float = 0.0
    parent_cpu_before_workers: float = 0.0
    busiest_child_cpu: float = 0.0
    workers_at: float = 0.0
    first_idle_at: float = 0.0
    last_idle_at: float = 0.0
    sampler_cpu: float = 0.0  # what sampling cost this process (it shares the cores)

    @property
    def tail(self) -> float:
        """Seconds from the first worker's last work to the last worker's."""
        return max(0.0, self.last_idle_at - self.first_idle_at)

    def projected_wall(self, cores: int) -> float:
        """Seconds on ``cores`` dedicated cores, from the CPU seconds: the longest of the
        parent's own work, its start-up followed by the busiest worker's, and all the work
        spread evenly over the cores. Other programs' load on a shared machine inflates this
        far less than ``wall``."""
        if not self.busiest_child_cpu:
            return self.cpu
        return max(
            self.parent_cpu,
            self.parent_cpu_before_workers + self.busiest_child_cpu,
            self.cpu / max(1, cores),
        )


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, the children of every thread (Dask starts its workers
    from a thread of its own)."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            threads = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in threads:
            try:
                with open(f"/proc/{p}/task/{t}/children", encoding="ascii") as f:
                    todo.extend(int(c) for c in f.read().split())
            except OSError:
                continue
    return pids


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return 0.0


def _proc_kb(path: str, field: str) -> int:
    """The kB figure of ``field`` in a ``/proc`` file; 0 once the process is gone."""
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` (``VmRSS``: cheap to read, unlike ``smaps_rollup``)."""
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    """Proportional resident memory of ``pid`` (shared pages divided among their sharers).
    The kernel walks every page of the process to answer: about 6 ms of CPU for a 400 MB
    worker, so it is read seldom (:data:`_PSS_EVERY`)."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


_SAMPLE_EVERY = 0.1  # seconds between samples of the tree's CPU and resident memory
_PSS_EVERY = 1.0  # seconds between samples of its proportional memory


def run_command(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` to the end, sampling its process tree's CPU and resident memory every
    0.1 s and its proportional memory every second or when the resident memory grew by 5 %.

    The sampler shares the machine with the command: reading every process's
    ``smaps_rollup`` ten times a second cost about a quarter of a core beside a parent and
    two workers (3 processes, two reads of 6 ms each, every 0.1 s), CPU the two workers lost
    on a 2-core machine (the 2-worker wall time grew by about a tenth). Its own CPU is
    reported (``sampler_cpu``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = time.process_time()
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or None
    )
    rss = pss = 0
    parent = before_workers = 0.0
    children: dict[int, float] = {}
    busy_at: dict[int, float] = {}  # child -> when its CPU last grew
    workers_at = 0.0
    pss_at, pss_rss = -_PSS_EVERY, 0  # when the tree's PSS was last read, and its RSS then
    while proc.poll() is None:
        tree = _tree(proc.pid)
        now = time.perf_counter() - started
        rss_now = sum(_rss_kb(p) for p in tree)
        rss = max(rss, rss_now)
        if now - pss_at >= _PSS_EVERY or rss_now > 1.05 * pss_rss:  # a second on, or a new peak
            pss, pss_at, pss_rss = max(pss, sum(_pss_kb(p) for p in tree)), now, rss_now
        parent = max(parent, _cpu_seconds(proc.pid))
        if len(tree) > 1 and not children:
            before_workers, workers_at = parent, now
        for p in tree[1:]:
            cpu_now = _cpu_seconds(p)
            if cpu_now > children.get(p, -1.0):
                busy_at[p] = now
            children[p] = max(children.get(p, 0.0), cpu_now)
        time.sleep(_SAMPLE_EVERY)
    wall = time.perf_counter() - started
    sampler = time.process_time() - sampler
    _, err = proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise EvaluationError(f"{' '.join(argv[:4])}... failed: {err.decode()[-500:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # the parent's last 0.1 s is not sampled: what the reaped children do not account for
    parent = max(parent, cpu - sum(children.values()))
    cpu = max(cpu, parent + sum(children.values()))  # children left unreaped count too
    return Run(
        wall,
        rss / 1024,
        pss / 1024,
        cpu,
        parent,
        before_workers,
        max(children.values(), default=0.0),
        workers_at,
        min(busy_at.values(), default=0.0),
        max(busy_at.values(), default=0.0),
        sampler,
    )


def _tidings(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from tidings.cli.main import main; "
            "sys.exit(main(sys.argv[1:]))", *args]  # fmt: skip


def bench_commands(
    settings: Settings,
    docs: list[RawDocument],
    workers: int,
    work: Path,
    parts: frozenset[str] = frozenset({"startup", "code", "ingest", "dask"}),
) -> dict[str, Any]:
    """``startup``: ``tidings code`` on one sentence against a bare spaCy load and parse;
    ``code``, ``ingest`` and ``dask`` (``ingest --cluster local`` on one file, and on one file
    per few articles): the command with 1 and ``workers`` workers. Each a fresh process: wall
    time, memory and CPU seconds (:class:`Run`)."""
    one = work / "one.txt"
    one.write_text(SENTENCE + "\n", encoding="utf-8")
    big = work / "articles.jsonl"
    rows = [{"id": d.id, "text": d.text, "date": d.date.isoformat() if d.date else None}
            for d in docs]  # fmt: skip
    big.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    many = work / "many"
    many.mkdir(exist_ok=True)
    per_file = max(1, len(rows) // (4 * workers))
    for i in range(0, len(rows), per_file):
        chunk = rows[i : i + per_file]
        (many / f"part{i:05d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chunk))
    model = ["--model", settings.nlp.model]
    out: dict[str, Any] = {}
    if "startup" in parts:
        bare = run_command([sys.executable, "-c", _BARE, settings.nlp.model, SENTENCE])
        code1 = run_command(_tidings(*model, "code", "--workers", "1", str(one)))
        out["startup"] = {"bare_spacy": bare, "tidings_code": code1}
    # a task size that cuts the one file into about four tasks per worker
    task_bytes = str(max(1, big.stat().st_size // (4 * workers)))
    for n in (1, workers):
        if "code" in parts:
            out[f"code_{n}"] = run_command(_tidings(*model, "code", "--workers", str(n), str(big)))
        if "ingest" in parts:
            db = work / f"ingest{n}.duckdb"
            out[f"ingest_{n}"] = run_command(
                _tidings(*model, "--db", str(db), "ingest", "--workers", str(n),
                         "--no-progress", str(big))
            )  # fmt: skip
        if "dask" not in parts:
            continue
        for name, target in (("dask_one_file", big), ("dask_many_files", many)):
            dest = work / f"{name}{n}"
            out[f"{name}_{n}"] = run_command(
                _tidings(*model, "ingest", "--cluster", "local", "--workers", str(n),
                         "--task-bytes", task_bytes, "--out", str(dest), str(target))
            )  # fmt: skip
    return out


def print_commands(c: dict[str, Any], workers: int, articles: int) -> None:
    out = sys.stdout.write
    if "startup" in c:
        bare, code = c["startup"]["bare_spacy"], c["startup"]["tidings_code"]
        out("start-up, one sentence                 wall    peak RSS\n")
        out(f"  bare spaCy load + parse          {bare.wall:>6.1f} s {bare.rss_mb:>7.0f} MB\n")
        out(
            f"  tidings code                     {code.wall:>6.1f} s {code.rss_mb:>7.0f} MB"
            f"  ({code.wall / bare.wall:.2f}x time, {code.rss_mb / bare.rss_mb:.2f}x memory;"
            " targets <= 2x, <= 2.5x)\n"
        )
    rows = [
        (label, key)
        for label, key in (
            ("tidings code", "code"),
            ("tidings ingest", "ingest"),
            ("Dask, one file", "dask_one_file"),
            ("Dask, many files", "dask_many_files"),
        )
        if f"{key}_1" in c
    ]
    if not rows:
        return
    out(
        f"{articles} articles, fresh processes (start-up included)\n"
        f"  {'':<18}{'1 worker':>10}{f'{workers} workers':>11}{'speed-up':>10}"
        f"{'CPU 1 / N':>16}{'on free cores':>15}{'peak PSS 1 / N':>22}\n"
    )
    for label, key in rows:
        a, b = c[f"{key}_1"], c[f"{key}_{workers}"]
        memory = f"{a.pss_mb:>9.0f} /{b.pss_mb:>5.0f} MB ({b.pss_mb / a.pss_mb:.2f}x)"
        # projected: from the CPU seconds, on 1 and on ``workers`` dedicated cores
        projected = a.projected_wall(1) / max(b.projected_wall(workers), 1e-9)
        out(
            f"  {label:<18}{a.wall:>8.1f} s{b.wall:>9.1f} s{a.wall / b.wall:>9.2f}x"
            f"{a.cpu:>8.1f} /{b.cpu:>5.1f} s{projected:>14.2f}x{memory}\n"
        )
    out(
        f"  {workers} workers, timeline      workers at  parent CPU (before)  busiest worker"
        "   idle tail  parent alone  sampler CPU\n"
    )
    for label, key in rows:
        b = c[f"{key}_{workers}"]
        out(
            f"  {label:<18}{b.workers_at:>12.1f} s{b.parent_cpu:>9.1f} "
            f"({b.parent_cpu_before_workers:.1f}) s"
            f"{b.busiest_child_cpu:>13.1f} s{b.tail:>10.1f} s{b.wall - b.last_idle_at:>12.1f} s"
            f"{b.sampler_cpu:>11.1f} s\n"
        )


def run_dict(run: Run, cores: int) -> dict[str, float]:
    return {
        **dataclasses.asdict(run),
        "tail": run.tail,
        "projected_wall": run.projected_wall(cores),
    }

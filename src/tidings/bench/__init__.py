"""`python -m tidings.bench` (``make bench``): how fast tidings codes real news, and where.

On the IndiaPoliceEvents articles (``<dev-dir>/india_police_events/metadata.jsonl``) it
measures, in this process with the model loaded beforehand (start-up is not counted):

- articles/s of the whole pipeline in one process and in a pool of ``--workers`` processes
  (the ingest path: one pipeline per worker), and the speed-up between them;
- articles/s of a bare ``nlp.pipe`` with the same model on the same texts, and the ratio of
  pipeline time to bare-parse time (how much tidings adds on top of spaCy);
- time per stage in one process: clean, parse (``nlp.pipe`` of the clean texts), and
  extract + resolve (``Pipeline.code_doc``);
- peak resident memory (VmHWM) of each worker process.

Then, each in a fresh process (start-up counted): ``tidings code`` on one sentence against a
bare spaCy load and parse of it (time and peak memory), and ``tidings code``, ``tidings ingest``
and ``tidings ingest --cluster local`` on one JSON Lines file and on many small ones with 1 and
``--workers`` workers (wall time; peak proportional memory of the process tree, where pages
shared between workers count once).

Rates are given per wall-clock second and per CPU second: on a shared machine the second are
the stable ones. For each command the CPU seconds of its parent process and of each worker are
sampled too, and the speed-up it would have on dedicated cores is projected from them
(:meth:`Run.projected_wall`). ``--limit`` takes the first N articles; ``--parts`` runs only the
parts named, e.g. ``--parts percore,workers,code,ingest --limit 600`` (the per-core ratio and
1 against 2 workers, in process and for ``code`` and ``ingest``: about 7 minutes on two idle
cores).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.config import Settings, load_settings
from tidings.errors import EvaluationError
from tidings.records import ActorProfile, CleanDocument, RawDocument

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tidings.batch._coders import ChunkReply

from tidings.bench._commands import SENTENCE, Run, bench_commands, print_commands, run_dict

# spaCy, the pipeline and the pool are imported where they are used, so that
# ``--startup-steps`` sees each of them load

_SET = "india_police_events"
_CHUNK = 8  # documents per task, as `tidings ingest` sends them


def load_articles(dev_dir: Path, limit: int | None = None) -> list[RawDocument]:
    """The IndiaPoliceEvents articles as raw documents, in file order."""
    path = dev_dir / _SET / "metadata.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise EvaluationError(f"cannot read {path}: {e}") from e
    docs: list[RawDocument] = []
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        docs.append(
            RawDocument(
                id=f"ipe-{row['doc_id']}",
                text=row["full_text"],
                date=Date.fromisoformat(row["date"]) if row.get("date") else None,
                url=row.get("url"),
            )
        )
        if limit is not None and len(docs) >= limit:
            break
    return docs


@dataclass(slots=True)
class Timing:
    """Wall-clock and CPU seconds of one measurement (CPU: every process that worked)."""

    wall: float
    cpu: float
    parent_cpu: float = 0.0  # of ``cpu``, what the parent process used


def _timed(fn: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def bench_bare_parse(settings: Settings, texts: list[str]) -> Timing:
    """A bare ``nlp.pipe`` over ``texts`` with the pipeline's model."""
    from tidings.nlp import load_model

    nlp = load_model(settings.nlp.model)
    list(nlp.pipe(texts[:2]))  # warm caches
    return _timed(lambda: [len(d) for d in nlp.pipe(texts, batch_size=settings.nlp.batch_size)])


def bench_stages(settings: Settings, docs: list[RawDocument]) -> dict[str, Timing]:
    """Each stage in one process: clean, parse, extract + resolve (``Pipeline.code_doc``)."""
    from tidings.batch._coders import build_pipeline
    from tidings.clean import clean_document
    from tidings.pipeline import Pipeline

    pipeline = build_pipeline(settings)
    assert isinstance(pipeline, Pipeline)
    nlp = pipeline.nlp
    cleaned: list[CleanDocument] = []
    t_clean = _timed(lambda: cleaned.extend(clean_document(raw, settings) for raw in docs))
    codable = [c for c in cleaned if c.text.strip()]
    parsed: list[Doc] = []
    t_parse = _timed(
        lambda: parsed.extend(
            nlp.pipe((c.text for c in codable), batch_size=settings.nlp.batch_size)
        )
    )
    t_code = _timed(
        lambda: [pipeline.code_doc(d, c, []) for d, c in zip(parsed, codable, strict=True)]
    )
    return {"clean": t_clean, "parse": t_parse, "extract_resolve": t_code}


@dataclass(slots=True)
class PoolRun:
    timing: Timing
    peak_rss: dict[int, int]
    startup: float
    errors: Counter[str]
    events: int
    worker_cpu: dict[int, float]

    @property
    def critical_cpu(self) -> float:
        """CPU seconds of the busiest process (the parent or a worker): the run's wall time
        on dedicated cores, one per process, if the parent's work overlaps the workers'."""
        return max(self.timing.parent_cpu, *self.worker_cpu.values())


def bench_pool(settings: Settings, docs: list[RawDocument], workers: int) -> PoolRun:
    """The whole pipeline in ``workers`` fresh processes (the ingest path): wall and CPU of
    parent and workers, peak RSS by worker, the seconds the workers took to start, the
    documents' stage errors by stage, and the events found."""
    from tidings.batch._coders import Coded, WorkItem, build_pipeline
    from tidings.batch._pool import PoolCoder

    coder = PoolCoder(
        build_pipeline, settings, [], _NullRegistry(), workers=workers, chunk_size=_CHUNK
    )
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    errors: Counter[str] = Counter()
    events = 0

    def absorb(replies: list[ChunkReply]) -> None:
        nonlocal events
        for reply in replies:
            for o in reply.outcomes:
                if isinstance(o, Coded):
                    errors.update(e.stage for e in o.result.errors)
                    events += len(o.result.events)
                else:
                    errors["failed"] += 1
            if reply.pid:
                rss[reply.pid] = max(rss.get(reply.pid, 0), reply.peak_rss)
                cpu[reply.pid] = max(cpu.get(reply.pid, 0.0), reply.cpu_seconds)

    def run() -> None:
        for raw in docs:
            coder.submit(WorkItem(raw, raw.id))
            absorb(coder.collect(block=False))
            while not coder.ready():
                absorb(coder.collect(block=True))
        absorb(list(coder.finish()))

    try:
        started = time.perf_counter()
        coder.warm()
        startup = time.perf_counter() - started
        parent = _timed(run)
    finally:
        coder.close()
    workers_cpu = sum(cpu.values())  # forked workers count CPU from their fork
    timing = Timing(parent.wall, parent.cpu + workers_cpu, parent.cpu)
    return PoolRun(timing, rss, startup, errors, events, cpu)


class _NullRegistry:
    def profiles(self) -> list[ActorProfile]:
        return []

    def add_profiles(self, profiles: list[ActorProfile]) -> None:
        del profiles


PARTS = ("percore", "workers", "stages", "startup", "code", "ingest", "dask")
IN_PROCESS = frozenset({"percore", "workers", "stages"})


def _per_core(
    settings: Settings, docs: list[RawDocument], one: Timing, rounds: int
) -> dict[str, Any]:
    """The pipeline in one worker (``one``, then ``rounds - 1`` more runs) against a bare parse
    after each, reported by the round of the median ratio, each round's ratio beside it."""
    n = len(docs)
    texts = [raw.text or "" for raw in docs]
    pairs = []
    for r in range(max(1, rounds)):
        pipeline = one if r == 0 else bench_pool(settings, docs, 1).timing
        pairs.append((pipeline, bench_bare_parse(settings, texts)))
    ratios = [p.cpu / b.cpu for p, b in pairs]
    median = sorted(range(len(pairs)), key=ratios.__getitem__)[len(pairs) // 2]
    pipeline, bare = pairs[median]
    out: dict[str, Any] = {
        "bare_parse_articles_per_s": n / bare.wall,
        "bare_parse_articles_per_cpu_s": n / bare.cpu,
        "pipeline_over_bare_parse": ratios[median],
        "pipeline_over_bare_parse_wall": pipeline.wall / bare.wall,
        "pipeline_over_bare_parse_rounds": [round(x, 3) for x in ratios],
    }
    if len(pairs) > 1:  # the pipeline's rates of the median round, beside its parse's
        out |= {
            "pipeline_1_worker_articles_per_s": n / pipeline.wall,
            "pipeline_1_worker_articles_per_cpu_s": n / pipeline.cpu,
        }
    return out


def run_bench(
    settings: Settings,
    docs: list[RawDocument],
    workers: int,
    parts: frozenset[str] = IN_PROCESS,
    rounds: int = 1,
) -> dict[str, Any]:
    """The in-process measurements named in ``parts`` as one flat dict: rates in articles/s,
    times in s, memory in MB. ``percore``: a bare parse against the pipeline in one worker,
    ``rounds`` times in turn (the pipeline, then the parse), reported by the round of the
    median ratio (one run of either moves by 5 % on a quiet 2-core machine); ``workers``: one
    worker against ``workers``; ``stages``: each stage's CPU seconds.

    ``*_per_cpu_s`` rates divide by CPU seconds (one dedicated core); on a shared machine they
    are the stable numbers, and the wall-clock ones show what the machine gave us.
    """
    from tidings.batch import peak_rss

    n = len(docs)
    texts = [raw.text or "" for raw in docs]
    mb = 1024 * 1024
    out: dict[str, Any] = {
        "articles": n,
        "characters": sum(len(t) for t in texts),
        "model": settings.nlp.model,
        "workers": workers,
        "cpu_count": os.cpu_count(),
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    if parts & {"percore", "workers"}:
        # fresh worker processes first, so no cache of this process has seen the articles
        pool1 = bench_pool(settings, docs, 1)
        one = pool1.timing
        out |= {
            "events": pool1.events,
            "stage_errors": dict(pool1.errors),
            "pipeline_1_worker_articles_per_s": n / one.wall,
            "pipeline_1_worker_articles_per_cpu_s": n / one.cpu,
        }
    if "workers" in parts:
        pool = bench_pool(settings, docs, workers)
        many = pool.timing
        out |= {
            f"pipeline_{workers}_workers_articles_per_s": n / many.wall,
            f"pipeline_{workers}_workers_articles_per_cpu_s": n / many.cpu,
            "speedup": one.wall / many.wall,
            # with dedicated cores: the pool's CPU time spread evenly over the workers ...
            "speedup_projected": one.cpu / (many.cpu / workers),
            # ... and, stricter, not below the busiest process's (the parent's share counted)
            "speedup_projected_busiest": one.cpu / max(pool.critical_cpu, many.cpu / workers),
            "pool_startup_s": pool.startup,
            "pool_parent_cpu_s": many.parent_cpu,
            "pool_workers_cpu_s": many.cpu - many.parent_cpu,
            "pool_cpu_over_one_worker": many.cpu / one.cpu,
            "peak_rss_mb_per_worker": sorted(round(v / mb) for v in pool.peak_rss.values()),
        }
    if "percore" in parts:
        out |= _per_core(settings, docs, one, rounds)
    if "stages" in parts:
        stages = bench_stages(settings, docs)
        out |= {f"stage_{k}_cpu_s": v.cpu for k, v in stages.items()}
    out["peak_rss_mb_this_process"] = round(peak_rss() / mb)
    out["load_average_after"] = round(os.getloadavg()[0], 2)
    return out


def _rss_mb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _process_age() -> float:
    """Seconds since this process started (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    return max(0.0, uptime - started / os.sysconf("SC_CLK_TCK"))


def startup_steps(settings: Settings) -> list[tuple[str, float, int]]:
    """What ``tidings code`` loads before and while it codes one sentence, one step at a
    time in this process (run it fresh: ``--startup-steps``): each step's name, seconds,
    and resident MB after it. The first step is counted from the interpreter's start."""
    import importlib

    from tidings.batch._coders import build_pipeline

    steps: list[tuple[str, float, int]] = []
    last = time.perf_counter() - _process_age()

    def step(name: str, work: Callable[[], object]) -> None:
        nonlocal last
        work()
        now = time.perf_counter()
        steps.append((name, now - last, _rss_mb()))
        last = now

    step("Python, tidings.records, settings", lambda: None)
    step("import spacy", lambda: importlib.import_module("spacy"))
    step("import tidings.pipeline", lambda: importlib.import_module("tidings.pipeline"))
    from tidings.nlp import load_model

    step("spaCy model load", lambda: load_model(settings.nlp.model))
    from tidings.knowledge.gazetteer import get_gazetteer

    step("gazetteer (open the SQLite index, check it)", get_gazetteer)
    from tidings.resolve.actors._knowledge import knowledge

    step("actor knowledge (YAML, TSV, region names)", knowledge)
    from tidings.extract.events.lexicon import lexicon
    from tidings.knowledge.lexicon import get_lexicon

    step("event and place lexicons (YAML)", lambda: (lexicon(), get_lexicon()))
    from tidings.extract.events.learned import classifier

    step("learned event model (JSON, npz)", classifier)
    pipeline = build_pipeline(settings)
    sentence = RawDocument(id="one", text=SENTENCE)
    step(
        "the first document (pipeline, chrome patterns)",
        lambda: list(pipeline.run_many([sentence])),
    )
    step("a second document", lambda: list(pipeline.run_many([sentence])))
    from tidings.knowledge.people import people_base

    step("people knowledge base (first PERSON name)", people_base)
    return steps


def _line(label: str, value: str, note: str = "") -> str:
    return f"  {label:<30}{value:>12}  {note}".rstrip() + "\n"


def _print(r: dict[str, Any]) -> None:
    w = r["workers"]
    out = sys.stdout.write
    out(
        f"IndiaPoliceEvents: {r['articles']} articles, {r['characters']:,} characters, "
        f"model {r['model']}; {r['cpu_count']} CPUs, load average {r['load_average_before']} "
        f"before, {r['load_average_after']} after\n"
    )
    if "events" in r:
        out(f"  {r['events']} events\n")
        out("  articles/s                        wall-clock   per CPU-second\n")
    for label, key in (
        ("bare nlp.pipe", "bare_parse"),
        ("pipeline, 1 worker", "pipeline_1_worker"),
        (f"pipeline, {w} workers", f"pipeline_{w}_workers"),
    ):
        if f"{key}_articles_per_s" in r:
            wall, cpu = r[f"{key}_articles_per_s"], r[f"{key}_articles_per_cpu_s"]
            out(f"  {label:<30}{wall:>10.2f}{cpu:>16.2f}\n")
    if "pipeline_over_bare_parse" in r:
        out(
            _line(
                "pipeline / bare-parse time",
                f"{r['pipeline_over_bare_parse']:.2f}",
                f"(CPU; wall {r['pipeline_over_bare_parse_wall']:.2f}; target <= 1.3)",
            )
        )
        rounds = r.get("pipeline_over_bare_parse_rounds", [])
        if len(rounds) > 1:
            each = ", ".join(f"{x:.2f}" for x in rounds)
            out(_line("  rounds (median above)", each))
    if "speedup" in r:
        out(
            _line(
                f"{w}-worker speed-up",
                f"{r['speedup']:.2f}x",
                f"(wall; on {w} free cores, from CPU time: {r['speedup_projected']:.2f}x spread"
                f" evenly, {r['speedup_projected_busiest']:.2f}x by the busiest process)",
            )
        )
        out(_line(f"{w}-worker CPU / 1-worker CPU", f"{r['pool_cpu_over_one_worker']:.2f}"))
        rss = ", ".join(str(v) for v in r["peak_rss_mb_per_worker"])
        out(_line("peak RSS per worker", f"{rss} MB", "(target <= 1536 MB)"))
        out(_line("worker start-up (not counted)", f"{r['pool_startup_s']:.1f} s"))
        out(
            _line(
                f"{w}-worker CPU parent/workers",
                f"{r['pool_parent_cpu_s']:.2f} / {r['pool_workers_cpu_s']:.2f} s",
            )
        )
    stages = [s for s in ("clean", "parse", "extract_resolve") if f"stage_{s}_cpu_s" in r]
    total = sum(r[f"stage_{s}_cpu_s"] for s in stages)
    for stage in stages:
        sec = r[f"stage_{stage}_cpu_s"]
        out(_line(f"stage {stage} (CPU)", f"{sec:.2f} s", f"({100 * sec / total:.1f}%)"))
    if r.get("stage_errors"):
        errs = ", ".join(f"{k} {v}" for k, v in sorted(r["stage_errors"].items()))
        out(_line("stage errors (documents)", errs))


def _parts(names: str | None, *, commands: bool, only_commands: bool) -> frozenset[str]:
    """The parts to run: ``--parts`` if given, else all (less the commands with
    ``--no-commands``, only them with ``--only-commands``)."""
    if names:
        chosen = frozenset(n.strip() for n in names.split(",") if n.strip())
        unknown = chosen - set(PARTS)
        if unknown:
            listed = ", ".join(sorted(unknown))
            raise EvaluationError(f"unknown bench part(s) {listed}; choose from {', '.join(PARTS)}")
        return chosen
    if only_commands:
        return frozenset(PARTS) - IN_PROCESS
    return frozenset(PARTS) if commands else IN_PROCESS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tidings.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--dev-dir", type=Path, help="development data (default ../shared/dev or $TIDINGS_DEV_DIR)"
    )
    parser.add_argument("--limit", type=int, help="first N articles (default: all 628)")
    parser.add_argument(
        "--workers", type=int, default=2, help="pool size compared with one process"
    )
    parser.add_argument("--model", help="spaCy model (default: the settings' model)")
    parser.add_argument("--config", help="settings file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--commands",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time whole commands in fresh processes: start-up, code, ingest, Dask",
    )
    parser.add_argument(
        "--only-commands", action="store_true", help="skip the in-process measurements"
    )
    parser.add_argument(
        "--parts",
        help="only these, comma-separated: percore (bare parse against the pipeline in one "
        "worker), workers (1 against --workers in-process workers), stages, startup, code, "
        "ingest, dask (each command with 1 and --workers workers); e.g. "
        "`--parts percore,workers,code,ingest --limit 600` (default: all)",
    )
    parser.add_argument(
        "--startup-steps",
        action="store_true",
        help="only the start-up of `tidings code`, step by step, in this fresh process",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="per core: pipeline and bare parse timed this many times in turn, the median "
        "ratio reported (default 3)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show stage failures")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # stage failures are counted in the report; their tracebacks only with -v
    logging.basicConfig(level=logging.WARNING if args.verbose else logging.CRITICAL)
    overrides = {"nlp": {"model": args.model}} if args.model else None
    settings = load_settings(args.config, overrides)
    if args.startup_steps:
        steps = startup_steps(settings)
        total = sum(seconds for _, seconds, _ in steps)
        sys.stdout.write(f"start-up step by step (load average {os.getloadavg()[0]:.2f})\n")
        for name, seconds, rss in steps:
            sys.stdout.write(
                f"  {name:<50}{seconds:>6.2f} s {100 * seconds / total:>4.0f} %{rss:>6} MB\n"
            )
        sys.stdout.write(f"  {'total':<50}{total:>6.2f} s\n")
        return 0
    from tidings.evaluate import default_dev_dir

    docs = load_articles(args.dev_dir or default_dev_dir(), args.limit)
    workers = max(2, args.workers)
    parts = _parts(args.parts, commands=args.commands, only_commands=args.only_commands)
    result = (
        run_bench(settings, docs, workers, parts & IN_PROCESS, args.rounds)
        if parts & IN_PROCESS
        else {}
    )
    commands: dict[str, Any] = {}
    if parts - IN_PROCESS:
        with tempfile.TemporaryDirectory(prefix="tidings-bench-") as work:
            commands = bench_commands(settings, docs, workers, Path(work), parts - IN_PROCESS)
    if args.json:
        flat = {
            k: run_dict(v, int(k.rsplit("_", 1)[1])) if isinstance(v, Run) else v
            for k, v in commands.items()
        }
        if "startup" in commands:
            flat["startup"] = {k: run_dict(v, 1) for k, v in commands["startup"].items()}
        sys.stdout.write(json.dumps({**result, "commands": flat}, indent=2) + "\n")
        return 0
    if result:
        _print(result)
    if commands:
        print_commands(commands, workers, len(docs))
    return 0

"""`python -m tidings.bench` (``make bench``): how fast tidings codes real news, and where.

On the IndiaPoliceEvents articles (``<dev-dir>/india_police_events/metadata.jsonl``) it
measures, with the model loaded beforehand (start-up is not counted):

- articles/s of the whole pipeline in one process and in a pool of ``--workers`` processes
  (the ingest path: one pipeline per worker), and the speed-up between them;
- articles/s of a bare ``nlp.pipe`` with the same model on the same texts, and the ratio of
  pipeline time to bare-parse time (how much tidings adds on top of spaCy);
- time per stage in one process: clean, parse (``nlp.pipe`` of the clean texts), and
  extract + resolve (``Pipeline.code_doc``);
- peak resident memory (VmHWM) of each worker process.

Rates are given per wall-clock second and per CPU second: on a shared machine the second are
the stable ones. All 628 articles take about 3 CPU-minutes in all (about 4 minutes on two idle
cores, up to 10 on busy ones); ``--limit`` takes the first N.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from tidings.batch import peak_rss
from tidings.batch._coders import ChunkReply, Coded, WorkItem, build_pipeline
from tidings.batch._pool import PoolCoder
from tidings.config import Settings, load_settings
from tidings.errors import EvaluationError
from tidings.evaluate import default_dev_dir
from tidings.pipeline import Pipeline
from tidings.records import ActorProfile, CleanDocument, RawDocument

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
    from tidings.clean import clean_document

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


def bench_pool(settings: Settings, docs: list[RawDocument], workers: int) -> PoolRun:
    """The whole pipeline in ``workers`` fresh processes (the ingest path): wall and CPU of
    parent and workers, peak RSS by worker, the seconds the workers took to start, the
    documents' stage errors by stage, and the events found."""
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
    return PoolRun(timing, rss, startup, errors, events)


class _NullRegistry:
    def profiles(self) -> list[ActorProfile]:
        return []

    def add_profiles(self, profiles: list[ActorProfile]) -> None:
        del profiles


def run_bench(settings: Settings, docs: list[RawDocument], workers: int) -> dict[str, Any]:
    """Every measurement as one flat dict: rates in articles/s, times in s, memory in MB.

    ``*_per_cpu_s`` rates divide by CPU seconds (one dedicated core); on a shared machine they
    are the stable numbers, and the wall-clock ones show what the machine gave us.
    """
    n = len(docs)
    texts = [raw.text or "" for raw in docs]
    load_before = os.getloadavg()[0]
    # fresh worker processes first, so no cache of this process has seen the articles
    pool1 = bench_pool(settings, docs, 1)
    pool = bench_pool(settings, docs, workers)
    one, many = pool1.timing, pool.timing
    bare = bench_bare_parse(settings, texts)
    stages = bench_stages(settings, docs)
    mb = 1024 * 1024
    # with dedicated cores, the pool's wall time would be its CPU time spread over the workers
    projected = one.cpu / (many.cpu / workers)
    return {
        "articles": n,
        "characters": sum(len(t) for t in texts),
        "model": settings.nlp.model,
        "workers": workers,
        "cpu_count": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "events": pool1.events,
        "stage_errors": dict(pool1.errors),
        "bare_parse_articles_per_s": n / bare.wall,
        "bare_parse_articles_per_cpu_s": n / bare.cpu,
        "pipeline_1_worker_articles_per_s": n / one.wall,
        "pipeline_1_worker_articles_per_cpu_s": n / one.cpu,
        f"pipeline_{workers}_workers_articles_per_s": n / many.wall,
        f"pipeline_{workers}_workers_articles_per_cpu_s": n / many.cpu,
        "pipeline_over_bare_parse": one.cpu / bare.cpu,
        "pipeline_over_bare_parse_wall": one.wall / bare.wall,
        "speedup": one.wall / many.wall,
        "speedup_projected": projected,
        **{f"stage_{k}_cpu_s": v.cpu for k, v in stages.items()},
        "pool_startup_s": pool.startup,
        "pool_parent_cpu_s": many.parent_cpu,
        "pool_workers_cpu_s": many.cpu - many.parent_cpu,
        "peak_rss_mb_per_worker": sorted(round(v / mb) for v in pool.peak_rss.values()),
        "peak_rss_mb_this_process": round(peak_rss() / mb),
    }


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
    out(f"  {r['events']} events\n")
    out("  articles/s                        wall-clock   per CPU-second\n")
    for label, key in (
        ("bare nlp.pipe", "bare_parse"),
        ("pipeline, 1 worker", "pipeline_1_worker"),
        (f"pipeline, {w} workers", f"pipeline_{w}_workers"),
    ):
        wall, cpu = r[f"{key}_articles_per_s"], r[f"{key}_articles_per_cpu_s"]
        out(f"  {label:<30}{wall:>10.2f}{cpu:>16.2f}\n")
    out(
        _line(
            "pipeline / bare-parse time",
            f"{r['pipeline_over_bare_parse']:.2f}",
            f"(CPU; wall {r['pipeline_over_bare_parse_wall']:.2f}; target <= 1.3)",
        )
    )
    out(
        _line(
            f"{w}-worker speed-up",
            f"{r['speedup']:.2f}x",
            f"(wall; {r['speedup_projected']:.2f}x on {w} free cores; target >= 1.8)",
        )
    )
    stages = ("clean", "parse", "extract_resolve")
    total = sum(r[f"stage_{s}_cpu_s"] for s in stages)
    for stage in stages:
        sec = r[f"stage_{stage}_cpu_s"]
        out(_line(f"stage {stage} (CPU)", f"{sec:.2f} s", f"({100 * sec / total:.1f}%)"))
    rss = ", ".join(str(v) for v in r["peak_rss_mb_per_worker"])
    out(_line("peak RSS per worker", f"{rss} MB", "(target <= 1536 MB)"))
    out(_line("worker start-up (not counted)", f"{r['pool_startup_s']:.1f} s"))
    out(
        _line(
            f"{w}-worker CPU parent/workers",
            f"{r['pool_parent_cpu_s']:.2f} / {r['pool_workers_cpu_s']:.2f} s",
        )
    )
    if r["stage_errors"]:
        errs = ", ".join(f"{k} {v}" for k, v in sorted(r["stage_errors"].items()))
        out(_line("stage errors (documents)", errs))


def main(argv: Sequence[str] | None = None) -> int:
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
    parser.add_argument("-v", "--verbose", action="store_true", help="show stage failures")
    args = parser.parse_args(argv)
    # stage failures are counted in the report; their tracebacks only with -v
    logging.basicConfig(level=logging.WARNING if args.verbose else logging.CRITICAL)
    overrides = {"nlp": {"model": args.model}} if args.model else None
    settings = load_settings(args.config, overrides)
    docs = load_articles(args.dev_dir or default_dev_dir(), args.limit)
    result = run_bench(settings, docs, max(2, args.workers))
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

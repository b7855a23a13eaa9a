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
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path
from typing import Any

from tidings.batch import IngestSummary, peak_rss
from tidings.batch._coders import Coded, PoolCoder, WorkerState, WorkItem, build_pipeline
from tidings.config import Settings, load_settings
from tidings.errors import EvaluationError
from tidings.records import CleanDocument, DocumentError, RawDocument

_SET = "india_police_events"


def default_dev_dir() -> Path:
    """``$TIDINGS_DEV_DIR``, else ``../shared/dev`` beside the repository."""
    env = os.environ.get("TIDINGS_DEV_DIR")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    for base in (repo, Path.cwd()):
        candidate = base.parent / "shared" / "dev"
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared" / "dev"


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


def _timed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def bench_bare_parse(settings: Settings, texts: list[str]) -> float:
    """Seconds for a bare ``nlp.pipe`` over ``texts`` with the pipeline's model."""
    from tidings.nlp import load_model

    nlp = load_model(settings.nlp.model)
    list(nlp.pipe(texts[:2]))  # warm caches
    _, seconds = _timed(
        lambda: [len(d) for d in nlp.pipe(texts, batch_size=settings.nlp.batch_size)]
    )
    return float(seconds)


def bench_stages(settings: Settings, docs: list[RawDocument]) -> dict[str, float]:
    """Seconds per stage in one process: clean, parse, extract + resolve."""
    from tidings.clean import clean_document
    from tidings.pipeline import Pipeline

    pipeline = Pipeline(settings)
    nlp = pipeline.nlp
    cleaned: list[CleanDocument] = []
    _, t_clean = _timed(lambda: cleaned.extend(clean_document(raw, settings) for raw in docs))
    codable = [c for c in cleaned if c.text.strip()]
    parsed, t_parse = _timed(
        lambda: list(nlp.pipe((c.text for c in codable), batch_size=settings.nlp.batch_size))
    )
    errors: list[DocumentError] = []
    _, t_code = _timed(
        lambda: [pipeline.code_doc(d, c, errors) for d, c in zip(parsed, codable, strict=True)]
    )
    return {"clean": t_clean, "parse": t_parse, "extract_resolve": t_code}


def bench_one_process(settings: Settings, docs: list[RawDocument]) -> tuple[float, int]:
    """Seconds for the whole pipeline in this process, and the events it found."""
    state = WorkerState(build_pipeline(settings))
    items = [WorkItem(raw, raw.id) for raw in docs]
    size = 8
    events = 0

    def run() -> None:
        nonlocal events
        for i in range(0, len(items), size):
            reply = state.code(items[i : i + size])
            events += sum(len(o.result.events) for o in reply.outcomes if isinstance(o, Coded))

    _, seconds = _timed(run)
    return float(seconds), events


def bench_pool(
    settings: Settings, docs: list[RawDocument], workers: int
) -> tuple[float, dict[int, int], float]:
    """Seconds for the whole pipeline in ``workers`` processes, peak RSS by pid, start-up s."""
    summary = IngestSummary()
    coder = PoolCoder(build_pipeline, settings, [], _NullRegistry(), workers=workers, chunk_size=8)
    try:
        _, startup = _timed(coder.warm)
        started = time.perf_counter()
        for raw in docs:
            coder.submit(WorkItem(raw, raw.id))
            for reply in coder.collect(block=not coder.ready()):
                summary.peak_rss[reply.pid] = max(
                    summary.peak_rss.get(reply.pid, 0), reply.peak_rss
                )
        for reply in coder.finish():
            summary.peak_rss[reply.pid] = max(summary.peak_rss.get(reply.pid, 0), reply.peak_rss)
        seconds = time.perf_counter() - started
    finally:
        coder.close()
    return seconds, summary.peak_rss, float(startup)


class _NullRegistry:
    def profiles(self) -> list[Any]:
        return []

    def add_profiles(self, profiles: list[Any]) -> None:
        del profiles


def run_bench(settings: Settings, docs: list[RawDocument], workers: int) -> dict[str, Any]:
    """Every measurement, as one flat dict (rates in articles/s, times in s, memory in MB)."""
    n = len(docs)
    texts = [raw.text or "" for raw in docs]
    bare = bench_bare_parse(settings, texts)
    stages = bench_stages(settings, docs)
    one, events = bench_one_process(settings, docs)
    many, rss, startup = bench_pool(settings, docs, workers)
    mb = 1024 * 1024
    return {
        "articles": n,
        "characters": sum(len(t) for t in texts),
        "model": settings.nlp.model,
        "workers": workers,
        "cpu_count": os.cpu_count(),
        "events": events,
        "bare_parse_articles_per_s": n / bare,
        "pipeline_1_worker_articles_per_s": n / one,
        f"pipeline_{workers}_workers_articles_per_s": n / many,
        "pipeline_over_bare_parse": one / bare,
        "speedup": one / many,
        "stage_clean_s": stages["clean"],
        "stage_parse_s": stages["parse"],
        "stage_extract_resolve_s": stages["extract_resolve"],
        "bare_parse_s": bare,
        "pipeline_1_worker_s": one,
        f"pipeline_{workers}_workers_s": many,
        "pool_startup_s": startup,
        "peak_rss_mb_per_worker": sorted(round(v / mb) for v in rss.values()),
        "peak_rss_mb_this_process": round(peak_rss() / mb),
    }


def _line(label: str, value: str, note: str = "") -> str:
    return f"  {label:<30}{value:>12}  {note}".rstrip() + "\n"


def _print(result: dict[str, Any]) -> None:
    w = result["workers"]
    out = sys.stdout.write
    out(
        f"IndiaPoliceEvents: {result['articles']} articles, {result['characters']:,} "
        f"characters, model {result['model']}, {result['cpu_count']} CPUs\n"
    )
    rate = "{:.2f} art/s"
    out(_line("bare nlp.pipe", rate.format(result["bare_parse_articles_per_s"])))
    out(
        _line(
            "pipeline, 1 worker",
            rate.format(result["pipeline_1_worker_articles_per_s"]),
            f"({result['events']} events)",
        )
    )
    out(
        _line(
            f"pipeline, {w} workers",
            rate.format(result[f"pipeline_{w}_workers_articles_per_s"]),
            f"(pool start-up {result['pool_startup_s']:.1f} s, not counted)",
        )
    )
    ratio = result["pipeline_over_bare_parse"]
    out(_line("pipeline / bare-parse time", f"{ratio:.2f}", "(target <= 1.3)"))
    out(_line(f"{w}-worker speed-up", f"{result['speedup']:.2f}x", "(target >= 1.8)"))
    stages = ("clean", "parse", "extract_resolve")
    total = sum(result[f"stage_{s}_s"] for s in stages)
    for stage in stages:
        sec = result[f"stage_{stage}_s"]
        out(_line(f"stage {stage}", f"{sec:.2f} s", f"({100 * sec / total:.1f}%)"))
    rss = ", ".join(str(v) for v in result["peak_rss_mb_per_worker"])
    out(_line("peak RSS per worker", f"{rss} MB", "(target <= 1536 MB)"))


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
    args = parser.parse_args(argv)
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

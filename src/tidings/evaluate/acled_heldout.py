"""ACLED notes from whole countries never used in training, coded through the whole pipeline.

The held-out split is that of ``tidings.extract.events.train``; the rows are read from
``../shared/train`` at evaluation time (they are not redistributed; with no such directory the
set is skipped with a message). Every held-out-country note is coded (18,596, about five
minutes on one core; ``limit`` codes a fixed random sample of that many): a sample of 600, as
the gate coded until round 9, has a standard error of about 0.012 on an accuracy near 0.9, too
coarse for a 0.90 target. The main event (as in ``tidings.evaluate.acled``) gives
``sub_event_weighted_f1`` and ``event_type_accuracy``, and ``conflict_events_per_note``
counts material-conflict events (quad 4) per note: each note describes exactly one event, so
1.0 is right and more is double counting.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

from sklearn.metrics import f1_score

from tidings.evaluate.acled import main_event
from tidings.extract.events.train import acled_examples, held_out
from tidings.pipeline import Pipeline
from tidings.records import RawDocument

__all__ = ["evaluate"]


log = logging.getLogger(__name__)

_SEED = 7


def train_dir_for(dev_dir: Path) -> Path:
    return dev_dir.parent / "train"


def evaluate(pipeline: Pipeline, dev_dir: Path, limit: int | None = None) -> dict[str, float]:
    train_dir = train_dir_for(dev_dir)
    if not (train_dir / "acled_notes.jsonl").is_file():
        log.warning("acled_heldout skipped: no ACLED training notes at %s", train_dir)
        return {}
    rows = [ex for ex, source in acled_examples(train_dir) if held_out(ex.group, source)]
    rows = [r for r in rows if r.acled and held_out(r.group, "") == "country"]
    random.Random(_SEED).shuffle(rows)
    if limit:
        rows = rows[:limit]
    raws = [RawDocument(id=f"heldout-{i}", text=r.text) for i, r in enumerate(rows)]
    gold_sub, pred_sub, event_ok, conflict = [], [], [], 0
    for row, result in zip(rows, pipeline.run_many(raws), strict=True):
        gold = str(row.acled)
        ev = main_event(result)
        pred = f"{ev.acled.event_type}|{ev.acled.sub_event_type}" if ev and ev.acled else "none"
        gold_sub.append(gold)
        pred_sub.append(pred)
        event_ok.append(pred.split("|")[0] == gold.split("|")[0])
        conflict += sum(1 for e in result.events if e.quad_code == 4)
    n = max(len(rows), 1)
    log.info("acled_heldout: %d notes from held-out countries", len(rows))
    return {
        "acled_heldout.sub_event_weighted_f1": round(
            float(f1_score(gold_sub, pred_sub, average="weighted", zero_division=0)), 4
        ),
        "acled_heldout.event_type_accuracy": round(sum(event_ok) / n, 4),
        "acled_heldout.conflict_events_per_note": round(conflict / n, 4),
    }

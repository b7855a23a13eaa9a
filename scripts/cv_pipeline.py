"""The whole pipeline on ACLED notes of countries its event model never saw, with no test data.

Usage: python scripts/cv_pipeline.py [--train-dir DIR] [--model DIR] [--notes N]
                                     [--set NAME=VALUE ...]

The gate's ``acled_heldout`` set codes notes of the held-out test countries through the shipped
model; choosing a pipeline setting on it would tune on the test. This script gives a
validation of the same kind without it: an event model is trained by
``tidings.extract.events.train`` exactly as ``make train`` does, except that the training
countries whose ``md5(name) % 5 == 0`` (27 of them: Bangladesh, Belgium, Benin, Bolivia,
Ukraine, ...) are also set aside; the pipeline then codes up to 120 notes of each of those
countries (``--notes`` in all, seed 21) with that model, and the script prints the main
event's sub-event weighted F1 and event-type accuracy beside the classifier's own reading of
each whole note, and why the pipeline missed where the classifier was right. The model is
written to ``--model`` (default ``/tmp/tidings-cv-model``) and reused when it is there.
``--set DOC_TYPE=0.5`` sets a constant of ``tidings.extract.events.learned_pass`` first.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import f1_score

from tidings.evaluate.acled import main_event
from tidings.extract.events import incident_types, learned_pass, train
from tidings.extract.events.learned import EventClassifier
from tidings.pipeline import Pipeline
from tidings.records import RawDocument

PER_COUNTRY = 120
SEED = 21


def set_aside(country: str) -> bool:
    """A training country set aside for this validation (never a held-out test country)."""
    return bool(country) and int(hashlib.md5(country.encode()).hexdigest()[:8], 16) % 5 == 0


def build_model(train_dir: Path, out: Path) -> None:
    """``make train``'s model, with the set-aside countries kept out of every split."""
    test_split = train.held_out

    def held_out(country: str, source: str) -> str | None:
        part = test_split(country, source)
        return "set-aside" if part is None and set_aside(country) else part

    train.held_out = held_out
    try:
        model, scores = train.build(train_dir)
    finally:
        train.held_out = test_split
    if not isinstance(model, EventClassifier):
        raise SystemExit("the linear family did not give an EventClassifier")
    train._save(model, out, {"scores": scores, "set_aside": "md5(country) % 5 == 0"})


def notes(train_dir: Path, n: int) -> list[train.Example]:
    by: dict[str, list[train.Example]] = defaultdict(list)
    for ex, source in train.acled_examples(train_dir):
        if ex.acled and set_aside(ex.group) and train.held_out(ex.group, source) is None:
            by[ex.group].append(ex)
    rows: list[train.Example] = []
    for country in sorted(by):
        random.Random(SEED).shuffle(by[country])
        rows.extend(by[country][:PER_COUNTRY])
    random.Random(SEED).shuffle(rows)
    return rows[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-dir", type=Path, default=Path("../shared/train"))
    parser.add_argument("--model", type=Path, default=Path("/tmp/tidings-cv-model"))
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    if not (args.model / "weights.npz").is_file():
        build_model(args.train_dir, args.model)
    model = EventClassifier.load(args.model)
    # both modules read the model through their own ``classifier`` name: this one instead
    for module in (learned_pass, incident_types):
        module.classifier = lambda: model  # type: ignore[attr-defined]
    for setting in args.set:
        name, value = setting.split("=", 1)
        if not hasattr(learned_pass, name):
            raise SystemExit(f"learned_pass has no setting {name}")
        setattr(learned_pass, name, float(value))
    rows = notes(args.train_dir, args.notes)
    readings = model.predict([r.text for r in rows])
    results = Pipeline().run_many(
        [RawDocument(id=f"cv-{i}", text=r.text) for i, r in enumerate(rows)]
    )
    gold, pred, ok, clf_ok, conflict, missed = [], [], [], [], 0, Counter[str]()
    for row, result, reading in zip(rows, results, readings, strict=True):
        ev = main_event(result)
        label = f"{ev.acled.event_type}|{ev.acled.sub_event_type}" if ev and ev.acled else "none"
        want = str(row.acled).split("|", 1)[0]
        gold.append(str(row.acled))
        pred.append(label)
        ok.append(label.split("|", 1)[0] == want)
        clf_ok.append(reading.best_acled_type()[0] == want)
        conflict += sum(1 for e in result.events if e.quad_code == 4)
        if clf_ok[-1] and not ok[-1]:
            missed[
                "no event" if ev is None else "untyped" if ev.acled is None else "other type"
            ] += 1
    n = max(len(rows), 1)
    f1 = f1_score(gold, pred, average="weighted", zero_division=0)
    sys.stdout.write(
        f"{len(rows)} notes of {len({r.group for r in rows})} set-aside countries\n"
        f"pipeline: sub-event weighted F1 {f1:.4f}, event-type accuracy {sum(ok) / n:.4f}, "
        f"conflict events per note {conflict / n:.3f}\n"
        f"classifier alone (whole note): event-type accuracy {sum(clf_ok) / n:.4f}\n"
        f"classifier right, pipeline wrong: {dict(missed)}; pipeline right, classifier wrong: "
        f"{sum(1 for a, b in zip(ok, clf_ok, strict=True) if a and not b)}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

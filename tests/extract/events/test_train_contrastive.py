"""The contrastive training pairs (``data/events/training/contrastive.yaml``) and the check
batches the trainer must never train on."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tidings.errors import ConfigError
from tidings.extract.events.learned import NONE
from tidings.extract.events.train import (
    CHECK_BATCHES,
    SEED,
    _contrastive,
    _expand,
    _template_file,
    check_sentences,
    not_event_checks,
)
from tidings.ontology import plover_types


def test_every_pair_has_a_non_event_side_and_a_known_event_type() -> None:
    pairs = _template_file("contrastive.yaml")["pairs"]
    known = set(plover_types())
    assert len(pairs) >= 50
    for pair in pairs:
        assert pair["none"] and pair["event"] and pair["none"] != pair["event"]
        assert pair["type"] in known


def test_contrastive_rows_are_balanced_and_reproducible() -> None:
    rows = _contrastive(random.Random(SEED + 1), 10)
    again = _contrastive(random.Random(SEED + 1), 10)
    assert [(r.text, r.plover) for r in rows] == [(r.text, r.plover) for r in again]
    labels = Counter(r.plover for r in rows)
    events = sum(n for label, n in labels.items() if label != NONE)
    # each pair gives both sides: as many events as non-events, give or take duplicates
    assert abs(labels[NONE] - events) <= len(rows) * 0.15
    assert all(r.acled is None and r.group == "contrastive" for r in rows)


def test_no_check_sentence_is_ever_a_training_row() -> None:
    checks = check_sentences()
    rows = _contrastive(random.Random(SEED + 1), 40)
    assert not [r.text for r in rows if r.text.lower() in checks]
    # every batch is read, the held-out political events among them
    assert len(checks) >= sum(len(not_event_checks(batch=b)) for b in CHECK_BATCHES) - 5
    assert {c for c, _ in not_event_checks(batch="events")} <= set(plover_types())


def test_held_out_batches_are_disjoint() -> None:
    seen: set[str] = set()
    for batch in CHECK_BATCHES:
        texts = {s for _, s in not_event_checks(batch=batch)}
        assert texts and not texts & seen, batch
        seen |= texts


def test_unknown_slot_or_batch_is_a_coded_error() -> None:
    with pytest.raises(ConfigError, match="nothere"):
        _expand("{nothere} struck", {}, random.Random(0))
    with pytest.raises(ConfigError, match="no check batch"):
        not_event_checks(batch="nope")

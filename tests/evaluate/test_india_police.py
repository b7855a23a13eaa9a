"""IndiaPoliceEvents scorer: alignment, labels from events, scores; the corpus run is slow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import india_police as ip
from tidings.records import DocumentResult, Entity, Event, EventSource, Size, TextInfo


def _event(text: str, sent: str, trigger: str, **kw: object) -> Event:
    start = text.index(sent)
    fields: dict[str, object] = {
        "id": "e",
        "event": ["ASSAULT"],
        "quad_code": 4,
        "event_text": [sent],
        "text_info": TextInfo(sequence=0, start=start, end=start + len(sent)),
        "source": EventSource(doc_id="d"),
        "trigger": trigger,
    }
    fields.update(kw)
    return Event.model_validate(fields)


def test_india_police_align_survives_mojibake_repair() -> None:
    clean = "police said it wasn’t known. two men were arrested on monday."
    spans = ip.align(clean, ["police said it wasnâ€™t known.", "two men were arrested on monday."])
    assert spans[0] is not None and clean[spans[0][0] : spans[0][1]].startswith("police")
    assert spans[1] is not None and clean[spans[1][0] : spans[1][1]].endswith("monday")


@pytest.mark.parametrize(
    ("kw", "labels"),
    [
        ({"event": ["COERCE"], "mode": ["arrest"]}, {"ARREST"}),
        ({"event": ["COERCE"], "size": Size(arrested=3)}, {"ARREST"}),
        (
            {"actor": [Entity(entity_text="police", code="IND", sector="COP")]},
            {"FORCE", "ANY_ACTION"},
        ),
        (
            {"actor": [Entity(entity_text="the cops", sector="COP")], "size": Size(dead=2)},
            {"FORCE", "KILL", "ANY_ACTION"},
        ),
        ({"actor": [Entity(entity_text="mob", sector="CVL")], "size": Size(dead=2)}, set()),
        ({"actor": [Entity(entity_text="police")]}, {"FORCE", "ANY_ACTION"}),
        (
            {"actor": [Entity(entity_text="police", sector="COP")], "trigger": "killing"},
            {"FORCE", "KILL", "ANY_ACTION"},
        ),
        ({"actor": [Entity(entity_text="police", sector="COP")], "modality": "negated"}, set()),
    ],
)
def test_india_police_event_labels(kw: dict[str, object], labels: set[str]) -> None:
    text = "police fired on the crowd."
    trigger = str(kw.pop("trigger", "fired"))
    assert ip.event_labels(_event(text, text, trigger, **kw)) == labels


def test_india_police_predict_and_score() -> None:
    s1, s2 = "the minister spoke.", "police fired at the mob, killing two."
    text = f"{s1} {s2}"
    ev = _event(
        text, s2, "fired", actor=[Entity(entity_text="police", sector="COP")], size=Size(dead=2)
    )
    result = DocumentResult(id="1", text=text, events=[ev])
    gold = [
        ip.GoldSentence("1", 0, s1, frozenset()),
        ip.GoldSentence("1", 1, s2, frozenset({"KILL", "FORCE", "ANY_ACTION"})),
    ]
    pred = ip.predict(result, gold)
    assert pred == [set(), {"KILL", "FORCE", "ANY_ACTION"}]
    scores = ip.score([(gold, pred)])
    assert scores["india.kill_f1"] == 1.0 and scores["india.force_f1"] == 1.0
    assert scores["india.arrest_f1"] == 0.0
    assert scores["india.macro_f1"] == pytest.approx(2 / 3, abs=1e-3)


def test_india_police_loads_the_dev_set(dev_dir: Path) -> None:
    docs, gold = ip.load(dev_dir)
    assert len(docs) > 500 and all(d.date is not None for d in docs)
    assert sum(len(v) for v in gold.values()) > 10000


@pytest.mark.slow
def test_india_police_whole_corpus(pipeline, dev_dir: Path) -> None:  # type: ignore[no-untyped-def]
    scores = ip.evaluate(pipeline, dev_dir)
    assert scores["india.macro_f1"] >= 0.60, scores

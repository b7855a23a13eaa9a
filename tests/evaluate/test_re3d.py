"""The re3d scorer: loading, offset mapping and span F1 on hand-made data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.errors import EvaluationError
from tidings.evaluate.re3d import Re3dDocument, _offset_map, load_documents, predicted_spans, score
from tidings.records import DocumentResult, EntityMention


def _write(folder: Path, docs: list[dict[str, object]], ents: list[dict[str, object]]) -> None:
    folder.mkdir(parents=True)
    (folder / "documents.json").write_text("\n".join(json.dumps(d) for d in docs), "utf-8")
    (folder / "entities.json").write_text("\n".join(json.dumps(e) for e in ents), "utf-8")


def test_re3d_load_documents_keeps_four_types(tmp_path: Path) -> None:
    _write(
        tmp_path / "src",
        [{"_id": "d1", "text": "Putin met NATO in Riga."}],
        [
            {"documentId": "d1", "begin": 0, "end": 5, "type": "Person"},
            {"documentId": "d1", "begin": 10, "end": 14, "type": "Organisation"},
            {"documentId": "d1", "begin": 18, "end": 22, "type": "Location"},
            {"documentId": "d1", "begin": 6, "end": 9, "type": "Temporal"},
        ],
    )
    (doc,) = load_documents(tmp_path)
    assert doc.id == "d1" and len(doc.gold) == 3


def test_re3d_load_documents_missing(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError):
        load_documents(tmp_path)


def test_re3d_score_exact_and_overlap() -> None:
    gold = {("d", 0, 5, "Person"), ("d", 10, 14, "Organisation"), ("d", 18, 22, "Location")}
    pred = {("d", 0, 5, "Person"), ("d", 9, 14, "Organisation"), ("d", 18, 22, "Nationality")}
    s = score(gold, pred)
    assert s["re3d.precision"] == pytest.approx(1 / 3)
    assert s["re3d.recall"] == pytest.approx(1 / 3)
    assert s["re3d.f1"] == pytest.approx(1 / 3)
    assert s["re3d.f1_overlap"] == pytest.approx(2 / 3)
    assert s["re3d.f1_person"] == 1.0 and s["re3d.f1_location"] == 0.0


def test_re3d_offsets_mapped_when_cleaning_changed_text() -> None:
    original = "Foreign\xa0Secretary  Philip Hammond said."
    clean = "Foreign Secretary Philip Hammond said."
    mapping = _offset_map(clean, original)
    assert mapping[clean.index("Philip")] == original.index("Philip")
    start = clean.index("Philip Hammond")
    ent = EntityMention(
        text="Philip Hammond", start=start, end=start + 14, label="PERSON", entity_text="x"
    )
    result = DocumentResult(id="d", text=clean, entities=[ent])
    doc = Re3dDocument("d", original, frozenset())
    b = original.index("Philip")
    assert predicted_spans(doc, result) == {("d", b, b + 14, "Person")}


@pytest.mark.slow
def test_re3d_whole_set_scores(pipeline, dev_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tidings.evaluate.re3d import evaluate

    scores = evaluate(pipeline, dev_dir)
    assert scores["re3d.f1"] >= 0.45
    assert scores["re3d.f1_overlap"] >= 0.6

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

import tidings
from tidings.pipeline import Pipeline
from tidings.records import RawDocument


def test_pipeline_codes_a_short_text(pipeline: Pipeline) -> None:
    result = pipeline.run(
        RawDocument(
            id="t1",
            text="Police arrested 12 protesters in Nairobi on Tuesday.",
            date=date(2024, 3, 7),
        )
    )
    assert result.id == "t1" and not result.errors
    arrests = [ev for ev in result.events if ev.event == ["COERCE"]]
    assert arrests and arrests[0].size.arrested == 12
    assert arrests[0].date == date(2024, 3, 5)


def test_pipeline_keeps_input_order_and_ids(pipeline: Pipeline) -> None:
    raws = [RawDocument(id=f"d{i}", text=f"Troops killed {i + 2} rebels.") for i in range(5)]
    assert [r.id for r in pipeline.run_many(raws)] == [f"d{i}" for i in range(5)]


def test_pipeline_one_bad_document_does_not_sink_the_batch(pipeline: Pipeline) -> None:
    raws = [
        RawDocument(id="ok1", text="Rebels attacked a village."),
        RawDocument(id="empty", text=""),
        RawDocument(id="broken", errors=["cannot decode: truncated WARC record"]),
        RawDocument(id="ok2", text="Police detained 3 journalists."),
    ]
    results = {r.id: r for r in pipeline.run_many(raws)}
    assert not results["ok1"].errors and not results["ok2"].errors
    assert results["empty"].errors and results["empty"].errors[0].code == "E101"
    assert "truncated" in results["broken"].errors[0].message


def test_pipeline_stage_failure_is_recorded_not_raised(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object) -> list[object]:
        raise RuntimeError("quote stage exploded")

    monkeypatch.setattr("tidings.pipeline.extract_quotes", boom)
    result = pipeline.run(RawDocument(id="q", text="Soldiers shot two protesters in Yangon."))
    assert [e.stage for e in result.errors] == ["quotes"]
    assert "exploded" in result.errors[0].message
    assert result.events  # the rest of the document stands


def test_pipeline_public_api_code() -> None:
    result = tidings.code("Protesters marched in Santiago on Friday.", date=date(2024, 3, 8))
    assert isinstance(result, tidings.DocumentResult)
    assert any(ev.event == ["PROTEST"] for ev in result.events)


def test_pipeline_skips_other_languages_with_a_reason(pipeline: Pipeline) -> None:
    text = (
        "La policía detuvo a doce manifestantes en el centro de Madrid el lunes por la "
        "tarde, según informó el ministerio del Interior en un comunicado."
    )
    result = pipeline.run(RawDocument(id="es", text=text))
    assert result.language == "es" and not result.events
    assert result.errors[0].code == "E120"


def test_pipeline_codes_custom_event_types_from_settings() -> None:
    from pathlib import Path

    from tidings.config import load_settings

    example = Path(__file__).parents[1] / "examples" / "custom_types" / "fuel_protests.yaml"
    settings = load_settings(overrides={"events": {"custom_types": [str(example)]}})
    result = Pipeline(settings).run(
        RawDocument(
            id="fuel",
            text="Truck drivers blocked roads in Lagos on Monday over the rising price of diesel.",
            date=date(2024, 3, 6),
        )
    )
    fuel = [ev for ev in result.events if ev.event == ["FUEL_PROTEST"]]
    assert fuel and fuel[0].quad_code == 4


def test_pipeline_unexpected_error_loses_only_that_document(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.actors.for_document

    def flaky(doc: Doc, doc_id: str, **kwargs: object) -> object:
        if "Harare" in doc.text:
            raise ValueError("actor set-up blew up")
        return real(doc, doc_id=doc_id, **kwargs)

    monkeypatch.setattr(pipeline.actors, "for_document", flaky)
    raws = [
        RawDocument(id="a", text="Police arrested 4 activists in Harare."),
        RawDocument(id="b", text="Police arrested 5 activists in Lusaka."),
    ]
    a, b = pipeline.run_many(raws)
    assert a.errors[0].stage == "pipeline" and "blew up" in a.errors[0].message
    assert not b.errors and b.events


def test_pipeline_quote_linking_failure_keeps_the_events(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("linking exploded")

    monkeypatch.setattr("tidings.pipeline._link_quotes", boom)
    result = pipeline.run(
        RawDocument(
            id="q", text='"We will not retreat," the rebel commander said, accusing the army.'
        )
    )
    assert [e.stage for e in result.errors] == ["quotes"]
    assert result.events and result.quotes


def test_pipeline_document_spacy_cannot_parse_says_so(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_call = type(pipeline.nlp).__call__

    def picky(self: object, text: str, *a: object, **k: object) -> object:
        if "Bamako" in text:
            raise ValueError("tokenizer choked")
        return real_call(self, text, *a, **k)  # type: ignore[arg-type]

    def broken_pipe(*_: object, **__: object) -> object:
        raise RuntimeError("batch failed")

    monkeypatch.setattr(pipeline.nlp, "pipe", broken_pipe)
    monkeypatch.setattr(type(pipeline.nlp), "__call__", picky)
    bad, good = pipeline.run_many(
        [
            RawDocument(id="bad", text="Soldiers shelled Bamako."),
            RawDocument(id="good", text="Soldiers shelled Gao."),
        ]
    )
    assert bad.errors[0].stage == "nlp" and "choked" in bad.errors[0].message
    assert good.events and not good.errors


def test_pipeline_failed_spacy_batch_is_parsed_one_by_one(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_pipe(*_: object, **__: object) -> object:
        raise RuntimeError("batch failed")

    monkeypatch.setattr(pipeline.nlp, "pipe", broken_pipe)
    results = list(
        pipeline.run_many(
            [RawDocument(id=f"d{i}", text="Troops shelled the town.") for i in range(3)]
        )
    )
    assert [r.id for r in results] == ["d0", "d1", "d2"]
    assert all(r.events and not r.errors for r in results)


def test_pipeline_events_record_the_offsets_they_were_read_from(pipeline) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from tidings.records import RawDocument

    text = "Police arrested 40 protesters in Almaty on Monday after a rally against fuel prices."
    result = pipeline.run(RawDocument(id="d", text=text, date=date(2024, 3, 6)))
    ev = next(e for e in result.events if e.trigger == "arrested")
    spans = ev.spans
    assert spans is not None and spans.trigger is not None
    assert result.text[spans.trigger.start : spans.trigger.end] == ev.trigger
    assert len(spans.actor) == len(ev.actor) and len(spans.recipient) == len(ev.recipient)
    assert [result.text[s.start : s.end] for s in spans.actor if s] == ["Police"]
    assert [result.text[s.start : s.end] for s in spans.recipient if s] == ["40 protesters"]
    assert spans.place is not None and result.text[spans.place.start : spans.place.end] == "Almaty"
    assert spans.time is not None
    assert result.text[spans.time.start : spans.time.end].endswith("Monday")

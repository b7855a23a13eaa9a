"""Language identification: lingua over the shipped languages, English when unsure."""

from __future__ import annotations

import pytest

from tidings.clean import clean_document, detect_language
from tidings.config import load_settings
from tidings.records import RawDocument


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Police arrested twelve protesters in the capital on Tuesday after clashes.", "en"),
        ("La police a arrêté douze manifestants dans la capitale mardi après des heurts.", "fr"),
        ("Die Polizei nahm am Dienstag nach Zusammenstößen zwölf Demonstranten fest.", "de"),
        ("La policía detuvo a doce manifestantes en la capital el martes tras los choques.", "es"),
        ("Полиция задержала двенадцать протестующих в столице во вторник.", "ru"),
        ("اعتقلت الشرطة اثني عشر متظاهرا في العاصمة يوم الثلاثاء.", "ar"),
        ("new delhi: police lathicharged a mob of protesters outside the office.", "en"),
        ("Troops fired.", "en"),
        ("", "en"),
    ],
)
def test_language_detects(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_language_set_on_clean_document() -> None:
    raw = RawDocument(id="fr", text="Le gouvernement a annoncé mardi de nouvelles mesures.")
    assert clean_document(raw, load_settings()).language == "fr"


def _example_sentences() -> list[tuple[str, str]]:
    import importlib
    import pkgutil

    import spacy.lang

    found = []
    for module in pkgutil.iter_modules(spacy.lang.__path__):
        if module.name in ("en", "xx"):
            continue
        try:
            examples = importlib.import_module(f"spacy.lang.{module.name}.examples")
        except ImportError:
            continue
        sentences = list(getattr(examples, "sentences", []))
        found += [(module.name, s) for s in [*sentences, " ".join(sentences)[:600]]]
    return found


def test_language_cheap_english_test_never_takes_another_language() -> None:
    from tidings.clean.language import plainly_english

    examples = _example_sentences()
    assert len({lang for lang, _ in examples}) > 30
    assert [(lang, s) for lang, s in examples if plainly_english(s)] == []


def test_language_cheap_english_test_spares_lingua_on_plain_news(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tidings.clean import language

    def no_lingua() -> None:
        raise AssertionError("lingua was asked about plain English")

    monkeypatch.setattr(language, "detector", no_lingua)
    text = (
        "Police arrested twelve protesters in the capital on Tuesday after clashes with "
        "security forces, and the government said it would open an inquiry into the deaths."
    )
    assert language.detect_language(text) == "en"

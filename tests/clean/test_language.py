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

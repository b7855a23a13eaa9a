from __future__ import annotations

import pytest

from tidings.nlp import load_model


@pytest.mark.parametrize(
    ("text", "first_sentence_after"),
    [
        ("KADUNA, Nigeria (AP) - Gunmen killed five soldiers.", "Gunmen killed five soldiers."),
        ("BEIJING - China on Tuesday warned the US.", "China on Tuesday warned the US."),
        ("NEW DELHI (Reuters) — Police detained 40 people.", "Police detained 40 people."),
        (
            "ALMATY, March 4 (Reuters) - Kazakh police detained 45 people.",
            "Kazakh police detained 45 people.",
        ),
    ],
)
def test_paragraphs_dateline_is_its_own_sentence(text: str, first_sentence_after: str) -> None:
    doc = load_model()(text)
    assert [s.text.strip() for s in doc.sents][-1] == first_sentence_after


def test_paragraphs_no_dateline_in_ordinary_sentences() -> None:
    doc = load_model()("The UN - and its agencies - said US troops left.")
    assert len(list(doc.sents)) == 1


def test_paragraphs_line_breaks_end_sentences() -> None:
    doc = load_model()("He called it “a coup.”\n\nU.S. officials have dismissed claims.")
    assert [s.text.strip() for s in doc.sents] == [
        "He called it “a coup.”",
        "U.S. officials have dismissed claims.",
    ]

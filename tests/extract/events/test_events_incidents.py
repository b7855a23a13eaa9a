"""One incident, one event: merging the mentions of one happening across sentences."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.extract.events import incident_types
from tidings.extract.events.incident_types import type_incidents
from tidings.extract.events.incidents import merge_incidents
from tidings.extract.events.learned import Prediction
from tidings.records import (
    AcledType,
    Entity,
    Event,
    EventLocation,
    EventSource,
    EventSpans,
    Size,
    TextInfo,
    TextSpan,
)

PUB = date(2024, 5, 10)


def _event(
    seq: int,
    text: str,
    kind: str = "ASSAULT",
    *,
    actor: str | None = None,
    place: str | None = None,
    when: date = PUB,
    dead: int | None = None,
    modality: str = "asserted",
) -> Event:
    return Event(
        id=f"e{seq}",
        date=when,
        date_precision="day",
        event=[kind],
        quad_code=4 if kind in ("ASSAULT", "PROTEST", "COERCE") else 1,
        actor=[Entity(entity_text=actor)] if actor else [],
        event_loc=EventLocation(extracted_place=place) if place else None,
        event_text=[text],
        text_info=TextInfo(sequence=seq, start=seq * 100, end=seq * 100 + 50),
        size=Size(dead=dead, words={"dead": str(dead)} if dead else {}),
        modality=modality,  # type: ignore[arg-type]
        source=EventSource(doc_id="d"),
        trigger="killed",
        explanation="rules",
    )


def test_bare_follow_up_merges_with_date_and_dead() -> None:
    lead = _event(
        0, "An IED detonated in Buulo Xaaji village.", place="Buulo Xaaji", when=date(2024, 5, 8)
    )
    follow = _event(1, "Four people were killed.", dead=4)
    out, merged = merge_incidents([lead, follow], PUB)
    assert len(out) == 1
    ev = out[0]
    assert ev.event_text == [lead.event_text[0], "Four people were killed."]
    assert ev.size.dead == 4
    assert ev.date == date(2024, 5, 8)  # the incident's date, not the publication date
    assert "merged" in (ev.explanation or "")
    assert merged == {"e1": "e0"}


def test_stated_date_replaces_publication_date() -> None:
    lead = _event(0, "Gunmen attacked a bus.", actor="gunmen")
    later = _event(1, "Six were killed on Tuesday.", when=date(2024, 5, 7), dead=6)
    out, _ = merge_incidents([lead, later], PUB)
    assert len(out) == 1 and out[0].date == date(2024, 5, 7) and out[0].size.dead == 6


def test_different_places_stay_apart() -> None:
    a = _event(0, "Troops shelled Avdiivka.", actor="troops", place="Avdiivka")
    b = _event(1, "Troops shelled Kherson.", actor="troops", place="Kherson")
    out, merged = merge_incidents([a, b], PUB)
    assert len(out) == 2 and not merged


def test_separate_incident_cue_and_other_families_stay_apart() -> None:
    a = _event(0, "Police fired on protesters.", actor="police")
    b = _event(1, "In another attack, two people were killed.", dead=2)
    c = _event(2, "Thousands marched in the capital.", kind="PROTEST")
    out, _ = merge_incidents([a, b, c], PUB)
    assert len(out) == 3


def test_far_apart_or_not_asserted_stay_apart() -> None:
    a = _event(0, "Rebels attacked a convoy.", actor="rebels")
    far = _event(9, "Two people were killed.", dead=2)
    denied = _event(1, "Nobody was killed.", modality="negated")
    out, _ = merge_incidents([a, far, denied], PUB)
    assert len(out) == 3


def test_largest_stated_figure_wins() -> None:
    a = _event(0, "A bomb killed three.", dead=3)
    b = _event(1, "Seven people died.", dead=7)
    out, _ = merge_incidents([a, b], PUB)
    assert len(out) == 1 and out[0].size.dead == 7


def test_protest_takes_in_the_police_response_in_its_sentence_as_one_event() -> None:
    text = "Hundreds marched on the ministry and police arrested 12 of them."
    protest = _event(0, text, kind="PROTEST", actor="residents")
    arrests = _event(0, text, kind="COERCE", actor="police")
    arrests.id, arrests.mode = "e1", ["arrest"]
    out, merged = merge_incidents([protest, arrests], PUB)
    assert len(out) == 1 and merged == {"e1": "e0"}
    ev = out[0]
    # each sentence keeps its evidence: the arrest stays a COERCE/arrest of the incident
    assert ev.event == ["PROTEST", "COERCE"] and "arrest" in ev.mode
    assert ev.acled is not None and ev.acled.sub_event_type == "Protest with intervention"
    assert "response to the protest" in (ev.explanation or "")


def test_a_response_in_a_sentence_of_its_own_stays_its_own_event() -> None:
    protest = _event(0, "Hundreds marched on the ministry.", kind="PROTEST", actor="residents")
    arrests = _event(1, "Police arrested 12 of them.", kind="COERCE", actor="police")
    arrests.mode = ["arrest"]
    burned = _event(2, "They burned tyres on the road.", actor="They")
    out, merged = merge_incidents([protest, arrests, burned], PUB)
    # the police response stays apart; the protesters' own violence is a violent demonstration
    assert len(out) == 2 and merged == {"e2": "e0"}
    assert out[0].acled is not None and out[0].acled.sub_event_type == "Violent demonstration"


def test_violence_by_a_named_side_after_a_protest_stays_apart() -> None:
    protest = _event(0, "Hundreds marched on the ministry.", kind="PROTEST", actor="residents")
    burned = _event(1, "Thugs burned a bus near the ministry.", actor="Thugs")
    police = _event(2, "They fired on the crowd.", actor="police")
    out, _ = merge_incidents([protest, burned, police], PUB, sentences=9)
    assert len(out) == 3


def test_a_brief_report_tells_one_incident() -> None:
    lead = _event(0, "Militants ambushed volunteer fighters near Arbinda.", actor="militants")
    later = _event(1, "Two militants were killed and two VDPs wounded.", actor="two VDPs")
    out, merged = merge_incidents([lead, later], PUB, sentences=2)
    assert len(out) == 1 and merged == {"e1": "e0"}
    # in a long article the same sentence, naming a side of its own, stays apart
    lead, later = (
        _event(0, lead.event_text[0], actor="militants"),
        _event(1, later.event_text[0], actor="two VDPs"),
    )
    assert len(merge_incidents([lead, later], PUB, sentences=20)[0]) == 2


def test_a_brief_report_takes_in_the_police_response_to_its_protest() -> None:
    protest = _event(0, "Hundreds marched on the ministry.", kind="PROTEST", actor="residents")
    police = _event(1, "Police dispersed the crowd with tear gas.", actor="police")
    out, merged = merge_incidents([protest, police], PUB, sentences=2)
    assert len(out) == 1 and merged == {"e1": "e0"}
    assert out[0].acled is not None and out[0].acled.sub_event_type == "Protest with intervention"
    protest, police = _event(0, protest.event_text[0], "PROTEST"), _event(1, police.event_text[0])
    police.actor = [Entity(entity_text="police")]
    assert len(merge_incidents([protest, police], PUB, sentences=12)[0]) == 2


@pytest.mark.parametrize(("sentences", "merges"), [(3, True), (12, False)])
def test_a_brief_report_takes_in_the_arrests_after_its_attack(sentences: int, merges: bool) -> None:
    attack = _event(0, "Two women were kidnapped from their workplace.")
    arrests = _event(1, "Police arrested the kidnappers.", "COERCE", actor="Police")
    arrests.mode = ["arrest"]
    out, _ = merge_incidents([attack, arrests], PUB, sentences=sentences)
    assert (len(out) == 1) is merges
    if merges:
        assert out[0].event == ["ASSAULT", "COERCE"] and "arrest" in out[0].mode


def test_a_brief_report_keeps_the_police_response_apart() -> None:
    lead = _event(0, "Gunmen attacked a market.", actor="gunmen")
    police = _event(1, "Police fired on the gunmen.", actor="police")
    out, _ = merge_incidents([lead, police], PUB, sentences=2)
    assert len(out) == 2


def test_protesters_own_violence_is_a_violent_demonstration() -> None:
    text = "Farmers protested outside the council, and they burned tyres on the road."
    protest = _event(0, text, kind="PROTEST", actor="farmers")
    burned = _event(0, text, actor="they")
    burned.id = "e1"
    out, _ = merge_incidents([protest, burned], PUB)
    assert len(out) == 1
    assert out[0].acled is not None and out[0].acled.event_type == "Riots"


def test_a_named_other_side_after_a_protest_stays_apart() -> None:
    protest = _event(0, "Farmers protested outside the council.", kind="PROTEST", actor="farmers")
    other = _event(1, "Rebels attacked a convoy near the border.", actor="Rebels")
    out, _ = merge_incidents([protest, other], PUB)
    assert len(out) == 2


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The fighters killed three drivers.", "The fighters"),  # a side of its own
        ("Police fired again near the market.", "Police"),  # the same side: maybe another act
    ],
)
def test_a_later_sentence_with_a_side_of_its_own_stays_apart(text: str, actor: str) -> None:
    lead = _event(0, "Police fired on rioters.", actor="Police")
    later = _event(1, text, actor=actor, dead=3)
    out, merged = merge_incidents([lead, later], PUB)
    assert len(out) == 2 and not merged


@pytest.mark.parametrize(
    ("text", "trigger", "merges"),
    [
        ("The attack was claimed by the group.", "attack", True),  # a re-mention
        ("The protesters demanded the minister resign.", "protesters", True),
        ("Communal violence spread to the district.", "violence", False),  # no figure, new
        ("The communal violence first ignited last week.", "violence", False),
    ],
)
def test_only_a_figure_or_a_re_mention_follows_up(text: str, trigger: str, merges: bool) -> None:
    lead = _event(0, "Gunmen attacked a bus.", actor="gunmen")
    later = _event(1, text)
    later.trigger = trigger
    out, _ = merge_incidents([lead, later], PUB)
    assert (len(out) == 1) is merges


def _sided(seq: int, text: str, actor: str, trigger: str, kind: str = "ASSAULT") -> Event:
    """A later sentence whose side and trigger carry their offsets (the sentence at seq*100)."""
    ev = _event(seq, text, kind, actor=actor)
    ev.trigger = trigger
    base = seq * 100
    a, t = text.find(actor), text.find(trigger)
    ev.spans = EventSpans(
        trigger=TextSpan(start=base + t, end=base + t + len(trigger)),
        actor=[TextSpan(start=base + a, end=base + a + len(actor))],
    )
    return ev


def test_a_claim_names_the_incident_s_perpetrator() -> None:
    lead = _event(0, "An IED exploded near a base in Marka.", place="Marka")
    claim = _sided(1, "Al Shabaab claimed to have killed 2 soldiers.", "Al Shabaab", "killed")
    claim.size = Size(dead=2)
    out, merged = merge_incidents([lead, claim], PUB)
    assert len(out) == 1 and merged == {"e1": "e0"}
    ev = out[0]
    assert [a.entity_text for a in ev.actor] == ["Al Shabaab"] and ev.size.dead == 2
    assert "a claim of the act" in (ev.explanation or "")


@pytest.mark.parametrize(
    ("text", "actor", "trigger", "kind", "merges"),
    [
        ("Al Shabaab organized the protest.", "Al Shabaab", "protest", "PROTEST", True),
        ("They also blocked the main road.", "They", "blocked", "PROTEST", True),
        ("Students marched to the ministry.", "Students", "marched", "PROTEST", False),
        ("The police dispersed the protest.", "The police", "protest", "PROTEST", False),
        ("They marched on to Kandy.", "They", "marched", "PROTEST", True),
    ],
)
def test_a_side_that_only_says_who_did_it_folds_in(
    text: str, actor: str, trigger: str, kind: str, merges: bool
) -> None:
    lead = _event(0, "Residents protested in Kandy.", "PROTEST", actor="residents")
    later = _sided(1, text, actor, trigger, kind)
    out, _ = merge_incidents([lead, later], PUB)
    assert (len(out) == 1) is merges


def test_a_claim_with_a_place_of_its_own_abroad_stays_apart() -> None:
    lead = _event(0, "An IED exploded in Marka.", place="Marka")
    lead.event_loc = EventLocation(extracted_place="Marka", basis="sentence", country_code="SOM")
    claim = _sided(
        1, "Al Shabaab claimed to have killed 2 soldiers in Nairobi.", "Al Shabaab", "killed"
    )
    claim.event_loc = EventLocation(extracted_place="Nairobi", basis="sentence", country_code="KEN")
    out, _ = merge_incidents([lead, claim], PUB)
    assert len(out) == 2


@pytest.mark.parametrize(("country", "merges"), [("SOM", True), ("USA", False)])
def test_a_re_mention_may_name_a_wider_place_in_the_host_s_country(
    country: str, merges: bool
) -> None:
    lead = _event(0, "Gunmen shot a soldier in Mogadishu.", actor="gunmen", place="Mogadishu")
    assert lead.event_loc is not None
    lead.event_loc.country_code = "SOM"
    later = _event(1, "The attack is thought political, a first in the area.", place="Area")
    assert later.event_loc is not None
    later.trigger, later.event_loc.country_code = "attack", country
    out, _ = merge_incidents([lead, later], PUB)
    assert (len(out) == 1) is merges


@pytest.mark.parametrize(
    "text",
    [
        "The death toll in the violence has climbed to 430.",  # a toll sums up the unrest
        '"Four persons have been killed and five are injured.',  # a speaker's count
    ],
)
def test_tolls_and_quoted_counts_do_not_fold_in(text: str) -> None:
    lead = _event(0, "Police opened fire on the mob.", actor="police")
    later = _event(1, text, dead=4)
    out, _ = merge_incidents([lead, later], PUB)
    assert len(out) == 2


def test_an_attack_by_nobody_named_is_not_the_arresting_side_s_act() -> None:
    text = "After the carnage in which 58 were burnt, police arrested two persons."
    carnage = _event(0, text, dead=58)
    arrests = _event(0, text, kind="COERCE", actor="police")
    arrests.id, arrests.mode = "e1", ["arrest"]
    out, _ = merge_incidents([carnage, arrests], PUB)
    assert len(out) == 2


def test_merged_sides_keep_their_spans_parallel() -> None:
    text = "Rebels and the gunmen attacked a convoy."
    lead = _event(0, text, actor="rebels")
    lead.spans = EventSpans(actor=[TextSpan(start=0, end=6)])
    back = _event(0, text, actor="the gunmen", dead=3)
    back.id = "e1"
    back.spans = EventSpans(actor=[TextSpan(start=11, end=21)])
    out, _ = merge_incidents([lead, back], PUB)
    assert len(out) == 1 and out[0].spans is not None
    assert len(out[0].spans.actor) == len(out[0].actor) == 2
    assert out[0].spans.actor[1] == TextSpan(start=11, end=21)


class _FakeClassifier:
    """Records what it is asked and answers one fixed distribution."""

    def __init__(self, acled: dict[str, float], acled_type: dict[str, float] | None = None) -> None:
        self.acled = acled
        self.acled_type = acled_type or {}
        self.texts: list[str] = []

    def predict(self, texts: list[str]) -> list[Prediction]:
        self.texts += texts
        return [
            Prediction(plover={}, acled=dict(self.acled), acled_type=dict(self.acled_type))
            for _ in texts
        ]


NOTE = "Gunmen shot two farmers. The victims were unarmed. Police arrested a man."


def _note_events() -> tuple[Event, Event, list[tuple[int, int]]]:
    spans = [(0, 24), (25, 50), (51, 72)]
    shot = _event(0, NOTE[0:24], actor="gunmen")
    shot.text_info = TextInfo(sequence=0, start=0, end=24)
    shot.acled = AcledType(event_type="Battles", sub_event_type="Armed clash")
    arrest = _event(2, NOTE[51:72], kind="COERCE", actor="Police")
    arrest.text_info = TextInfo(sequence=2, start=51, end=72)
    return shot, arrest, spans


def test_type_incidents_reads_the_incident_with_its_event_less_sentences(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _FakeClassifier({"Violence against civilians|Attack": 0.7, "Battles|Armed clash": 0.3})
    monkeypatch.setattr(incident_types, "classifier", lambda: fake)
    shot, arrest, spans = _note_events()
    type_incidents([shot, arrest], NOTE, spans)
    # the shooting's text takes the event-less sentence after it, not the arrest's
    assert fake.texts[0] == "Gunmen shot two farmers. The victims were unarmed."
    assert shot.acled == AcledType(event_type="Violence against civilians", sub_event_type="Attack")
    assert "over the incident's text (2 sentences)" in (shot.explanation or "")


@pytest.mark.parametrize(
    ("acled", "expected"),
    [
        # not sure enough of another type: the event keeps its own
        ({"Violence against civilians|Attack": 0.45, "Battles|Armed clash": 0.55}, "Armed clash"),
        # the same type, another sub-event it is not OVERRIDE_SUB sure of: kept
        ({"Battles|Government regains territory": 0.6, "Battles|Armed clash": 0.4}, "Armed clash"),
        (
            {"Battles|Government regains territory": 0.9, "Battles|Armed clash": 0.1},
            "Government regains territory",
        ),
    ],
)
def test_type_incidents_overrides_only_when_sure(
    monkeypatch: pytest.MonkeyPatch, acled: dict[str, float], expected: str
) -> None:
    monkeypatch.setattr(incident_types, "classifier", lambda: _FakeClassifier(acled))
    shot, arrest, spans = _note_events()
    type_incidents([shot, arrest], NOTE, spans)
    assert shot.acled is not None and shot.acled.sub_event_type == expected


def test_type_incidents_reads_the_event_type_as_the_whole_text_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the likeliest single sub-event is an attack on civilians (0.4), but the battle sub-events
    # sum to 0.6 and the event-type head agrees: the incident is a battle, its likeliest
    # sub-event within that type
    acled = {
        "Violence against civilians|Attack": 0.4,
        "Battles|Armed clash": 0.35,
        "Battles|Government regains territory": 0.25,
    }
    types = {"Violence against civilians": 0.3, "Battles": 0.7}
    monkeypatch.setattr(incident_types, "classifier", lambda: _FakeClassifier(acled, types))
    shot, arrest, spans = _note_events()
    shot.acled = AcledType(event_type="Violence against civilians", sub_event_type="Attack")
    type_incidents([shot, arrest], NOTE, spans)
    assert shot.acled == AcledType(event_type="Battles", sub_event_type="Armed clash")
    assert "ACLED Battles/Armed clash (P=0.65)" in (shot.explanation or "")


def test_captures_told_with_the_toll_join_the_incident() -> None:
    lead = _event(0, "Militants attacked an army post.", actor="militants")
    toll = "Three militants were killed and two were arrested."
    killed = _event(1, toll, dead=3)
    arrested = _event(1, toll, kind="COERCE")
    arrested.id, arrested.mode, arrested.size = "e2", ["arrest"], Size(arrested=2)
    out, merged = merge_incidents([lead, killed, arrested], PUB)
    assert len(out) == 1 and merged == {"e1": "e0", "e2": "e0"}
    ev = out[0]
    assert ev.event == ["ASSAULT", "COERCE"] and "arrest" in ev.mode
    assert (ev.size.dead, ev.size.arrested) == (3, 2)
    assert "captures" in (ev.explanation or "")


def test_arrests_in_a_sentence_of_their_own_stay_apart_from_an_attack() -> None:
    lead = _event(0, "Militants attacked an army post.", actor="militants")
    arrested = _event(1, "Police arrested two men.", kind="COERCE")
    arrested.mode = ["arrest"]
    out, _ = merge_incidents([lead, arrested], PUB)
    assert len(out) == 2


def test_pipeline_codes_the_issue_s_note_as_one_incident() -> None:
    from tidings.pipeline import code

    text = (
        "On 3 May 2024, an IED detonated, targeting a water tanker in Buulo Xaaji village "
        "(Afmadow, Lower Juba). Four people, including the driver, were killed."
    )
    conflict = [e for e in code(text, PUB).events if e.quad_code == 4]
    assert len(conflict) == 1
    ev = conflict[0]
    assert len(ev.event_text) == 2 and ev.size.dead == 4
    assert ev.date == date(2024, 5, 3)  # the incident's date, not the publication date
    assert "follow-up" in (ev.explanation or "")


def test_pipeline_folds_a_claim_into_the_attack_in_a_long_report() -> None:
    from tidings.pipeline import code

    text = (
        "On 4 June 2024, a roadside bomb exploded near an army convoy outside Garissa town. "
        "Al Shabaab claimed to have killed three soldiers. "
        "The road was closed for several hours. "
        "Officials promised an inquiry into the convoy's route. "
        "Traders said business in the town had suffered for weeks."
    )
    conflict = [e for e in code(text, PUB).events if e.quad_code == 4]
    assert len(conflict) == 1
    ev = conflict[0]
    assert ev.size.dead == 3 and "a claim of the act" in (ev.explanation or "")
    assert any("Shabaab" in a.entity_text for a in ev.actor)

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from dedupe_helpers import ent, event

from tidings.dedupe import EventGroup, compatible, evidence, group_events, representative
from tidings.records import Event


def _members(groups: list[EventGroup]) -> list[list[str]]:
    return sorted(sorted(g.event_ids) for g in groups if len(g.event_ids) > 1)


def test_dedupe_same_event_two_outlets_is_one_group() -> None:
    a = event("a-e0", "a", publisher="Wire One")
    b = event("b-e3", "b", publisher="Wire Two", day=date(2026, 3, 11), place="Riverton East")
    groups = group_events([b, a])
    assert len(groups) == 1
    g = groups[0]
    assert g.id == "grp-a-e0"  # from the earliest member
    assert g.event_ids == ["a-e0", "b-e3"]
    assert [(s.doc_id, s.publisher) for s in g.sources] == [("a", "Wire One"), ("b", "Wire Two")]


def test_dedupe_same_document_never_merged() -> None:
    groups = group_events([event("a-e0", "a"), event("a-e1", "a")])
    assert _members(groups) == []
    assert len(groups) == 2


def test_dedupe_contradictions_keep_events_apart() -> None:
    base = event("a-e0", "a", size={"dead": 3})
    apart = [
        event("b1", "b1", type_="ASSAULT"),
        event("b2", "b2", day=date(2026, 3, 12)),  # two days later
        event("b3", "b3", place="Hillford"),  # ~230 km away
        event("b4", "b4", place="Country B"),  # another country
        event("b5", "b5", modality="negated"),
        event("b6", "b6", actor=[ent("BBB", "GOV")]),  # another actor
        event("b7", "b7", recipient=[ent("AAA", "MIL")]),  # same country, other sector
        event("b8", "b8", size={"dead": 300}),  # 3 vs 300 dead
        event("b9", "b9", day=None),
    ]
    for other in apart:
        assert not compatible(base, other), other.id
    assert _members(group_events([base, *apart])) == []


def test_dedupe_tolerances_that_still_match() -> None:
    base = event("a-e0", "a", size={"dead": 3, "participants": 200})
    assert compatible(base, event("b", "b", size={"dead": 8}))  # a toll that grew
    assert compatible(base, event("c", "c", size={"participants": 2000}))  # crowd estimates
    assert compatible(base, event("d", "d", recipient=[ent("AAA", None)]))  # sector unknown
    assert compatible(base, event("e", "e", actor=[]))  # unknown actor matches anything
    assert compatible(base, event("f", "f", day=date(2026, 3, 1), date_precision="month"))
    assert not compatible(base, event("g", "g", day=date(2026, 4, 1), date_precision="month"))
    # a country-level place: same country counts, less than a nearby place
    found = evidence(base, event("h", "h", place="Country A"))
    assert found is not None and found.place == 1


def test_dedupe_needs_evidence_beyond_type_and_date() -> None:
    bare = event("a", "a", place=None, actor=[], recipient=[])
    assert not compatible(bare, event("b", "b", place=None, actor=[], recipient=[]))
    # without a place, both actor and recipient must agree
    no_place = event("c", "c", place=None)
    assert compatible(no_place, event("d", "d", place=None))
    assert not compatible(no_place, event("e", "e", place=None, recipient=[]))


def test_dedupe_mode_must_be_compatible() -> None:
    a = event("a", "a", type_="ASSAULT", mode=["firearms"])
    assert not compatible(a, event("b", "b", type_="ASSAULT", mode=["aerial"]))
    assert compatible(a, event("c", "c", type_="ASSAULT", mode=[]))


def test_dedupe_complete_linkage_no_chains() -> None:
    # a~b (1 day), b~c (1 day) but a and c are 2 days apart: c must not join a's group
    a = event("a", "a", day=date(2026, 3, 9))
    b = event("b", "b", day=date(2026, 3, 10))
    c = event("c", "c", day=date(2026, 3, 11))
    groups = group_events([c, b, a])
    assert _members(groups) == [["a", "b"]]
    assert sum(len(g.event_ids) for g in groups) == 3


def test_dedupe_grouping_is_order_independent_and_partitions() -> None:
    rng = random.Random(7)
    events = [
        event(f"d{i}-e{j}", f"d{i}", day=date(2026, 3, 10) + timedelta(days=rng.randint(0, 3)),
              place=rng.choice(["Riverton", "Riverton East", "Hillford", "Country A", None]),
              actor=rng.choice([[], [ent("AAA", "GOV")], [ent("BBB", None)]]),
              recipient=rng.choice([[], [ent("AAA", "COP")]]))
        for i in range(40) for j in range(2)
    ]  # fmt: skip
    first = group_events(events)
    assert any(len(g.event_ids) > 2 for g in first)
    shuffled = events[:]
    rng.shuffle(shuffled)
    assert group_events(shuffled) == first
    ids = [i for g in first for i in g.event_ids]
    assert sorted(ids) == sorted(e.id for e in events)
    by_id = {e.id: e for e in events}
    for g in first:
        docs = [s.doc_id for s in g.sources]
        assert len(docs) == len(set(docs))
        for i, a in enumerate(g.event_ids):  # complete linkage: every pair matches
            for b in g.event_ids[i + 1 :]:
                assert compatible(by_id[a], by_id[b])
    # the blocking finds what comparing every pair finds: an event alone has no match alone
    alone = [by_id[g.event_ids[0]] for g in first if len(g.event_ids) == 1]
    for i, a in enumerate(alone):
        assert not any(compatible(a, b) for b in alone[i + 1 :])


def test_dedupe_representative_rule() -> None:
    low = event("a", "a", confidence=0.4)
    high_bare = event("b", "b", confidence=0.9, place=None)
    high_full = event("c", "c", confidence=0.9, size={"dead": 2})
    assert representative([low, high_bare, high_full]).id == "c"
    assert representative([low, high_bare]).id == "b"
    assert group_events([low, high_full])[0].representative == "c"


def test_dedupe_is_fast_with_blocking() -> None:
    rng = random.Random(1)
    places = ["Riverton", "Riverton East", "Hillford", "Country A", "Country B", None]
    types = ["PROTEST", "ASSAULT", "CONSULT", "AID", "COERCE", "ACCUSE"]
    events: list[Event] = []
    codes = [f"C{n:02d}" for n in range(40)]
    for i in range(10_000):
        events.append(
            event(
                f"e{i}", f"doc{i // 3}", type_=rng.choice(types),
                day=date(2026, 1, 1) + timedelta(days=rng.randint(0, 90)),
                place=rng.choice(places), actor=[ent(rng.choice(codes), "GOV")],
            )
        )  # fmt: skip
    started = time.perf_counter()
    groups = group_events(events)
    assert time.perf_counter() - started < 10
    assert sum(len(g.event_ids) for g in groups) == len(events)
    assert any(len(g.event_ids) > 1 for g in groups)

"""The dashboard's aggregates: network nodes are resolved actors; places keep their resolution;
future-dated events never sort as the newest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tidings.records import DocumentResult, Entity
from tidings.store import EventQuery, Store
from tidings.store.dashboard import actor_name


def _renamed(r: DocumentResult, **changes: object) -> DocumentResult:
    return r.model_copy(update={"events": [e.model_copy(update=changes) for e in r.events]})


def test_network_nodes_are_resolved_actors_not_words(
    tmp_path: Path, results: list[DocumentResult]
) -> None:
    base = results[0]  # two Kazakh events, each with an actor and a recipient
    us = Entity(entity_text="the US", code="USA", sector="GOV")
    states = Entity(entity_text="the United States", code="USA", sector="GOV")
    un = Entity(entity_text="The United Nations", code="IGO", identifier_text="UN")
    who = Entity(entity_text="someone", code="---")
    docs = [
        _renamed(base, actor=[us], recipient=[un]).model_copy(update={"id": "d1"}),
        _renamed(base, actor=[states], recipient=[un]).model_copy(update={"id": "d2"}),
        _renamed(base, actor=[who], recipient=[us]).model_copy(update={"id": "d3"}),
    ]
    with Store(tmp_path / "n.duckdb") as s:
        for r in docs:
            s.write_result(r, content_hash=r.id)
        edges = s.network()
    by_pair = {(e["source"], e["target"]): e for e in edges}
    assert set(by_pair) == {("United States", "UN")}  # "someone" is resolved to nothing
    us_un = by_pair[("United States", "UN")]
    assert us_un["count"] == 4  # two documents × two events, whatever the words
    assert us_un["source_names"] == ["the US", "the United States"]
    assert us_un["source_key"] == "USA|GOV" and us_un["target_key"] == "name|un"


def test_actor_names_read_as_country_and_sector() -> None:
    assert actor_name("KAZ", "COP", None, "the police") == "Kazakhstan police"
    assert actor_name("RUS", "GOV", None, "Moscow") == "Russia"
    assert actor_name("---", "UAF", None, "gunmen") == "unidentified armed forces"
    assert actor_name("IGO", None, "CSTO", "the bloc") == "CSTO"
    assert actor_name("---", None, None, "they") == "they"


def test_places_keep_resolution_and_region(store: Store) -> None:
    places = store.places()
    assert {p["place"]: (p["resolution"], p["admin1"]) for p in places} == {
        "Almaty": (3, "Almaty"), "Moscow": (3, "Moscow"), "Gaziantep": (3, "Gaziantep"),
        "Herat": (3, "Herat"),
    }  # fmt: skip


def test_future_dated_events_never_sort_first(
    tmp_path: Path, results: list[DocumentResult]
) -> None:
    # a review dated in 2072 and a meeting announced for after the article's date
    late = _renamed(results[2], date=dt.date(2072, 1, 1)).model_copy(update={"id": "late"})
    ahead = _renamed(results[3], date=dt.date(2024, 4, 1)).model_copy(update={"id": "ahead"})
    with Store(tmp_path / "f.duckdb") as s:
        for r in [*results[:2], late, ahead]:
            s.write_result(r, content_hash=r.id)
        newest = s.query_events(EventQuery(limit=100))
        assert newest[0].date == dt.date(2024, 3, 5)
        suspect = {e.id for e in [*late.events, *ahead.events]}
        assert {e.id for e in newest[-len(suspect) :]} == suspect
        # pages still cover every event exactly once
        seen: list[str] = []
        q = EventQuery(limit=2)
        while True:
            page = s.query_page(q)
            seen += [e.id for e in page.events]
            if page.next_cursor is None:
                break
            q = q.model_copy(update={"cursor": page.next_cursor})
        assert sorted(seen) == sorted(e.id for e in newest)

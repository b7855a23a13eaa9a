from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tidings.errors import InputError, StoreError
from tidings.records import ActorProfile, DocumentResult
from tidings.store import SCHEMA_VERSION, EventQuery, Store
from tidings.store import rows as store_rows


def test_store_schema_is_versioned_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with Store(path):
        pass
    with Store(path) as s:
        assert s._fetch("SELECT value FROM meta")[0][0] == str(SCHEMA_VERSION)
        assert len(s._fetch("SELECT * FROM meta")) == 1
        assert s.counts()["documents"] == 0


def test_store_write_is_idempotent_per_content_hash(
    store: Store, results: list[DocumentResult]
) -> None:
    before = store.counts()
    assert before["documents"] == 5 and before["events"] == 9 and before["quotes"] == 2
    assert store.write_result(results[0], content_hash=f"h-{results[0].id}") is False
    assert store.counts() == before
    assert store.write_result(results[0], content_hash=f"h-{results[0].id}", force=True) is True
    assert store.counts() == before
    assert store.has_document(results[0].id)
    assert store.has_document(results[0].id, f"h-{results[0].id}")
    assert not store.has_document(results[0].id, "other")


def test_store_rewrite_replaces_a_documents_rows(
    store: Store, results: list[DocumentResult]
) -> None:
    changed = results[0].model_copy(update={"events": results[0].events[:1], "quotes": []})
    assert store.write_result(changed, content_hash="h-new") is True
    counts = store.counts()
    assert counts["documents"] == 5 and counts["events"] == 8 and counts["quotes"] == 1
    assert store.documents([changed.id])[changed.id].content_hash == "h-new"


def test_store_failed_write_rolls_back_whole_document(
    store: Store, results: list[DocumentResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store.counts()

    def broken(*args: object) -> tuple[object, ...]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_rows, "place_row", broken)
    changed = results[2].model_copy(update={"events": results[2].events[:1]})
    with pytest.raises(RuntimeError):
        store.write_result(changed, content_hash="h-new")
    # the old version is intact: nothing half-deleted, nothing half-inserted
    assert store.counts() == before
    assert store.documents([changed.id])[changed.id].content_hash == f"h-{changed.id}"
    assert store.get_document(changed.id) == results[2]


def test_store_iter_results_rebuilds_exactly(store: Store, results: list[DocumentResult]) -> None:
    assert list(store.iter_results()) == results
    assert store.document_ids() == [r.id for r in results]
    assert store.get_document("nope") is None


@pytest.mark.parametrize(
    ("query", "expected_triggers"),
    [
        (EventQuery(types=["assault"]), {"killed"}),
        (EventQuery(types=["ASSAULT", "AID"]), {"killed", "sent"}),
        (EventQuery(modes=["arrest", "visit"]), {"arrested", "met"}),
        (EventQuery(quad=[1]), {"met", "signed"}),
        (EventQuery(actor="RUS"), {"met", "signed"}),
        (EventQuery(actor="united nat"), {"condemned", "called for"}),
        (EventQuery(actor="rus"), {"met", "signed"}),
        (EventQuery(actor="gunmen"), {"killed", "condemned"}),
        (EventQuery(recipient="BLR"), {"threatened"}),
        (EventQuery(recipient="villagers"), {"killed"}),
        (EventQuery(sector="cop"), {"arrested"}),
        (EventQuery(country_code="KZ"), {"arrested", "rallied"}),
        (EventQuery(country_code="KAZ"), {"arrested", "rallied"}),
        (EventQuery(lat=43.0, lon=77.0, radius_km=50), {"arrested", "rallied"}),
        (EventQuery(lat=43.0, lon=77.0, radius_km=10), set()),
        (EventQuery(date_from=dt.date(2024, 3, 5), date_to=dt.date(2024, 3, 5)), {"met", "signed"}),
        (EventQuery(text="PIPELINE"), {"signed"}),
        (EventQuery(text="100%"), set()),
        (EventQuery(modality=["future"]), {"threatened"}),
        (EventQuery(doc_id="af-attack-3", types=["ACCUSE"]), {"condemned"}),
    ],
)
def test_store_query_events_filters(
    store: Store, query: EventQuery, expected_triggers: set[str]
) -> None:
    assert {e.trigger for e in store.query_events(query)} == expected_triggers
    assert store.count_events(query) == len(expected_triggers)


@pytest.mark.parametrize("sort", ["date", "-date", "confidence", "-confidence"])
def test_store_cursor_pages_cover_everything_once(store: Store, sort: str) -> None:
    q = EventQuery(sort=sort, limit=2)  # type: ignore[arg-type]
    seen: list[str] = []
    pages = 0
    while True:
        page = store.query_page(q)
        seen.extend(e.id for e in page.events)
        pages += 1
        if page.next_cursor is None:
            break
        q = q.model_copy(update={"cursor": page.next_cursor})
    assert pages == 5
    assert len(seen) == len(set(seen)) == 9
    everything = store.query_events(EventQuery(sort=sort, limit=100))  # type: ignore[arg-type]
    assert seen == [e.id for e in everything]
    key = "date" if "date" in sort else "confidence"
    values = [getattr(e, key) for e in everything]
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert [e.id for e in store.iter_events(EventQuery(sort=sort), page_size=4)] == seen  # type: ignore[arg-type]


def test_store_rejects_bad_cursor_and_partial_place(store: Store) -> None:
    with pytest.raises(InputError):
        store.query_events(EventQuery(cursor="not-a-cursor"))
    page = store.query_page(EventQuery(limit=1))
    assert page.next_cursor
    with pytest.raises(InputError, match="sort"):
        store.query_events(EventQuery(limit=1, sort="confidence", cursor=page.next_cursor))
    with pytest.raises(InputError, match="lat, lon and radius_km"):
        store.query_events(EventQuery(lat=1.0))


def test_store_get_event_and_quotes(store: Store, results: list[DocumentResult]) -> None:
    ev = results[2].events[1]
    assert store.get_event(ev.id) == ev
    assert store.get_event("missing") is None
    by_event = store.query_quotes(event_id=ev.id)
    assert [(d, q.id) for d, q in by_event] == [("af-attack-3", ev.quote_id)]
    assert [
        q.speaker.entity_text for _, q in store.query_quotes(speaker="akhmetzhanov") if q.speaker
    ] == ["Marat Akhmetzhanov"]
    assert len(store.query_quotes(speaker="IGO")) == 1
    assert len(store.query_quotes(text="tolerate")) == 1
    assert len(store.query_quotes()) == 2


def test_store_stats(store: Store) -> None:
    by_type = {r.key: r.count for r in store.stats("type")}
    assert by_type == {
        "COERCE": 1, "PROTEST": 1, "CONSULT": 1, "AGREE": 1, "ASSAULT": 1, "ACCUSE": 1,
        "REQUEST": 1, "AID": 1, "THREATEN": 1,
    }  # fmt: skip
    assert [(r.key, r.count) for r in store.stats("day")] == [
        ("2024-03-04", 2), ("2024-03-05", 2), ("2024-03-06", 5),
    ]  # fmt: skip
    assert {r.key: r.count for r in store.stats("quad")} == {"1": 2, "2": 1, "3": 3, "4": 3}
    assert {r.key: r.count for r in store.stats("country")} == {
        "KZ": 2, "RU": 2, "AF": 1, "TR": 1, None: 3,
    }  # fmt: skip
    grouped = store.stats("day", group="quad", query=EventQuery(quad=[3, 4]))
    assert {(r.key, r.group): r.count for r in grouped} == {
        ("2024-03-04", "4"): 2, ("2024-03-06", "3"): 3, ("2024-03-06", "4"): 1,
    }  # fmt: skip
    with pytest.raises(InputError):
        store.stats("nonsense")  # type: ignore[arg-type]


def test_store_actor_profiles_upsert_by_name(store: Store) -> None:
    a = ActorProfile(name="United Nations", code="IGO", identifier_text="UN")
    b = ActorProfile(name="Marat Akhmetzhanov", code="KAZ", sector="GOV", office="minister")
    store.save_actor_profiles([a, b])
    store.save_actor_profiles([b.model_copy(update={"sector": "PRM", "pinned": True})])
    loaded = {p.name: p for p in store.load_actor_profiles()}
    assert loaded["United Nations"] == a
    assert loaded["Marat Akhmetzhanov"].sector == "PRM" and loaded["Marat Akhmetzhanov"].pinned
    assert store.profile_event_counts() == {"United Nations": 2, "Marat Akhmetzhanov": 0}
    top = store.top_actors(limit=3)
    assert top[0]["name"] in {"The United Nations", "Gunmen"}
    assert sum(t["as_actor"] + t["as_recipient"] for t in store.top_actors(100)) == 17


def test_store_skips_replace_earlier_reason(store: Store) -> None:
    store.record_skip("d1", "/x/a.txt", "language 'de' is not coded")
    store.record_skip("d1", "/x/a.txt", "empty")
    store.record_skip("d2", None, "duplicate of d1")
    skipped = {(s.doc_id, s.source_path): s.reason for s in store.skipped()}
    assert skipped == {("d1", "/x/a.txt"): "empty", ("d2", None): "duplicate of d1"}


def test_store_read_only_reads_but_never_writes(
    tmp_path: Path, results: list[DocumentResult]
) -> None:
    path = tmp_path / "ro.duckdb"
    with pytest.raises(StoreError, match="no tidings database"):
        Store(path, read_only=True)
    with Store(path) as s:
        s.write_result(results[0], content_hash="h")
    with Store(path, read_only=True) as ro, Store(path, read_only=True) as ro2:
        assert len(ro.query_events()) == 2 == len(ro2.query_events())
        with pytest.raises(StoreError, match="read-only"):
            ro.write_result(results[1], content_hash="h")
        with pytest.raises(StoreError, match="read-only"):
            ro.record_skip("x", None, "r")


def test_store_rejects_foreign_database(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a tidings database"):
        Store(path, read_only=True)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '999')")
    con.close()
    with pytest.raises(StoreError, match="schema version 999"):
        Store(path)


def test_store_network_edges(store: Store) -> None:
    edges = store.network()
    assert len(edges) == 8  # events with both an actor and a recipient
    gunmen = next(e for e in edges if e["source_names"] == ["Gunmen"])
    assert gunmen["target_names"] == ["villagers"] and gunmen["quads"] == [0, 0, 0, 1]
    # resolved actors: "Kazakh ministers" are Kazakhstan's government (more in test_dashboard)
    assert {e["source"] for e in store.network(EventQuery(quad=[1]))} == {"Kazakhstan", "Russia"}


def test_store_write_results_batches_atomically(
    tmp_path: Path, results: list[DocumentResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings.store import PendingResult

    with Store(tmp_path / "b.duckdb") as s:
        first = [PendingResult(r, f"h-{r.id}", f"/in/{r.id}") for r in results[:3]]
        assert s.write_results(first) == [True, True, True]
        newer = results[0].model_copy(update={"events": []})
        flags = s.write_results(
            [
                PendingResult(results[0], "h-other"),  # superseded by the later item
                PendingResult(results[1], f"h-{results[1].id}"),  # unchanged
                PendingResult(newer, "h-newest"),
                PendingResult(results[3], "h-3"),
            ]
        )
        assert flags == [False, False, True, True]
        assert s.get_document(results[0].id) == newer
        assert s.documents()[results[0].id].content_hash == "h-newest"
        assert s.counts()["documents"] == 4
        before = s.counts()

        def broken(*args: object) -> tuple[object, ...]:
            raise RuntimeError("boom")

        monkeypatch.setattr(store_rows, "entity_row", broken)
        with pytest.raises(RuntimeError):
            s.write_results([PendingResult(results[4], "h"), PendingResult(results[2], "h9")])
        assert s.counts() == before  # all or nothing
        assert s.write_results([]) == []


def test_store_places_aggregate(store: Store) -> None:
    places = {p["place"]: p for p in store.places()}
    assert set(places) == {"Almaty", "Moscow", "Herat", "Gaziantep"}
    assert places["Almaty"]["count"] == 2 and places["Almaty"]["quads"] == [0, 0, 0, 2]
    assert places["Moscow"]["country_code"] == "RU" and places["Moscow"]["lat"] == 55.75
    assert store.get_event(places["Herat"]["example_event"]) is not None
    assert [p["place"] for p in store.places(EventQuery(quad=[2]))] == ["Gaziantep"]

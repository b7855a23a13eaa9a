from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.config import Settings
from tidings.records import DocumentResult
from tidings.store import Store


def test_api_health_and_openapi(client: TestClient, readonly_client: TestClient) -> None:
    h = client.get("/v1/health").json()
    assert h["status"] == "ok" and h["writes_enabled"] is True and h["read_only"] is False
    ro = readonly_client.get("/v1/health").json()
    assert ro["writes_enabled"] is False and ro["read_only"] is True
    spec = client.get("/openapi.json").json()
    assert {"/v1/code", "/v1/events", "/v1/events/{event_id}", "/v1/actors", "/v1/quotes",
            "/v1/stats"} <= set(spec["paths"])  # fmt: skip
    assert "swagger" in client.get("/docs").text.lower()


def test_api_events_filters_and_cursor(client: TestClient) -> None:
    page = client.get("/v1/events", params={"limit": 4}).json()
    assert len(page["events"]) == 4 and page["total"] == 9 and page["next_cursor"]
    seen = [e["id"] for e in page["events"]]
    while page["next_cursor"]:
        page = client.get("/v1/events", params={"limit": 4, "cursor": page["next_cursor"]}).json()
        seen += [e["id"] for e in page["events"]]
    assert len(seen) == len(set(seen)) == 9
    got = client.get("/v1/events", params=[("type", "ASSAULT,aid"), ("type", "PROTEST")]).json()
    assert sorted(e["event"][0] for e in got["events"]) == ["AID", "ASSAULT", "PROTEST"]
    near = client.get(
        "/v1/events", params={"lat": 43.2, "lon": 76.9, "radius_km": 25, "sort": "date"}
    ).json()
    assert {e["event"][0] for e in near["events"]} == {"COERCE", "PROTEST"}
    assert client.get("/v1/events", params={"actor": "RUS", "quad": "1"}).json()["total"] == 2
    assert client.get("/v1/events", params={"country": "AFG"}).json()["total"] == 1
    assert client.get("/v1/events", params={"q": "pipeline"}).json()["total"] == 1
    assert client.get("/v1/events", params={"sector": "COP"}).json()["total"] == 1
    assert client.get("/v1/events", params={"recipient": "belarus"}).json()["total"] == 1
    assert client.get("/v1/events", params={"since": "2024-03-06"}).json()["total"] == 5
    assert client.get("/v1/events", params={"until": "2024-03-04"}).json()["total"] == 2


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"cursor": "garbage"}, "cursor"),
        ({"quad": "9"}, "quad"),
        ({"quad": "x"}, "quad"),
        ({"since": "last tuesday"}, "date"),
        ({"lat": 10}, "lat, lon and radius_km"),
        ({"limit": 0}, "limit"),
        ({"sort": "actor"}, "sort"),
    ],
)
def test_api_events_bad_filters_are_4xx(
    client: TestClient, params: dict[str, object], fragment: str
) -> None:
    r = client.get("/v1/events", params=params)  # type: ignore[arg-type]
    assert 400 <= r.status_code < 500
    assert fragment in r.text


def test_api_event_evidence(client: TestClient, results: list[DocumentResult]) -> None:
    arrest = results[0].events[0]
    body = client.get(f"/v1/events/{arrest.id}").json()
    assert body["event"]["id"] == arrest.id
    assert body["document"]["title"] == "Police detain fuel protesters in Almaty"
    assert body["document"]["url"] == "https://news.example/kz/fuel-protest"
    assert body["sentence"] == arrest.event_text[0]
    text = results[0].text
    spans = {(s["kind"], s["text"]) for s in body["highlights"]}
    assert spans == {
        ("trigger", "arrested"), ("actor", "Police"), ("recipient", "protesters"),
        ("place", "Almaty"), ("date", "Monday"), ("size", "40"),
    }  # fmt: skip
    for s in body["highlights"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert body["sentence"][s["sentence_start"] : s["sentence_end"]] == s["text"]
    assert [q["linked"] for q in body["quotes"]] == [False]
    assert body["quotes"][0]["speaker"]["entity_text"] == "Marat Akhmetzhanov"
    # an event coded from a quote links it
    condemn = results[2].events[1]
    quotes = client.get(f"/v1/events/{condemn.id}").json()["quotes"]
    assert [q["linked"] for q in quotes] == [True]
    # a recipient not named in the sentence ("Gunmen") is not highlighted
    evidence = client.get(f"/v1/events/{condemn.id}").json()
    assert {(s["kind"], s["text"]) for s in evidence["highlights"]} == {
        ("trigger", "condemned"), ("actor", "The United Nations"),
    }  # fmt: skip
    r = client.get("/v1/events/nope")
    assert r.status_code == 404 and "nope" in r.json()["error"]["message"]


def test_api_actors_quotes_stats_network(client: TestClient, db_path: Path) -> None:
    actors = client.get("/v1/actors").json()
    assert actors["profiles"] == []
    assert sum(a["as_actor"] + a["as_recipient"] for a in actors["top"]) == 17
    quotes = client.get("/v1/quotes", params={"speaker": "IGO"}).json()["quotes"]
    assert [q["doc_id"] for q in quotes] == ["af-attack-3"]
    assert len(client.get("/v1/quotes").json()["quotes"]) == 2
    assert (
        client.get("/v1/quotes", params={"q": "tolerate"}).json()["quotes"][0]["kind"] == "direct"
    )
    stats = client.get("/v1/stats").json()
    assert stats["total"] == 9
    assert {c["key"]: c["count"] for c in stats["by_quad"]} == {"1": 2, "2": 1, "3": 3, "4": 3}
    assert [c["key"] for c in stats["by_day"]] == ["2024-03-04", "2024-03-05", "2024-03-06"]
    assert sum(c["count"] for c in stats["by_day_type"]) == 9
    assert stats["type_quads"]["ASSAULT"] == 4 and stats["type_quads"]["AGREE"] == 1
    assert stats["tables"]["documents"] == 5
    asserted = client.get("/v1/stats", params={"modality": "asserted"}).json()
    assert asserted["total"] == 8  # the EU's threat is future
    assert {c["key"]: c["count"] for c in asserted["by_modality"]} == {"asserted": 8, "future": 1}
    filtered = client.get("/v1/stats", params={"quad": "4"}).json()
    assert filtered["total"] == 3 and {c["key"] for c in filtered["by_type"]} == {
        "COERCE", "PROTEST", "ASSAULT",
    }  # fmt: skip
    places = client.get("/v1/places", params={"country": "KZ"}).json()["places"]
    assert [(p["place"], p["count"]) for p in places] == [("Almaty", 2)]
    edges = client.get("/v1/network").json()["edges"]
    assert len(edges) == 8 and all(e["count"] >= 1 for e in edges)


def test_api_actor_profiles_with_counts(
    tmp_path: Path, results: list[DocumentResult], settings_for: Callable[..., Settings]
) -> None:
    from tidings.records import ActorProfile

    path = tmp_path / "p.duckdb"
    with Store(path) as s:
        for r in results:
            s.write_result(r, content_hash=r.id)
        s.save_actor_profiles([ActorProfile(name="European Union", code="IGO"),
                               ActorProfile(name="Gunmen", code="---", sector="UAF")])  # fmt: skip
    with TestClient(create_app(settings_for(path, api_key=""))) as c:
        profiles = c.get("/v1/actors").json()["profiles"]
    assert [(p["name"], p["events"]) for p in profiles] == [("Gunmen", 2), ("European Union", 1)]


def test_api_writes_need_the_key(client: TestClient, readonly_client: TestClient) -> None:
    body = {"text": "Police arrested two men.", "store": True}
    r = readonly_client.post("/v1/code", json=body)
    assert r.status_code == 403 and "serve.api_key" in r.json()["error"]["message"]
    r = client.post("/v1/code", json=body)
    assert r.status_code == 401 and "X-API-Key" in r.json()["error"]["message"]
    r = client.post("/v1/code", json=body, headers={"X-API-Key": "wrong"})
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "exactly one of 'text' or 'html'"),
        ({"text": "a", "html": "<p>a</p>"}, "exactly one"),
        ({"text": "   "}, "exactly one"),
        ({"text": "x", "date": "yesterday"}, "date"),
        ({"text": "x", "colour": "red"}, "colour"),
    ],
)
def test_api_code_rejects_malformed_input(
    client: TestClient, body: dict[str, object], fragment: str
) -> None:
    r = client.post("/v1/code", json=body)
    assert r.status_code == 400 and fragment in r.text


def test_api_code_rejects_non_json(client: TestClient) -> None:
    r = client.post("/v1/code", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400


def test_api_body_limit_is_413(client: TestClient) -> None:
    r = client.post("/v1/code", json={"text": "x" * 30_000})
    assert r.status_code == 413 and "20000" in r.json()["error"]["message"]

    async def chunked() -> int:
        async def body():  # type: ignore[no-untyped-def]
            for _ in range(30):
                yield b"x" * 1000

        transport = httpx.ASGITransport(app=client.app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:
            resp = await ac.post(
                "/v1/code", content=body(), headers={"content-type": "application/json"}
            )
            return resp.status_code

    assert asyncio.run(chunked()) == 413


def test_api_async_transport_and_dashboard(client: TestClient) -> None:
    async def go() -> tuple[int, str, int]:
        transport = httpx.ASGITransport(app=client.app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:
            page = await ac.get("/")
            events = await ac.get("/v1/events", params={"type": "AGREE"})
            return page.status_code, page.text, events.json()["total"]

    status, html, total = asyncio.run(go())
    assert status == 200 and "<html" in html.lower() and total == 1

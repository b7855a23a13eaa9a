"""``same_event`` on an event's evidence, and ``?distinct=true`` on the event list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.config import Settings
from tidings.records import DocumentResult, EventSource
from tidings.store import Store


def _second_report(first: DocumentResult) -> DocumentResult:
    """Another outlet's article reporting the first event of ``first`` (a different document)."""
    ev = first.events[0]
    other = ev.model_copy(
        update={
            "id": "other-wire-e0",
            "confidence": min(1.0, ev.confidence + 0.1),
            "source": EventSource(doc_id="other-wire", publisher="Other Wire"),
        }
    )
    return DocumentResult(
        id="other-wire", date=first.date, publisher="Other Wire", text="", events=[other]
    )


def test_api_same_event_and_distinct(
    tmp_path: Path, results: list[DocumentResult], settings_for: Callable[..., Settings]
) -> None:
    db = tmp_path / "same.duckdb"
    first = results[0].events[0]
    assert first.date is not None
    with Store(db) as s:
        for r in [*results, _second_report(results[0])]:
            s.write_result(r, content_hash=f"h-{r.id}")
        s.regroup_events()
    with TestClient(create_app(settings_for(db))) as client:
        body = client.get(f"/v1/events/{first.id}").json()
        assert [e["id"] for e in body["same_event"]] == ["other-wire-e0"]
        assert body["same_event"][0]["source"] == {
            "doc_id": "other-wire",
            "publisher": "Other Wire",
        }
        assert body["group"]["representative"] == "other-wire-e0"
        assert sorted(body["group"]["event_ids"]) == sorted([first.id, "other-wire-e0"])
        alone = results[1].events[0]
        assert client.get(f"/v1/events/{alone.id}").json()["same_event"] == []
        every = client.get("/v1/events", params={"limit": 1000}).json()
        distinct = client.get("/v1/events", params={"limit": 1000, "distinct": "true"}).json()
        assert distinct["total"] == every["total"] - 1
        ids = {e["id"] for e in distinct["events"]}
        assert "other-wire-e0" in ids and first.id not in ids

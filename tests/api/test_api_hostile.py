"""Hostile requests (issues 14 and 15): one error shape, 400 for every bad body or cursor with
nothing internal leaked, the Host allow-list, security headers, no state change without the
key, and coding that never stalls other clients."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.config import Settings
from tidings.records import ActorProfile, DocumentResult, RawDocument
from tidings.resolve.actors import ActorResolver


def _cursor(data: Any) -> str:
    raw = json.dumps(data).encode() if not isinstance(data, bytes) else data
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _is_error(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])
    error: dict[str, Any] = body["error"]
    return error


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor(b"[" * 3000),
        _cursor(["-confidence", {"a": 1}, "x"]),
        _cursor(["-confidence", "high", "x"]),
        _cursor(["-confidence", 0.5, {"id": 1}]),
        _cursor({"sort": "-confidence"}),
        "%%%",
        "x" * 10_000,
    ],
)
def test_bad_cursors_are_400_without_internal_messages(client: TestClient, cursor: str) -> None:
    r = client.get("/v1/events", params={"sort": "-confidence", "cursor": cursor})
    err = _is_error(r, 400)
    assert "cursor" in err["message"]
    assert not any(word in r.text.lower() for word in ("duckdb", "binder", "traceback"))


@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "Police \\ud800 arrested two men."}',
        b'{"text": "x", "title": "\\udfff"}',
        b"[" * 3000,
        b'{"text": ' + b"[" * 3000 + b"}",
        b'{"text": {"nested": true}}',
        b'"just a string"',
    ],
)
def test_bad_bodies_are_400(client: TestClient, raw: bytes) -> None:
    r = client.post("/v1/code", content=raw, headers={"content-type": "application/json"})
    _is_error(r, 400)


def test_every_error_has_one_shape_and_is_declared(client: TestClient) -> None:
    assert _is_error(client.get("/v1/events/nope"), 404)["code"] == "not_found"
    _is_error(client.get("/v1/no-such-thing"), 404)
    _is_error(client.delete("/v1/events"), 405)
    _is_error(client.post("/v1/code", json={"text": "x" * 30_000}), 413)
    _is_error(client.post("/v1/code", json={"text": "x", "store": True}), 401)
    _is_error(client.get("/v1/events", params={"limit": 0}), 400)
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for op in ops.values():
            codes = set(op["responses"])
            assert "422" not in codes and {"400", "500"} <= codes, path
            for code in codes - {"200"}:
                ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorBody")


def test_host_allow_list_and_security_headers(
    db_path: Path, settings_for: Callable[..., Settings]
) -> None:
    with TestClient(create_app(settings_for(db_path)), base_url="http://localhost:8000") as c:
        ok = c.get("/v1/health")
        assert ok.status_code == 200
        assert ok.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in ok.headers["content-security-policy"]
        page = c.get("/")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        evil = c.get("/v1/health", headers={"host": "evil.example:8000"})
        assert "not allowed" in _is_error(evil, 400)["message"]
        assert evil.headers["x-frame-options"] == "DENY"
        assert c.get("/v1/health", headers={"host": "[::1]:8000"}).status_code == 200


class _Learner:
    """A stand-in document whose actors teach the registry what the issue's request did."""

    doc_id = "api-x"

    def learned_profiles(self) -> list[ActorProfile]:
        return [ActorProfile(name="Bola Tinubu", code="RUS")]


class _FakePipeline:
    def __init__(self, delay: float = 0.0) -> None:
        self.actors = ActorResolver()
        self.delay = delay
        self.runs = 0

    def run(self, raw: RawDocument) -> DocumentResult:
        self.runs += 1
        time.sleep(self.delay)
        self.actors.learn(_Learner())  # type: ignore[arg-type]
        return DocumentResult(id=raw.id, text=raw.text or "")


def test_code_without_the_key_never_changes_learned_state(
    db_path: Path, settings_for: Callable[..., Settings], api_key: str
) -> None:
    fake = _FakePipeline()
    app = create_app(settings_for(db_path), pipeline_factory=lambda s: fake)  # type: ignore[arg-type,return-value]
    with TestClient(app) as c:
        body = {"text": "Russian President Bola Tinubu ordered troops north."}
        assert c.post("/v1/code", json=body).status_code == 200
        assert c.post("/v1/code", json={**body, "store": False}).status_code == 200
        assert fake.actors.profiles() == [] and c.get("/v1/actors").json()["profiles"] == []
        stored = c.post("/v1/code", json={**body, "store": True}, headers={"X-API-Key": api_key})
        assert stored.status_code == 200
        assert [p.name for p in fake.actors.profiles()] == ["Bola Tinubu"]


def test_slow_coding_times_out_queues_are_bounded_and_reads_go_on(
    db_path: Path, settings_for: Callable[..., Settings]
) -> None:
    settings = settings_for(db_path)
    settings.serve.code_timeout_s = 0.5
    settings.serve.code_queue_limit = 2
    fake = _FakePipeline(delay=1.5)
    app = create_app(settings, pipeline_factory=lambda s: fake)  # type: ignore[arg-type,return-value]
    with TestClient(app) as c:
        statuses: list[int] = []

        def post() -> None:
            statuses.append(c.post("/v1/code", json={"text": "A slow one."}).status_code)

        threads = [threading.Thread(target=post) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        start = time.perf_counter()
        assert c.get("/v1/events", params={"limit": 2}).status_code == 200
        assert time.perf_counter() - start < 1.0  # reads never wait for the coder
        for t in threads:
            t.join()
        assert sorted(statuses) == [503, 503, 504, 504]
        time.sleep(1.6)
        assert fake.runs == 1  # the one that timed out while queued was never coded

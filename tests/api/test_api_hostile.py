"""Hostile requests (issues 14 and 15): one error shape, 400 for every bad body or cursor with
nothing internal leaked, the Host allow-list, security headers, no state change without the
key, and coding that never stalls other clients."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
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
    """Codes in a worker process: the result's title names the profiles its registry held
    before the document, and a text starting "slow" takes ``delay`` seconds; every run is
    recorded in ``runs`` (a file, as the workers are other processes)."""

    def __init__(self, settings: Settings, runs: Path, delay: float = 0.0) -> None:
        self.actors = ActorResolver(learn=settings.actors.learn)
        self.delay = delay
        self.runs = runs

    def run_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]:
        for raw in raws:
            with self.runs.open("a") as f:
                f.write(f"{os.getpid()} {raw.id}\n")
            known = ",".join(p.name for p in self.actors.profiles())
            if (raw.text or "").startswith("slow"):
                time.sleep(self.delay)
            self.actors.learn(_Learner())  # type: ignore[arg-type]
            yield DocumentResult(id=raw.id, text=raw.text or "", title=known)


def _runs(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_code_without_the_key_never_changes_learned_state(
    db_path: Path, settings_for: Callable[..., Settings], api_key: str, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    app = create_app(settings_for(db_path), pipeline_factory=lambda s: _FakePipeline(s, runs))  # type: ignore[arg-type,return-value]
    with TestClient(app) as c:
        body = {"text": "Russian President Bola Tinubu ordered troops north."}
        for n in range(3):
            anonymous = c.post("/v1/code", json={**body, "id": f"a{n}"})
            assert anonymous.status_code == 200 and anonymous.json()["title"] == ""
        assert c.post("/v1/code", json={**body, "store": False}).json()["title"] == ""
        assert c.get("/v1/actors").json()["profiles"] == []
        key = {"X-API-Key": api_key}
        stored = c.post("/v1/code", json={**body, "store": True}, headers=key)
        assert stored.status_code == 200 and stored.json()["title"] == ""
        names = [p["name"] for p in c.get("/v1/actors").json()["profiles"]]
        assert names == ["Bola Tinubu"]  # a keyed store learns, and its profiles are stored
        again = c.post("/v1/code", json={**body, "id": "k2", "store": True}, headers=key)
        assert again.json()["title"] == "Bola Tinubu"  # keyed requests learn in order
        assert c.post("/v1/code", json={**body, "id": "a9"}).json()["title"] == ""
    assert len({line.split()[0] for line in _runs(runs)} - {str(os.getpid())}) >= 2
    assert not any(line.split()[0] == str(os.getpid()) for line in _runs(runs))


def test_slow_coding_times_out_frees_its_worker_queues_are_bounded_and_reads_go_on(
    db_path: Path, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = settings_for(db_path)
    settings.serve.code_workers = 1
    settings.serve.code_timeout_s = 1.0
    settings.serve.code_queue_limit = 2
    runs = tmp_path / "runs"
    app = create_app(settings, pipeline_factory=lambda s: _FakePipeline(s, runs, delay=30.0))  # type: ignore[arg-type,return-value]
    with TestClient(app) as c:
        assert c.post("/v1/code", json={"text": "warm", "id": "w"}).status_code == 200
        statuses: list[int] = []

        def post(n: int) -> None:
            body = {"text": "slow one", "id": f"s{n}"}
            statuses.append(c.post("/v1/code", json=body).status_code)

        threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
            time.sleep(0.05)
        time.sleep(0.2)
        start = time.perf_counter()
        assert c.get("/v1/events", params={"limit": 2}).status_code == 200
        assert time.perf_counter() - start < 1.0  # reads never wait for the coder
        for t in threads:
            t.join()
        assert sorted(statuses) == [503, 504, 504, 504]
        # the worker coding past the limit is killed and replaced a limit after it started
        time.sleep(1.3)
        start = time.perf_counter()
        assert c.post("/v1/code", json={"text": "quick", "id": "q"}).status_code == 200
        assert time.perf_counter() - start < 1.0
    coded = [line.split()[1] for line in _runs(runs)]
    assert coded[0] == "w" and coded[-1] == "q" and coded[1] == "s0"
    # s1 and s2 waited while s0 ran: at most one was coded, one timed out waiting and never was
    assert len([doc for doc in coded if doc in {"s1", "s2"}]) <= 1 and "s3" not in coded, coded


def test_a_stored_javascript_url_is_never_served_as_a_link(
    tmp_path: Path, results: list[DocumentResult], settings_for: Callable[..., Settings]
) -> None:
    from tidings.store import Store

    first = results[0].model_copy(update={"url": "javascript:alert(document.domain)"})
    path = tmp_path / "js.duckdb"
    with Store(path) as s:
        s.write_result(first, content_hash="h")
    with TestClient(create_app(settings_for(path, api_key=""))) as c:
        body = c.get(f"/v1/events/{first.events[0].id}").json()
    assert body["document"]["url"] is None and "javascript:" not in json.dumps(body["document"])

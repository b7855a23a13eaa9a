"""The warm pool: input order, one time-limited or crashing document costs only itself,
concurrent single-document callers, and workers forked from one built pipeline."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ThreadPoolExecutor

import batch_fakes
import pytest

from tidings.batch import WarmPool
from tidings.batch._pool import _GC_YOUNG
from tidings.config import Settings, load_settings
from tidings.errors import DOC_TIMEOUT, DOC_WORKER_DIED
from tidings.records import RawDocument


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def _raws(n: int) -> list[RawDocument]:
    return [RawDocument(id=f"d{i}", text=f"Actor{i} " + "word " * (i % 5)) for i in range(n)]


def _pool(settings: Settings, **kw: object) -> WarmPool:
    return WarmPool(settings, 2, factory=batch_fakes.factory, chunk_size=3, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_batch_pool_keeps_input_order(settings: Settings, method: str) -> None:
    raws = _raws(23)
    with _pool(settings, start_method=method) as pool:
        results = list(pool.code_many(iter(raws)))
        pids = set(pool.peak_rss)
    assert [r.id for r in results] == [r.id for r in raws]
    assert [len(r.events) for r in results] == [1 + i % 5 for i in range(23)]
    assert len(pids) == 2 and os.getpid() not in pids
    # the workers collect young objects less often; this process keeps its own setting
    assert {r.title for r in results} == {str(_GC_YOUNG)} != {str(gc.get_threshold()[0])}


def test_batch_pool_one_slow_or_fatal_document_costs_only_itself(settings: Settings) -> None:
    raws = _raws(7)
    raws[2] = RawDocument(id="slow", text="SLOW to code")
    raws[5] = RawDocument(id="fatal", text="KILLME when coded", title="kept")
    with _pool(settings, timeout=2.0) as pool:
        results = {r.id: r for r in pool.code_many(raws)}
        again = pool.code(RawDocument(id="after", text="Still working here"))
    assert [e.code for e in results["slow"].errors] == [DOC_TIMEOUT]
    assert [e.code for e in results["fatal"].errors] == [DOC_WORKER_DIED]
    assert results["fatal"].title == "kept" and not results["fatal"].events
    coded = [r for r in results.values() if not r.errors]
    assert len(coded) == 5 and all(r.events for r in coded)
    assert len(again.events) == 3


def test_batch_pool_serves_concurrent_callers(settings: Settings) -> None:
    raws = _raws(12)
    with _pool(settings) as pool, ThreadPoolExecutor(6) as callers:
        results = list(callers.map(pool.code, raws))
    assert [r.id for r in results] == [r.id for r in raws]
    assert all(r.events for r in results)


def test_batch_pool_forks_from_one_built_pipeline(settings: Settings) -> None:
    built: list[int] = []

    def counting_factory(s: Settings) -> batch_fakes.FakePipeline:
        built.append(os.getpid())
        return batch_fakes.factory(s)

    with WarmPool(settings, 3, factory=counting_factory, start_method="fork") as pool:
        assert pool.forks
        list(pool.code_many(_raws(9)))
    assert built == [os.getpid()]  # built once, here; the workers inherit it


def test_batch_pool_workers_exit_when_their_parent_is_killed() -> None:
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    # a parent that forks two workers, codes a little, names them and waits to be killed
    script = (
        "import sys, time, batch_fakes\n"
        "from tidings.batch import WarmPool\n"
        "from tidings.config import load_settings\n"
        "from tidings.records import RawDocument\n"
        "pool = WarmPool(load_settings(), 2, factory=batch_fakes.factory, chunk_size=1)\n"
        "list(pool.code_many(RawDocument(id=f'd{i}', text='Actor word') for i in range(4)))\n"
        "print(*(w.pid for w in pool._live), flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env)
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in workers if alive(p)]
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left

"""Small ``POST /v1/code`` latency while one client posts a large document (issue 15).

Starts ``tidings serve`` on a fresh database with the real pipeline, warms it, then one client
posts a ``--big-mb`` document (sentences of news words, none repeated) while ``--clients``
others post short articles in a loop for ``--seconds``; prints the small requests' latency
percentiles, their statuses and what became of the large one, as JSON.

Usage: python scripts/api_latency.py [--big-mb 2] [--clients 2] [--seconds 60] [--workers 0]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

SEED = Path(__file__).resolve().parents[1] / "tests" / "data" / "seed"


def _paragraphs() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    return [p.strip() for p in text.split("\n") if len(p.strip()) > 80]


def _news_words(paragraphs: list[str], size: int) -> str:
    """``size`` bytes of sentences drawn from the paragraphs' words, no paragraph repeated (a
    repeated one would be dropped as page chrome and cost nothing)."""
    words = " ".join(paragraphs).split()
    pick = random.Random(15)
    out: list[str] = []
    total = 0
    while total < size:
        sentences = [
            " ".join(pick.choice(words) for _ in range(pick.randint(12, 30))).capitalize() + "."
            for _ in range(pick.randint(3, 6))
        ]
        out.append(" ".join(sentences))
        total += len(out[-1].encode()) + 2
    return "\n\n".join(out).encode()[:size].decode("utf-8", "ignore")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=float, default=2.0)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=0, help="serve.code_workers")
    parser.add_argument("--timeout", type=float, default=600.0, help="serve.code_timeout_s")
    args = parser.parse_args()

    paragraphs = _paragraphs()
    big_bytes = int(args.big_mb * 1_000_000)
    big_text = _news_words(paragraphs, big_bytes)
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "serve.toml"
        config.write_text(
            "[serve]\n"
            f"port = {port}\n"
            f"max_body_bytes = {big_bytes + 100_000}\n"
            f"code_workers = {args.workers}\n"
            f"code_timeout_s = {args.timeout}\n",
            encoding="utf-8",
        )
        db = Path(tmp) / "latency.duckdb"
        entry = "import sys; from tidings.cli.main import main; sys.exit(main())"
        command = [sys.executable, "-c", entry, "--config", str(config), "serve", "--db", str(db)]
        # a session of its own, so the server and its forked workers stop together
        server = subprocess.Popen(command, env=os.environ.copy(), start_new_session=True)
        try:
            return _measure(args, port, paragraphs, big_text)
        finally:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(15)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(15)


def _measure(args: argparse.Namespace, port: int, paragraphs: list[str], big_text: str) -> int:
    base = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=base, timeout=args.timeout + 60)
    for _ in range(600):
        try:
            client.get("/v1/health")
            break
        except httpx.TransportError:
            time.sleep(0.5)
    started = time.perf_counter()
    warm = client.post("/v1/code", json={"text": paragraphs[0]})
    warm_s = time.perf_counter() - started
    if warm.status_code != 200:
        print(f"warm-up failed: {warm.status_code} {warm.text}", file=sys.stderr)
        return 1

    big: dict[str, object] = {}

    def post_big() -> None:
        t = time.perf_counter()
        r = client.post("/v1/code", json={"text": big_text, "id": "big"})
        big.update(status=r.status_code, seconds=round(time.perf_counter() - t, 1))

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + args.seconds

    def post_small(n: int) -> None:
        k = n
        while time.perf_counter() < stop:
            text = " ".join(paragraphs[(k + i) % len(paragraphs)] for i in range(3))
            t = time.perf_counter()
            r = client.post("/v1/code", json={"text": text, "id": f"small-{n}-{k}"})
            with lock:
                latencies.append(time.perf_counter() - t)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            k += 1

    big_thread = threading.Thread(target=post_big, daemon=True)
    big_thread.start()
    time.sleep(2.0)  # the large document is on a worker by now
    threads = [threading.Thread(target=post_small, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    big_running = big_thread.is_alive()
    report = {
        "big_mb": args.big_mb,
        "small_clients": args.clients,
        "seconds": args.seconds,
        "warm_up_s": round(warm_s, 1),
        "small_requests": len(latencies),
        "small_statuses": statuses,
        "small_p50_s": round(statistics.median(latencies), 3),
        "small_p95_s": round(_percentile(latencies, 0.95), 3),
        "small_p99_s": round(_percentile(latencies, 0.99), 3),
        "small_max_s": round(max(latencies), 3),
        "big_still_coding_at_end": big_running,
        "big": big,
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

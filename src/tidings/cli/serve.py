"""`tidings serve [--host H] [--port P]`: the HTTP API and the dashboard (uvicorn)."""

from __future__ import annotations

import argparse

from tidings.cli.common import eprint, settings_from_args
from tidings.cli.events import add_db_arg
from tidings.errors import StoreError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the HTTP API (/v1, docs at /docs) and the dashboard (/)",
        description="Serve the database (--db, $TIDINGS_DB or settings store.path). Writes "
        "need serve.api_key in the settings; without one the database is opened read-only.",
    )
    p.add_argument("--host", help="interface to listen on (default: settings serve.host)")
    p.add_argument("--port", type=int, help="port (default: settings serve.port)")
    add_db_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from tidings.api import create_app, open_store

    settings = settings_from_args(args)
    host = args.host or settings.serve.host
    port = settings.serve.port if args.port is None else args.port
    try:  # opened here, not in the server's startup, so a held database is one clear line
        store = open_store(settings)
    except StoreError as e:
        eprint(f"tidings: cannot serve: {e.message}")
        if "lock" in e.message.lower():
            eprint(f"tidings: {_lock_advice(bool(settings.serve.api_key))}")
        return 1
    try:
        app = create_app(settings, store=store)
        writes = "enabled (X-API-Key)" if settings.serve.api_key else "disabled (read-only)"
        eprint(f"tidings: serving {settings.store.path} on http://{host}:{port}/ — writes {writes}")
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()
    return 0


def _lock_advice(writes: bool) -> str:
    if writes:
        return (
            "with serve.api_key set the server opens the database for writing, which needs no "
            "other process to hold it (an ingest, or another server, even a read-only one); "
            "stop that process, or serve without an API key to share it read-only"
        )
    return (
        "a read-only server cannot open a database another process is writing (tidings "
        "ingest, tidings demo, or tidings serve with an API key); wait for it to finish"
    )

"""`tidings serve [--host H] [--port P]`: the HTTP API and the dashboard (uvicorn)."""

from __future__ import annotations

import argparse

from tidings.cli.common import eprint, settings_from_args
from tidings.cli.events import add_db_arg


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

    from tidings.api import create_app

    settings = settings_from_args(args)
    host = args.host or settings.serve.host
    port = settings.serve.port if args.port is None else args.port
    app = create_app(settings)
    writes = "enabled (X-API-Key)" if settings.serve.api_key else "disabled (read-only)"
    eprint(f"tidings: serving {settings.store.path} on http://{host}:{port}/ — writes {writes}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0

"""One router per OpenAPI tag; :data:`ROUTERS` is what :func:`tidings.api.create_app` mounts."""

from __future__ import annotations

from tidings.api.routes import actors, code, dashboard, events, meta, quotes

ROUTERS = [meta.router, code.router, events.router, actors.router, quotes.router, dashboard.router]

__all__ = ["ROUTERS"]

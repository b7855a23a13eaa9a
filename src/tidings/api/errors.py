"""The API's one error shape, ``{"error": {"code", "message", "details"}}``, for every error.

Validation errors, 404/405/413, the pipeline's coded errors and anything unexpected all answer
in it; an unexpected failure answers a generic message (the detail goes to the log only), so no
internal message (a database's, a parser's) ever reaches a client.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import Send

from tidings.errors import InputError, ModelError, StoreError, TidingsError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str = Field(description="a stable code: 'bad_request', 'not_found', 'E…', …")
    message: str = Field(description="what went wrong, for a person")
    details: list[dict[str, Any]] = Field(
        default_factory=list, description="per-field problems (location and message), if any"
    )


class ErrorBody(BaseModel):
    """Every error response's body."""

    error: ErrorDetail


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 500: "internal", 503: "unavailable",
          504: "timeout"}  # fmt: skip

# every status an endpoint may answer with an error, declared in the OpenAPI document
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": HTTPStatus(status).phrase}
    for status in (400, 404, 405, 413, 500, 503)
}
CODE_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    **{s: {"model": ErrorBody, "description": HTTPStatus(s).phrase} for s in (401, 403, 504)},
}


def error_json(
    status: int,
    message: str,
    *,
    code: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code or _CODES.get(status, str(status)), "message": message,
                      "details": details or []}}  # fmt: skip
    return _AsciiJSON(status_code=status, content=body, headers=headers)


async def send_error(
    send: Send, status: int, message: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """Answer an error from outside the app (a middleware), in the one shape."""
    body = bytes(error_json(status, message).body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _AsciiJSON(JSONResponse):
    # ASCII escapes: a lone surrogate a client sent can never break the encoding
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one shape."""

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return error_json(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details)
        return error_json(400, f"invalid request: {summary}", details=details)

    @app.exception_handler(TidingsError)
    async def _tidings(request: Request, exc: TidingsError) -> JSONResponse:
        # the client's mistake (a bad filter or cursor) is 400; the server's is 500/503
        if isinstance(exc, InputError):
            return error_json(400, exc.message, code=exc.code)
        log.error("%s: %s", request.url.path, exc)
        status = 503 if isinstance(exc, StoreError | ModelError) else 500
        return error_json(status, f"the server could not answer ({exc.code}); see its log",
                          code=exc.code)  # fmt: skip

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s failed", request.url.path)
        return error_json(500, "internal error; see the server's log")


def strip_default_422(spec: dict[str, Any]) -> dict[str, Any]:
    """FastAPI declares 422 for validation errors; this API answers them with 400."""
    for path in spec.get("paths", {}).values():
        for op in path.values():
            if isinstance(op, dict):
                op.get("responses", {}).pop("422", None)
    schemas = spec.get("components", {}).get("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return spec

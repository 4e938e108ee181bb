"""Every HTTP request gets a request id (its log lines and its answer carry it) and is
counted and timed by route template and status.

The id comes from the caller's `X-Request-ID` when that is a sane token, else it is
made here; it is sent back in `X-Request-ID`. A request that raises is logged once,
with its id and traceback, and answered `500` in the error shape naming the id.
"""

import json
import re
import time
from uuid import uuid4

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.runtime.metrics import ServiceMetrics

log = structlog.get_logger(__name__)

HEADER = "x-request-id"
# What a proxy or client may hand us: ids, not text to be logged verbatim.
_SANE = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
UNMATCHED = "unmatched"  # the route label of a path no route matches (one series, not many)


def request_id(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == HEADER.encode():
            given = bytes(value).decode("latin-1")
            if _SANE.fullmatch(given):
                return given
    return uuid4().hex


def route_of(scope: Scope) -> str:
    """The matched route's template (`/plans/{municipality}`), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class ObservedRequests:
    """Pure ASGI (no extra task per request), installed outermost."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        status = 500
        answering = False
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                status, answering = message["status"], True
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=rid):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                log.exception("request_failed", method=scope["method"], route=route_of(scope))
                if answering:  # the answer had started: nothing else can be sent
                    raise
                await _internal_error(send_with_id, rid)
            finally:
                seconds = time.perf_counter() - started
                self.metrics.answered(scope["method"], route_of(scope), status, seconds)
                log.debug(
                    "request_answered",
                    method=scope["method"],
                    route=route_of(scope),
                    status=status,
                    seconds=round(seconds, 4),
                )


async def _internal_error(send: Send, rid: str) -> None:
    detail = f"Internal error; quote request id {rid} when reporting it."
    body = json.dumps({"detail": detail, "code": "internal", "errors": []}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

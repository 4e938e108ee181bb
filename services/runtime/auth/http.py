"""FastAPI dependency that authenticates the caller and checks a permission.

API clients send a bearer token. A browser signed in to the workspace sends a
session cookie instead (never the token itself): see `sessions.py`. The workspace
passes a signed-in person's request on to monitoring with the session id in the
`X-DMAP-Session` header, which a service accepts only on the paths it lists in
`forwarded_sessions` (monitoring: the POSTs of the workspace's forms), never from a
cookie (a cross-site page cannot set that header). Failed
token checks are logged without the token and limited per client IP.
"""

import math
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import asyncpg
import structlog
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.runtime.auth import sessions, tokens
from services.runtime.auth.roles import PERMISSIONS, Permission, refusal
from services.runtime.auth.throttle import FailureThrottle
from services.runtime.auth.tokens import Principal, Refused
from services.runtime.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
COOKIE = "dmap_session"
FORWARDED_SESSION = "x-dmap-session"

log = structlog.get_logger(__name__)

# Declares the bearer scheme in OpenAPI. auto_error=False: refusals keep DMAP's own
# 401 body, and a signed-in browser sends its session cookie instead.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="APIToken",
    description="An API token from `dmap token create`, as 'Authorization: Bearer <token>'.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Check = Callable[[Request, HTTPAuthorizationCredentials | None], Awaitable[Principal]]

_REFUSALS = {
    Refused.UNKNOWN: ("unauthenticated", "The token is unknown or was revoked."),
    Refused.REVOKED: ("unauthenticated", "The token is unknown or was revoked."),
    Refused.EXPIRED: (
        "token_expired",
        "The token has expired; ask an administrator for a new one.",
    ),
}


class AuthError(Exception):
    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers = headers or {}


def require(*permissions: Permission) -> Check:
    """Dependency: 401 without a valid token or session, 403 when the role has none of
    `permissions`, 429 after too many failed tokens from the caller's address."""

    async def check(request: Request, credentials: Credentials) -> Principal:
        principal = await _identify(request, credentials)
        if not PERMISSIONS[principal.role] & set(permissions):
            wanted = " or ".join(p.value for p in permissions)
            raise AuthError(403, "forbidden", f"Role '{principal.role}' may not {wanted}.")
        request.state.principal = principal
        return principal

    return check


def authorize(principal: Principal, permission: Permission, municipality: str) -> None:
    """403 unless `principal`'s role has `permission` and its token acts for `municipality`.

    For handlers that know the municipality only from the path or the body, after
    `require` has identified the caller.
    """
    reason = refusal(principal.role, principal.municipalities, permission, municipality)
    if reason is not None:
        raise AuthError(403, "forbidden", reason)


async def _identify(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    pool: asyncpg.Pool = request.app.state.pool
    if credentials is None and not request.headers.get("authorization"):
        # Cookies ignore ports: the workspace's cookie also reaches the other services
        # of its host, which neither issue sessions nor may read them.
        accepts = getattr(request.app.state, "browser_sessions", False)
        session_id = request.cookies.get(COOKIE, "").strip() if accepts else ""
        if forwarded_here(request):
            session_id = request.headers.get(FORWARDED_SESSION, "").strip()
        if not session_id:
            raise AuthError(
                401, "unauthenticated", "Send an API token: 'Authorization: Bearer <token>'."
            )
        settings: Settings = request.app.state.settings
        async with pool.acquire(timeout=5) as conn:
            principal = await sessions.resolve(conn, session_id, settings.session_idle_s)
        if principal is None:  # ended, expired or its token revoked: sign in again
            raise AuthError(401, "session_ended", "The session has ended; sign in again.")
        return principal
    token = credentials.credentials.strip() if credentials is not None else ""
    if not token:  # a header that is not Bearer
        raise AuthError(
            401, "unauthenticated", "Send an API token: 'Authorization: Bearer <token>'."
        )
    guard(request)
    async with pool.acquire(timeout=5) as conn:
        found = await tokens.verify(conn, token)
    if isinstance(found, Refused):
        failed(request, found, via="bearer")
        code, detail = _REFUSALS[found]
        raise AuthError(401, code, detail)
    return found


def forwarded_here(request: Request) -> bool:
    """Whether this request may carry a forwarded session: a POST to one of the paths
    the app lists in `app.state.forwarded_sessions` (none by default)."""
    paths: frozenset[str] = getattr(request.app.state, "forwarded_sessions", frozenset())
    return request.method == "POST" and request.url.path in paths


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def throttle_for(app: FastAPI) -> FailureThrottle:
    """The app's failure throttle, built on first use from its settings."""
    throttle: FailureThrottle | None = getattr(app.state, "auth_throttle", None)
    if throttle is None:
        settings: Settings = app.state.settings
        throttle = FailureThrottle(settings.auth_failure_limit, settings.auth_failure_window_s)
        app.state.auth_throttle = throttle
    return throttle


def guard(request: Request) -> None:
    """429 (checked before the token) while the caller's address has failed too often."""
    wait = throttle_for(request.app).retry_after(client_ip(request))
    if wait is not None:
        # Not logged per request: under a flood the failures already logged tell the story.
        seconds = str(math.ceil(wait))
        raise AuthError(
            429,
            "too_many_failures",
            f"Too many failed authentications from this address; retry in {seconds} s.",
            {"Retry-After": seconds},
        )


def failed(request: Request, reason: str, via: str) -> None:
    """Counts a failed authentication and logs it: address and reason, never the token."""
    ip = client_ip(request)
    throttle_for(request.app).failed(ip)
    log.warning("auth_failed", ip=ip, reason=reason, via=via, path=request.url.path)


async def auth_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AuthError)
    headers = dict(exc.headers)
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    body: dict[str, object] = {"detail": exc.detail, "code": exc.code}
    if exc.status == 429:
        body["errors"] = []
    return JSONResponse(body, exc.status, headers=headers or None)

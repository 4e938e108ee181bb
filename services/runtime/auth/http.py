"""FastAPI dependency that authenticates the bearer token and checks a permission."""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.runtime.auth import tokens
from services.runtime.auth.roles import PERMISSIONS, Permission
from services.runtime.auth.tokens import Principal

MIGRATIONS = Path(__file__).parent / "migrations"
COOKIE = "dmap_token"

# Declares the bearer scheme in OpenAPI. auto_error=False: refusals keep DMAP's own
# 401 body, and a signed-in browser may send its token as a cookie instead.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="APIToken",
    description="An API token from `dmap token create`, as 'Authorization: Bearer <token>'.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Check = Callable[[Request, HTTPAuthorizationCredentials | None], Awaitable[Principal]]


class AuthError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def require(*permissions: Permission) -> Check:
    """Dependency: 401 without a valid token, 403 when the role has none of `permissions`."""

    async def check(request: Request, credentials: Credentials) -> Principal:
        token = _presented_token(request, credentials)
        pool: asyncpg.Pool = request.app.state.pool
        async with pool.acquire(timeout=5) as conn:
            principal = await tokens.authenticate(conn, token)
        if principal is None:
            raise AuthError(401, "unauthenticated", "The token is unknown or was revoked.")
        if not PERMISSIONS[principal.role] & set(permissions):
            wanted = " or ".join(p.value for p in permissions)
            raise AuthError(403, "forbidden", f"Role '{principal.role}' may not {wanted}.")
        request.state.principal = principal
        return principal

    return check


def _presented_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token; without an Authorization header, the signed-in browser's cookie."""
    token = ""
    if credentials is not None:
        token = credentials.credentials
    elif not request.headers.get("authorization"):  # a header that is not Bearer wins
        token = request.cookies.get(COOKIE, "")
    if not token.strip():
        raise AuthError(
            401, "unauthenticated", "Send an API token: 'Authorization: Bearer <token>'."
        )
    return token.strip()


async def auth_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AuthError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse({"detail": exc.detail, "code": exc.code}, exc.status, headers=headers)

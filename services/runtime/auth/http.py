"""FastAPI dependency that authenticates the bearer token and checks a permission."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
from fastapi import Request
from fastapi.responses import JSONResponse

from services.runtime.auth import tokens
from services.runtime.auth.roles import PERMISSIONS, Permission
from services.runtime.auth.tokens import Principal

MIGRATIONS = Path(__file__).parent / "migrations"
COOKIE = "dmap_token"


class AuthError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def require(*permissions: Permission) -> Callable[[Request], Awaitable[Principal]]:
    """Dependency: 401 without a valid token, 403 when the role has none of `permissions`."""

    async def check(request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header and request.cookies.get(COOKIE):  # signed-in browser (review UI)
            scheme, token = "bearer", request.cookies[COOKIE]
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError(
                401, "unauthenticated", "Send an API token: 'Authorization: Bearer <token>'."
            )
        pool: asyncpg.Pool = request.app.state.pool
        async with pool.acquire(timeout=5) as conn:
            principal = await tokens.authenticate(conn, token.strip())
        if principal is None:
            raise AuthError(401, "unauthenticated", "The token is unknown or was revoked.")
        if not PERMISSIONS[principal.role] & set(permissions):
            wanted = " or ".join(p.value for p in permissions)
            raise AuthError(403, "forbidden", f"Role '{principal.role}' may not {wanted}.")
        request.state.principal = principal
        return principal

    return check


async def auth_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AuthError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse({"detail": exc.detail, "code": exc.code}, exc.status, headers=headers)

"""SQL for API tokens; functions take a connection and never commit."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from services.runtime.auth.roles import Role
from services.runtime.connections import Connection

PREFIX = "dmap_"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a token's id, name and role (never the token itself)."""

    token_id: UUID
    name: str
    role: Role


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create(conn: Connection, name: str, role: Role) -> tuple[Principal, str]:
    """A new token; the secret is returned once and only its hash is stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token_id = uuid4()
    await conn.execute(
        "INSERT INTO auth.tokens (token_id, name, role, token_sha256) VALUES ($1, $2, $3, $4)",
        token_id,
        name,
        role.value,
        digest(secret),
    )
    return Principal(token_id, name, role), secret


async def authenticate(conn: Connection, token: str) -> Principal | None:
    row = await conn.fetchrow(
        """UPDATE auth.tokens SET last_used_at = now()
           WHERE token_sha256 = $1 AND revoked_at IS NULL
           RETURNING token_id, name, role""",
        digest(token),
    )
    return Principal(row["token_id"], row["name"], Role(row["role"])) if row else None


async def revoke(conn: Connection, token_id: UUID) -> bool:
    done = await conn.execute(
        "UPDATE auth.tokens SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL",
        token_id,
    )
    return done.endswith(" 1")


@dataclass(frozen=True, slots=True)
class TokenInfo:
    token_id: UUID
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


async def list_all(conn: Connection) -> list[TokenInfo]:
    rows = await conn.fetch(
        "SELECT token_id, name, role, created_at, revoked_at, last_used_at FROM auth.tokens "
        "ORDER BY created_at"
    )
    return [TokenInfo(**dict(r)) for r in rows]

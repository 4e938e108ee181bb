"""SQL for API tokens; functions take a connection and never commit."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

import asyncpg

from services.runtime.auth.roles import ORGANISATION_ROLES, ORGANISATIONS, Role
from services.runtime.connections import Connection

PREFIX = "dmap_"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a token's id, name, role and municipalities (never the token itself).

    `municipalities` is None for a token that acts for every municipality; `school`
    is set for a school team's token (it reports that school only); `organisation`
    for a partner's (the kind of body it reports for: csw, mocr, mediator, ngo).
    """

    token_id: UUID
    name: str
    role: Role
    municipalities: frozenset[str] | None = None
    school: str | None = None
    organisation: str | None = None


class Refused(StrEnum):
    """Why a presented token was not accepted (logged, and told to the caller)."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scope(municipalities: Iterable[str] | None) -> list[str] | None:
    """The stored form of a scope: sorted, without duplicates; None for every municipality.

    An empty scope is refused rather than read as "all": it would widen a token
    that was meant to be narrow.
    """
    if municipalities is None:
        return None
    if isinstance(municipalities, str):  # would be read letter by letter
        raise TypeError("a token scope is a collection of municipality codes, not one string")
    codes = sorted(set(municipalities))
    if not codes or not all(codes):
        raise ValueError("a token scope names at least one municipality, none of them empty")
    return codes


def principal(row: asyncpg.Record) -> Principal:
    """The principal of an `auth.tokens` row (token_id, name, role, scope columns)."""
    codes = row["municipalities"]
    found = None if codes is None else frozenset(codes)
    return Principal(
        row["token_id"],
        row["name"],
        Role(row["role"]),
        found,
        row.get("school"),
        row.get("organisation"),
    )


async def create(
    conn: Connection,
    name: str,
    role: Role,
    expires_at: datetime | None = None,
    municipalities: Iterable[str] | None = None,
    school: str | None = None,
    organisation: str | None = None,
) -> tuple[Principal, str]:
    """A new token; the secret is returned once and only its hash is stored.

    `municipalities` limits the token to those codes (None: every municipality);
    `school` to one school of them (a school team's token); `organisation` to one
    kind of partner body (a partner's token).
    """
    codes = scope(municipalities)
    school = school.strip() if school is not None else None
    if school is not None and (not school or codes is None or len(codes) != 1):
        raise ValueError("a school scope names one school of exactly one municipality")
    if (organisation is not None) != (role in ORGANISATION_ROLES):
        raise ValueError("an organisation is named by partner tokens only, and by each of them")
    if organisation is not None and organisation not in ORGANISATIONS:
        raise ValueError(f"an organisation is one of {', '.join(ORGANISATIONS)}")
    secret = PREFIX + secrets.token_urlsafe(32)
    token_id = uuid4()
    await conn.execute(
        "INSERT INTO auth.tokens "
        "(token_id, name, role, token_sha256, expires_at, municipalities, school, organisation) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        token_id,
        name,
        role.value,
        digest(secret),
        expires_at,
        codes,
        school,
        organisation,
    )
    found = None if codes is None else frozenset(codes)
    return Principal(token_id, name, role, found, school, organisation), secret


async def verify(conn: Connection, token: str) -> Principal | Refused:
    """The token's principal (stamping last_used_at), or why it is refused."""
    row = await conn.fetchrow(
        """UPDATE auth.tokens SET last_used_at = now()
           WHERE token_sha256 = $1 AND revoked_at IS NULL
             AND (expires_at IS NULL OR expires_at > now())
           RETURNING token_id, name, role, municipalities, school, organisation""",
        digest(token),
    )
    if row:
        return principal(row)
    state = await conn.fetchrow(
        "SELECT revoked_at IS NOT NULL AS revoked FROM auth.tokens WHERE token_sha256 = $1",
        digest(token),
    )
    if state is None:
        return Refused.UNKNOWN
    return Refused.REVOKED if state["revoked"] else Refused.EXPIRED


async def authenticate(conn: Connection, token: str) -> Principal | None:
    found = await verify(conn, token)
    return found if isinstance(found, Principal) else None


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
    expires_at: datetime | None
    municipalities: tuple[str, ...] | None  # sorted; None: every municipality


async def list_all(conn: Connection) -> list[TokenInfo]:
    rows = await conn.fetch(
        "SELECT token_id, name, role, created_at, revoked_at, last_used_at, expires_at, "
        "municipalities FROM auth.tokens ORDER BY created_at"
    )
    return [TokenInfo(**{**dict(r), "municipalities": _sorted(r["municipalities"])}) for r in rows]


def _sorted(municipalities: list[str] | None) -> tuple[str, ...] | None:
    return None if municipalities is None else tuple(sorted(municipalities))

"""`dmap token create | list | revoke`: API tokens, managed on the database directly."""

import argparse
import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from services.runtime.auth import tokens
from services.runtime.auth.http import MIGRATIONS
from services.runtime.auth.roles import Role
from services.runtime.database import apply_migrations, create_pool
from services.runtime.settings import Settings

_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def duration(text: str) -> timedelta:
    """`90d`, `12h`, `2w`, `30m`: the argument of `--expires-in`."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text.lower())
    if not match or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"not a duration such as 90d, 12h, 2w or 30m: {text!r}")
    return timedelta(seconds=int(match[1]) * _UNITS[match[2]])


async def _pool(settings: Settings) -> asyncpg.Pool:
    pool = await create_pool(settings.dsn, 2)
    await apply_migrations(pool, "auth", MIGRATIONS)
    return pool


async def create_token(
    settings: Settings, name: str, role: Role, expires_in: timedelta | None = None
) -> tuple[UUID, str]:
    expires_at = datetime.now(UTC) + expires_in if expires_in else None
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            principal, secret = await tokens.create(conn, name, role, expires_at)
        return principal.token_id, secret
    finally:
        await pool.close()


async def list_tokens(settings: Settings) -> list[tokens.TokenInfo]:
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            return await tokens.list_all(conn)
    finally:
        await pool.close()


async def revoke_token(settings: Settings, token_id: UUID) -> bool:
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            return await tokens.revoke(conn, token_id)
    finally:
        await pool.close()


async def valid_or_new(settings: Settings, token: str | None, name: str, role: Role) -> str:
    """`token` while it is still accepted (not revoked, not expired); else a new one."""
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            if token and isinstance(await tokens.verify(conn, token), tokens.Principal):
                return token
            return (await tokens.create(conn, name, role))[1]
    finally:
        await pool.close()

"""`dmap token create | list | revoke`: API tokens, managed on the database directly."""

from uuid import UUID

import asyncpg

from services.runtime.auth import tokens
from services.runtime.auth.http import MIGRATIONS
from services.runtime.auth.roles import Role
from services.runtime.database import apply_migrations, create_pool
from services.runtime.settings import Settings


async def _pool(settings: Settings) -> asyncpg.Pool:
    pool = await create_pool(settings.dsn, 2)
    await apply_migrations(pool, "auth", MIGRATIONS)
    return pool


async def create_token(settings: Settings, name: str, role: Role) -> tuple[UUID, str]:
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            principal, secret = await tokens.create(conn, name, role)
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

"""The asyncpg pool and the per-service SQL migration runner."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import orjson
import structlog

from services.runtime.connections import Connection

log = structlog.get_logger(__name__)


class RawJson(str):
    """A JSON text already serialised (a pydantic model's `model_dump_json()`), passed to a
    json/jsonb parameter as it is: no dict is built and encoded again on the way."""

    __slots__ = ()


def _encode_json(value: object) -> str:
    if isinstance(value, RawJson):
        return value
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # what orjson refuses (a lone surrogate, a huge int): as before
        return json.dumps(value)


async def _init_connection(conn: Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(
            kind, encoder=_encode_json, decoder=orjson.loads, schema="pg_catalog"
        )


async def create_pool(dsn: str, max_size: int = 4) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=max_size, init=_init_connection)
    assert pool is not None
    return pool


@asynccontextmanager
async def transaction(pool: asyncpg.Pool, acquire_timeout_s: float) -> AsyncIterator[Connection]:
    """Acquire with a timeout and run one transaction; the caller's block is its body."""
    async with pool.acquire(timeout=acquire_timeout_s) as conn, conn.transaction():
        yield conn


MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


OUTBOX_MIGRATIONS = Path(__file__).parent / "outbox_migrations"


def _steps(schema: str, directory: Path, outbox: bool) -> list[tuple[str, str]]:
    """(version, SQL) in order: the runtime's outbox first, then the schema's own files."""
    steps = []
    if outbox:
        steps += [
            (f"outbox.{p.stem}", p.read_text(encoding="utf-8").replace("{schema}", schema))
            for p in sorted(OUTBOX_MIGRATIONS.glob("*.sql"))
        ]
    steps += [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.sql"))]
    return steps


async def apply_migrations(
    pool: asyncpg.Pool, schema: str, directory: Path, *, outbox: bool = False
) -> list[str]:
    """Apply `NNN_name.sql` files in order, each once, under an advisory lock.

    With `outbox`, the runtime's outbox table comes first (each service schema
    has one). Returns the versions applied by this call.
    """
    steps = _steps(schema, directory, outbox)  # a handful of small files, once at start-up
    applied: list[str] = []
    async with pool.acquire(timeout=30) as conn, conn.transaction():
        # Several replicas may start at once; one migrates, the others wait.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{schema}")
        if not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema):
            await conn.execute(f"CREATE SCHEMA {schema}")
        await conn.execute(MIGRATIONS_TABLE.format(schema=schema))
        done = {
            r["version"]
            for r in await conn.fetch(f"SELECT version FROM {schema}.schema_migrations")
        }
        for version, sql in steps:
            if version in done:
                continue
            await conn.execute(sql)
            await conn.execute(
                f"INSERT INTO {schema}.schema_migrations (version) VALUES ($1)", version
            )
            applied.append(version)
    if applied:
        log.info("migrations_applied", schema=schema, versions=applied)
    return applied

"""Database roles: each service logs in as its own role, owner of its schema only.

Run as the administrator (the local stack's superuser or DMAP_DATABASE_URL).
Passwords for the local stack are generated once and kept in
`.dmap/secrets.env` (mode 600); the services read them from the environment.
"""

import os
import secrets
from pathlib import Path

import asyncpg
from pydantic import SecretStr

from services.runtime.auth.http import MIGRATIONS as AUTH_MIGRATIONS
from services.runtime.database import apply_migrations, create_pool
from services.runtime.settings import (
    LOCAL_OPERATOR,
    LOCAL_OPERATOR_PASSWORD,
    SERVICES,
    Settings,
)

KAFKA_SASL_USER = LOCAL_OPERATOR  # the local broker's operator account (SCRAM, super user)
KAFKA_SASL_PASSWORD = LOCAL_OPERATOR_PASSWORD
KAFKA_ADMIN_PASSWORD = "DMAP_KAFKA_ADMIN_LOCAL_PASSWORD"  # broker and controller (PLAIN)
KAFKA_TLS_PASSWORD = "DMAP_KAFKA_TLS_KEYSTORE_PASSWORD"  # the local CA's and broker's keystores


def kafka_password_key(service: str) -> str:
    """The secrets key of a service's own broker account (`dmap-<service>`)."""
    return f"DMAP_{service.upper()}_KAFKA_PASSWORD"


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, from the first byte (no chmod afterwards)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_CREAT


def secrets_file(settings: Settings) -> Path:
    return settings.home / "secrets.env"


def local_secrets(settings: Settings, create: bool = False) -> dict[str, str]:
    """DMAP_<SERVICE>_DB_PASSWORD values of the local stack (generated when asked)."""
    path = secrets_file(settings)
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            if key.strip():
                values[key.strip()] = value.strip()
    wanted = [f"DMAP_{s.upper()}_DB_PASSWORD" for s in SERVICES] + [
        KAFKA_SASL_PASSWORD,
        KAFKA_ADMIN_PASSWORD,
        KAFKA_TLS_PASSWORD,
        *(kafka_password_key(s) for s in SERVICES),
    ]
    missing = [k for k in wanted if k not in values]
    if missing and create:
        for key in missing:
            values[key] = secrets.token_urlsafe(24)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, "".join(f"{k}={v}\n" for k, v in sorted(values.items())))
    return values


def with_local_secrets(settings: Settings) -> Settings:
    """Settings that know the service passwords (environment first, then the local file)."""
    stored = local_secrets(settings)
    updates: dict[str, SecretStr] = {}
    for service in SERVICES:
        key = f"DMAP_{service.upper()}_DB_PASSWORD"
        if settings.db_password(service) is None and key not in os.environ and key in stored:
            updates[f"{service}_db_password"] = SecretStr(stored[key])
    return settings.model_copy(update=updates) if updates else settings


async def provision(settings: Settings, passwords: dict[str, str]) -> None:
    """Roles, schema ownership and grants in the settings' database (idempotent)."""
    conn = await asyncpg.connect(settings.dsn, timeout=10)
    try:
        superuser = await conn.fetchval(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        for service in SERVICES:
            role = f"dmap_{service}"
            password = passwords[f"DMAP_{service.upper()}_DB_PASSWORD"]
            exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
            verb = "ALTER" if exists else "CREATE"
            # Identifiers are ours; the password is a literal quoted by the server.
            quoted = await conn.fetchval("SELECT quote_literal($1)", password)
            await conn.execute(f"{verb} ROLE {role} LOGIN PASSWORD {quoted}")
            if not superuser:
                # A managed server's administrator has CREATEROLE but is no superuser:
                # handing a schema to a role needs membership in it (PostgreSQL 15).
                await conn.execute(f"GRANT {role} TO CURRENT_USER")
            await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {service} AUTHORIZATION {role}")
            await conn.execute(f"ALTER SCHEMA {service} OWNER TO {role}")
            for kind, catalog in (("TABLE", "pg_tables"), ("SEQUENCE", "pg_sequences")):
                name_col = "tablename" if kind == "TABLE" else "sequencename"
                for row in await conn.fetch(
                    f"SELECT {name_col} AS n FROM {catalog} WHERE schemaname = $1", service
                ):
                    await conn.execute(f'ALTER {kind} {service}."{row["n"]}" OWNER TO {role}')
    finally:
        await conn.close()
    pool = await create_pool(settings.dsn, 1)
    try:
        await apply_migrations(pool, "auth", AUTH_MIGRATIONS)
    finally:
        await pool.close()
    conn = await asyncpg.connect(settings.dsn, timeout=10)
    try:
        roles = ", ".join(f"dmap_{s}" for s in SERVICES)
        await conn.execute(f"GRANT USAGE ON SCHEMA auth TO {roles}")
        # Least privilege: a service only stamps `last_used_at`; role, revocation and
        # hash change through `dmap token` as the administrator. The table-wide UPDATE
        # of earlier versions is revoked first (it would outrank the column grant).
        await conn.execute(f"REVOKE UPDATE ON auth.tokens FROM {roles}")
        # SELECT stays table-wide: verifying a token reads its role and municipalities,
        # and planning reads both to check who decided (tests/integration/test_database_roles).
        await conn.execute(f"GRANT SELECT ON auth.tokens TO {roles}")
        await conn.execute(f"GRANT UPDATE (last_used_at) ON auth.tokens TO {roles}")
        await conn.execute(f"GRANT SELECT ON auth.schema_migrations TO {roles}")
        # Workspace sessions are reporting's: open, look up (stamping last_seen_at), end.
        await conn.execute("GRANT SELECT, INSERT, DELETE ON auth.sessions TO dmap_reporting")
        await conn.execute("GRANT UPDATE (last_seen_at) ON auth.sessions TO dmap_reporting")
        # Monitoring looks up a session the workspace forwards (a school team's form).
        await conn.execute("GRANT SELECT ON auth.sessions TO dmap_monitoring")
        await conn.execute("GRANT UPDATE (last_seen_at) ON auth.sessions TO dmap_monitoring")
    finally:
        await conn.close()

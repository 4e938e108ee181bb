"""A token's municipality scope, on real PostgreSQL: stored, verified, listed, kept by sessions.

No services are needed: the session's provisioning has migrated `auth` and
granted the service roles, which is what the services rely on.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import asyncpg
import pytest

from dmap.stack.postgres_node import drop_database, ensure_database
from dmap.stack.provision import with_local_secrets
from dmap.tokens import create_token, list_tokens
from services.runtime.auth import sessions, tokens
from services.runtime.auth.http import MIGRATIONS
from services.runtime.auth.roles import Role
from services.runtime.database import apply_migrations, create_pool
from services.runtime.settings import Settings


@pytest.fixture
async def as_reporting(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A connection as the reporting service's role, which verifies tokens and sessions."""
    conn = await asyncpg.connect(with_local_secrets(settings).service_dsn("reporting"))
    try:
        yield conn
    finally:
        await conn.close()


async def test_a_scoped_token_round_trips(
    settings: Settings, as_reporting: asyncpg.Connection
) -> None:
    token_id, secret = await create_token(
        settings, "DKA Prizren", Role.PLANNER, municipalities=["prizren", "dragash", "prizren"]
    )
    found = await tokens.verify(as_reporting, secret)
    assert isinstance(found, tokens.Principal)
    assert (found.token_id, found.role) == (token_id, Role.PLANNER)
    assert found.municipalities == frozenset({"prizren", "dragash"})

    stored = await as_reporting.fetchval(
        "SELECT municipalities FROM auth.tokens WHERE token_id = $1", token_id
    )
    assert stored == ["dragash", "prizren"]  # sorted, without duplicates

    listed = {t.token_id: t for t in await list_tokens(settings)}
    assert listed[token_id].municipalities == ("dragash", "prizren")

    session_id = await sessions.open_session(as_reporting, found, ttl_s=60)
    again = await sessions.resolve(as_reporting, session_id, idle_s=60)
    assert again == found


async def test_a_token_for_every_municipality_has_no_scope(
    settings: Settings, as_reporting: asyncpg.Connection
) -> None:
    token_id, secret = await create_token(settings, "MESTI reviewer", Role.REVIEWER)
    found = await tokens.verify(as_reporting, secret)
    assert isinstance(found, tokens.Principal)
    assert found.role == Role.REVIEWER
    assert found.municipalities is None
    listed = {t.token_id: t for t in await list_tokens(settings)}
    assert listed[token_id].municipalities is None


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_may_be_stored(settings: Settings, role: Role) -> None:
    school = "SHFMU Ismail Qemali" if role == Role.SCHOOL_TEAM else None
    organisation = "mediator" if role == Role.PARTNER else None
    scope = ["ferizaj"] if school else None
    _, secret = await create_token(
        settings,
        f"any {role}",
        role,
        municipalities=scope,
        school=school,
        organisation=organisation,
    )
    pool = await create_pool(settings.dsn, 1)
    try:
        async with pool.acquire() as conn:
            found = await tokens.verify(conn, secret)
    finally:
        await pool.close()
    assert isinstance(found, tokens.Principal)
    assert found.role == role
    assert found.school == school
    assert found.organisation == organisation


@pytest.fixture
async def before_scopes(settings: Settings, tmp_path: Path) -> AsyncIterator[asyncpg.Pool]:
    """A database of its own whose `auth` schema has only the migrations before 004."""
    old = tmp_path / "migrations"
    old.mkdir()
    for path in sorted(MIGRATIONS.glob("*.sql")):
        if path.name < "004":
            shutil.copy(path, old / path.name)
    name = f"{settings.database_name}_upgrade_{uuid4().hex[:6]}"
    await ensure_database(settings, name)
    own = settings.model_copy(update={"database_name": name})
    pool = await create_pool(own.dsn, 2)
    try:
        assert await apply_migrations(pool, "auth", old) == [
            "001_tokens",
            "002_token_expiry",
            "003_sessions",
        ]
        yield pool
    finally:
        await pool.close()
        await drop_database(settings, name)


async def test_tokens_issued_before_scopes_keep_working(before_scopes: asyncpg.Pool) -> None:
    secret = tokens.PREFIX + uuid4().hex
    async with before_scopes.acquire() as conn:
        # As the code before scopes inserted a token (no municipalities column yet).
        await conn.execute(
            "INSERT INTO auth.tokens (token_id, name, role, token_sha256) VALUES ($1, $2, $3, $4)",
            uuid4(),
            "old planner",
            "planner",
            tokens.digest(secret),
        )
        with pytest.raises(asyncpg.CheckViolationError):  # the old constraint is in force
            await conn.execute(
                "INSERT INTO auth.tokens (token_id, name, role, token_sha256) "
                "VALUES ($1, 'x', 'approver', 'x')",
                uuid4(),
            )
    upgraded = await apply_migrations(before_scopes, "auth", MIGRATIONS)
    assert upgraded == ["004_scopes", "005_school_team", "006_reporters"]
    async with before_scopes.acquire() as conn:
        found = await tokens.verify(conn, secret)
        assert isinstance(found, tokens.Principal)
        assert (found.name, found.role, found.municipalities) == ("old planner", Role.PLANNER, None)
        approver, _ = await tokens.create(conn, "MED director", Role.APPROVER, None, ["prizren"])
        assert approver.municipalities == {"prizren"}
        checks = await conn.fetch(
            "SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'auth.tokens'::regclass AND contype = 'c' ORDER BY conname"
        )
        assert [c["conname"] for c in checks] == [
            "tokens_municipalities_check",
            "tokens_organisation_check",
            "tokens_role_check",
            "tokens_school_check",
        ]
        for role, scope in (("superuser", None), ("planner", []), ("planner", ["prizren", None])):
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute(
                    "INSERT INTO auth.tokens (token_id, name, role, token_sha256, municipalities) "
                    "VALUES ($1, 'x', $2, $3, $4)",
                    uuid4(),
                    role,
                    uuid4().hex,
                    scope,
                )


def dmap_token(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DMAP_DATABASE_NAME": settings.database_name}
    return subprocess.run(
        [sys.executable, "-m", "dmap.cli", "token", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_cli_creates_and_lists_a_scoped_token(settings: Settings) -> None:
    created = dmap_token(
        settings,
        "create",
        "--role",
        "approver",
        "--name",
        "MED Prizren",
        "--municipality",
        "prizren,dragash",
    )
    assert created.returncode == 0, created.stderr
    assert "acts for: dragash,prizren" in created.stdout
    reviewer = dmap_token(settings, "create", "--role", "reviewer", "--name", "MESTI by cli")
    assert reviewer.returncode == 0, reviewer.stderr
    assert "acts for: all municipalities" in reviewer.stdout
    listed = dmap_token(settings, "list")
    line = next(x for x in listed.stdout.splitlines() if x.endswith("MED Prizren"))
    assert "approver" in line
    assert "for dragash,prizren" in line
    everyone = next(x for x in listed.stdout.splitlines() if x.endswith("MESTI by cli"))
    assert "for all municipalities" in everyone


def test_the_cli_names_a_bad_code_and_creates_nothing(settings: Settings) -> None:
    refused = dmap_token(
        settings, "create", "--role", "planner", "--name", "typo", "--municipality", "prizern"
    )
    assert refused.returncode == 2
    assert "unknown municipality code 'prizern'" in refused.stderr
    assert "Traceback" not in refused.stderr
    listed = dmap_token(settings, "list")
    assert not any(x.endswith("typo") for x in listed.stdout.splitlines())

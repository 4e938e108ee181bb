"""Each service logs in as its own role, with rights on its own schema only."""

import asyncpg
import pytest

from dmap.stack.provision import with_local_secrets
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings

OWN = {
    "consultations": "consultations.records",
    "planning": "planning.plans",
    "reporting": "reporting.latest_plans",
    "monitoring": "monitoring.tracked_actions",
}


@pytest.mark.parametrize("service", sorted(OWN))
async def test_a_service_role_reads_its_schema_and_nothing_else(
    settings: Settings, running_services: object, service: str
) -> None:
    dsn = with_local_secrets(settings).service_dsn(service)
    assert f"dmap_{service}:" in dsn
    conn = await asyncpg.connect(dsn)
    try:
        assert await conn.fetchval("SELECT current_user") == f"dmap_{service}"
        await conn.fetchval(f"SELECT count(*) FROM {OWN[service]}")
        assert await conn.fetchval("SELECT count(*) FROM auth.tokens") >= 0
        for other, table in OWN.items():
            if other == service:
                continue
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.fetchval(f"SELECT count(*) FROM {table}")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM auth.tokens")
    finally:
        await conn.close()


@pytest.mark.parametrize("service", sorted(OWN))
async def test_a_service_role_may_only_stamp_last_used_at_on_tokens(
    settings: Settings, tokens: dict[str, str], service: str
) -> None:
    """Breaking into one service must not let it promote, un-revoke or re-key a token."""
    dsn = with_local_secrets(settings).service_dsn(service)
    conn = await asyncpg.connect(dsn)
    try:
        token_id = await conn.fetchval("SELECT token_id FROM auth.tokens LIMIT 1")
        for assignment in (
            "role = 'admin'",
            "revoked_at = NULL",
            "token_sha256 = token_sha256",
            "name = 'renamed'",
            "municipalities = NULL",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    f"UPDATE auth.tokens SET {assignment} WHERE token_id = $1", token_id
                )
        done = await conn.execute(
            "UPDATE auth.tokens SET last_used_at = now() WHERE token_id = $1", token_id
        )
        assert done == "UPDATE 1"
    finally:
        await conn.close()


@pytest.mark.parametrize("service", sorted(OWN))
async def test_a_service_role_reads_a_tokens_scope_but_may_not_change_it(
    settings: Settings, service: str
) -> None:
    """Planning checks who decided from these columns; widening a scope stays the admin's."""
    token_id, _ = await create_token(
        settings, "scoped approver", Role.APPROVER, municipalities=["prizren"]
    )
    conn = await asyncpg.connect(with_local_secrets(settings).service_dsn(service))
    try:
        row = await conn.fetchrow(
            "SELECT role, revoked_at, expires_at, municipalities, name FROM auth.tokens "
            "WHERE token_id = $1",
            token_id,
        )
        assert row is not None
        assert (row["role"], row["municipalities"]) == ("approver", ["prizren"])
        for assignment in (
            "municipalities = NULL",
            "municipalities = array_append(municipalities, 'dragash')",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    f"UPDATE auth.tokens SET {assignment} WHERE token_id = $1", token_id
                )
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "INSERT INTO auth.tokens (token_id, name, role, token_sha256, municipalities) "
                "VALUES (gen_random_uuid(), 'forged', 'admin', 'x', NULL)"
            )
    finally:
        await conn.close()

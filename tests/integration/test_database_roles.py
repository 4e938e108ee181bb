"""Each service logs in as its own role, with rights on its own schema only."""

import asyncpg
import pytest

from dmap.stack.provision import with_local_secrets
from services.runtime.settings import Settings

OWN = {
    "consultations": "consultations.records",
    "planning": "planning.plans",
    "reporting": "reporting.latest_plans",
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

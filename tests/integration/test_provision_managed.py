"""`dmap provision` as a managed server's administrator: CREATEROLE, no superuser.

Roles are cluster-wide, so this runs on a throwaway PostgreSQL cluster of its own
(the machine's initdb, as the local stack uses) rather than on the shared one.
"""

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from pydantic import SecretStr

from dmap.stack.isolated import free_port
from dmap.stack.postgres_node import PASSWORD, PostgresNode
from dmap.stack.provision import provision
from services.consultations.app import MIGRATIONS as CONSULTATIONS
from services.monitoring.app import MIGRATIONS as MONITORING
from services.planning.app import MIGRATIONS as PLANNING
from services.reporting.app import HERE as REPORTING_HOME
from services.runtime.database import apply_migrations, create_pool
from services.runtime.settings import Settings

PASSWORDS = {
    "DMAP_CONSULTATIONS_DB_PASSWORD": "c-pw",
    "DMAP_PLANNING_DB_PASSWORD": "p-pw",
    "DMAP_REPORTING_DB_PASSWORD": "r-pw",
    "DMAP_MONITORING_DB_PASSWORD": "m-pw",
}


@pytest.fixture
def cluster() -> Iterator[Settings]:
    home = Path(tempfile.mkdtemp(prefix="dmap-managed-pg-"))
    home.chmod(0o755)  # initdb runs as the postgres user when the tests run as root
    settings = Settings(home=home, pg_port=free_port(), database_name="postgres")
    node = PostgresNode(settings)
    try:
        node.up()
        yield settings
    finally:
        node.down()
        shutil.rmtree(home, ignore_errors=True)


async def test_provision_without_superuser(cluster: Settings) -> None:
    root = f"postgresql://dmap:{PASSWORD}@{cluster.host}:{cluster.pg_port}"
    conn = await asyncpg.connect(f"{root}/postgres")
    try:  # what RDS, Cloud SQL or Azure hand out: CREATEROLE and a database it owns
        await conn.execute("CREATE ROLE operator LOGIN CREATEROLE PASSWORD 'op-pw'")
        await conn.execute("CREATE DATABASE managed OWNER operator")
    finally:
        await conn.close()
    admin = cluster.model_copy(
        update={
            "database_url": f"postgresql://operator:op-pw@{cluster.host}:{cluster.pg_port}/managed"
        }
    )
    await provision(admin, PASSWORDS)
    services = admin.model_copy(
        update={
            f"{s}_db_password": SecretStr(PASSWORDS[f"DMAP_{s.upper()}_DB_PASSWORD"])
            for s in ("consultations", "planning", "reporting", "monitoring")
        }
    )
    # Each service migrates its own schema as its own role, as at start-up.
    for service, migrations in (
        ("consultations", CONSULTATIONS),
        ("planning", PLANNING),
        ("reporting", REPORTING_HOME / "migrations"),
        ("monitoring", MONITORING),
    ):
        pool = await create_pool(services.service_dsn(service), 1)
        try:
            assert await apply_migrations(pool, service, migrations, outbox=True)
            assert await pool.fetchval("SELECT current_user") == f"dmap_{service}"
            assert await pool.fetchval("SELECT count(*) FROM auth.tokens") == 0
        finally:
            await pool.close()
    await provision(admin, PASSWORDS)  # again, now that the schemas hold tables: idempotent

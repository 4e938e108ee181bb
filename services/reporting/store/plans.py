"""SQL for the plan read models; functions take a connection and never commit."""

from typing import Any

import asyncpg

from schemas.plans import PlanDraftedEvent, PlanRevisedEvent

_VERSION = """
INSERT INTO reporting.plan_versions
    (plan_id, version, event_id, event_type, municipality, cycle, content, event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT DO NOTHING
RETURNING plan_id
"""
_LATEST = """
INSERT INTO reporting.latest_plans (plan_id, municipality, cycle, version, status, content,
                                    updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, status = excluded.status, content = excluded.content,
    updated_at = excluded.updated_at
WHERE reporting.latest_plans.version < excluded.version
"""
_LIST = """
SELECT DISTINCT ON (municipality) plan_id, municipality, cycle, version, status, content,
       updated_at
FROM reporting.latest_plans ORDER BY municipality, cycle DESC
"""
_ONE = """
SELECT plan_id, municipality, cycle, version, status, content, updated_at
FROM reporting.latest_plans WHERE municipality = $1 ORDER BY cycle DESC LIMIT 1
"""


async def project(conn: asyncpg.Connection, event: PlanDraftedEvent | PlanRevisedEvent) -> bool:
    """Apply one plan event; False when it was already projected."""
    plan = event.data.plan
    content = plan.model_dump(mode="json")
    new = await conn.fetchval(
        _VERSION,
        plan.plan_id,
        plan.version,
        event.id,
        event.type,
        plan.municipality.value,
        plan.cycle,
        content,
        event.time,
    )
    if new is None:
        return False
    await conn.execute(
        _LATEST,
        plan.plan_id,
        plan.municipality.value,
        plan.cycle,
        plan.version,
        plan.status,
        content,
        event.time,
    )
    return True


async def latest_per_municipality(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch(_LIST)]


async def latest_for(conn: asyncpg.Connection, municipality: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(_ONE, municipality)
    return dict(row) if row else None

"""SQL for the current plan per municipality and cycle, and its versions."""

from dataclasses import dataclass

import asyncpg

from schemas.plans import Plan

_CURRENT = """
SELECT version, status, content_hash FROM planning.plans WHERE plan_id = $1 FOR UPDATE
"""
_UPSERT = """
INSERT INTO planning.plans (plan_id, municipality, cycle, version, status, content_hash, content)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, status = excluded.status,
    content_hash = excluded.content_hash, content = excluded.content, updated_at = now()
"""
_VERSION = "INSERT INTO planning.plan_versions (plan_id, version, content) VALUES ($1, $2, $3)"


@dataclass(frozen=True, slots=True)
class CurrentPlan:
    version: int
    status: str
    content_hash: str


async def current(conn: asyncpg.Connection, plan_id: str) -> CurrentPlan | None:
    """The current version, locked until the caller's transaction ends."""
    row = await conn.fetchrow(_CURRENT, plan_id)
    return CurrentPlan(row["version"], row["status"], row["content_hash"]) if row else None


async def save(conn: asyncpg.Connection, plan: Plan, content_hash: str) -> None:
    content = plan.model_dump(mode="json")
    await conn.execute(
        _UPSERT,
        plan.plan_id,
        plan.municipality.value,
        plan.cycle,
        plan.version,
        plan.status,
        content_hash,
        content,
    )
    await conn.execute(_VERSION, plan.plan_id, plan.version, content)

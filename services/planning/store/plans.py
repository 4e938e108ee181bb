"""SQL for the current plan per municipality and cycle, its versions and reviews."""

from uuid import UUID

import asyncpg

from schemas.plans import Plan, PlanStatus

_CURRENT = "SELECT content, content_hash FROM planning.plans WHERE plan_id = $1 FOR UPDATE"
_UPSERT = """
INSERT INTO planning.plans
    (plan_id, municipality, cycle, version, status, content_hash, content, last_approved_version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, status = excluded.status, content_hash = excluded.content_hash,
    content = excluded.content, last_approved_version = excluded.last_approved_version,
    updated_at = now()
"""
_STALE = """
SELECT municipality, cycle FROM planning.plans
WHERE content->>'catalogue_version' IS DISTINCT FROM $1
   OR content->>'rules_version' IS DISTINCT FROM $2
   OR content->>'engine_version' IS DISTINCT FROM $3
ORDER BY plan_id
"""
_VERSION = "INSERT INTO planning.plan_versions (plan_id, version, content) VALUES ($1, $2, $3)"
_STATUS = """
UPDATE planning.plans SET status = $2, content = jsonb_set(content, '{status}', to_jsonb($2::text)),
    updated_at = now()
WHERE plan_id = $1
"""
_REVIEW = """
INSERT INTO planning.reviews (review_id, plan_id, version, decision, reviewer, outcome, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (review_id) DO NOTHING RETURNING review_id
"""


async def current(conn: asyncpg.Connection, plan_id: str) -> tuple[Plan, str] | None:
    """The current plan and its content hash, locked until the transaction ends."""
    row = await conn.fetchrow(_CURRENT, plan_id)
    return (Plan.model_validate(row["content"]), row["content_hash"]) if row else None


async def drafted_with_other_versions(
    conn: asyncpg.Connection, catalogue_version: str, rules_version: str, engine_version: str
) -> list[tuple[str, str]]:
    """(municipality, cycle) of plans drafted with another catalogue, rules or engine."""
    rows = await conn.fetch(_STALE, catalogue_version, rules_version, engine_version)
    return [(r["municipality"], r["cycle"]) for r in rows]


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
        plan.last_approved_version,
    )
    await conn.execute(_VERSION, plan.plan_id, plan.version, content)


async def set_status(conn: asyncpg.Connection, plan_id: str, status: PlanStatus) -> None:
    await conn.execute(_STATUS, plan_id, status)


async def record_review(
    conn: asyncpg.Connection,
    review_id: UUID,
    plan_id: str,
    version: int,
    decision: str,
    reviewer: str,
    outcome: str,
    reason: str | None,
) -> bool:
    """Remember a review; False when this review id was already handled."""
    return (
        await conn.fetchval(
            _REVIEW, review_id, plan_id, version, decision, reviewer, outcome, reason
        )
        is not None
    )

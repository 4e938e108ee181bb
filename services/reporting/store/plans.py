"""SQL for the plan read models, inside the caller's unit of work (never commits)."""

from typing import Any

from schemas.plans import PlanDraftedEvent, PlanRevisedEvent, PlanStatusChangedEvent
from services.runtime.connections import Connection
from services.runtime.subscriber import ConflictingEvent

_VERSION = """
INSERT INTO reporting.plan_versions
    (plan_id, version, event_id, event_type, municipality, cycle, content, event_time, diff,
     status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT DO NOTHING RETURNING event_id
"""
_HOLDER = "SELECT event_id FROM reporting.plan_versions WHERE plan_id = $1 AND version = $2"
_LATEST = """
INSERT INTO reporting.latest_plans (plan_id, municipality, cycle, version, status, content,
                                    updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, status = excluded.status, content = excluded.content,
    updated_at = excluded.updated_at
WHERE reporting.latest_plans.version < excluded.version
"""
_STATUS_LATEST = """
UPDATE reporting.latest_plans
SET status = $3, content = jsonb_set(content, '{status}', to_jsonb($3::text)), updated_at = $4
WHERE plan_id = $1 AND version = $2
"""
_STATUS_VERSION = """
UPDATE reporting.plan_versions
SET status = $3, content = jsonb_set(content, '{status}', to_jsonb($3::text))
WHERE plan_id = $1 AND version = $2
"""
_STATUS_LOG = """
INSERT INTO reporting.status_changes
    (event_id, plan_id, version, previous_status, status, reviewer, comment, event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
_VERSION_OF = """
SELECT version, status, content, event_time FROM reporting.plan_versions
WHERE plan_id = $1 AND version = $2
"""
_HISTORY = """
SELECT version, status, event_type, event_time, diff FROM reporting.plan_versions
WHERE plan_id = $1 ORDER BY version
"""


class PlanReadModels:
    """Plan versions, the latest plan per municipality and the status log."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def project_version(self, event: PlanDraftedEvent | PlanRevisedEvent) -> None:
        """A drafted or revised version: kept in the history; the latest only moves forward."""
        plan = event.data.plan
        content = plan.model_dump(mode="json")
        diff = (
            event.data.diff.model_dump(mode="json")
            if isinstance(event, PlanRevisedEvent) and event.data.diff
            else None
        )
        inserted = await self._conn.fetchval(
            _VERSION,
            plan.plan_id,
            plan.version,
            event.id,
            event.type,
            plan.municipality.value,
            plan.cycle,
            content,
            event.time,
            diff,
            plan.status,
        )
        if inserted is None:  # a redelivery was recognised by its event id before this
            holder = await self._conn.fetchval(_HOLDER, plan.plan_id, plan.version)
            raise ConflictingEvent(
                f"version {plan.version} of {plan.plan_id} is already event {holder}; "
                f"event {event.id} says otherwise: kept the first, dead-lettered this one"
            )
        await self._conn.execute(
            _LATEST,
            plan.plan_id,
            plan.municipality.value,
            plan.cycle,
            plan.version,
            plan.status,
            content,
            event.time,
        )

    async def project_status(self, event: PlanStatusChangedEvent) -> None:
        c = event.data
        await self._conn.execute(_STATUS_LATEST, c.plan_id, c.version, c.status, event.time)
        await self._conn.execute(_STATUS_VERSION, c.plan_id, c.version, c.status)
        await self._conn.execute(
            _STATUS_LOG,
            event.id,
            c.plan_id,
            c.version,
            c.previous_status,
            c.status,
            c.reviewer,
            c.comment,
            event.time,
        )

    async def latest_per_municipality(self) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._conn.fetch(_LIST)]

    async def latest_for(self, municipality: str) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(_ONE, municipality)
        return dict(row) if row else None

    async def version_of(self, plan_id: str, version: int) -> dict[str, Any] | None:
        """One version as it was issued (its status kept current by review decisions)."""
        row = await self._conn.fetchrow(_VERSION_OF, plan_id, version)
        return dict(row) if row else None

    async def history(self, plan_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._conn.fetch(_HISTORY, plan_id)]

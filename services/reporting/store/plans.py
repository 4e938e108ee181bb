"""SQL for the plan read models, inside the caller's unit of work (never commits).

`latest_plans` holds each plan's working draft (newest revision) and the plan's
status; `plan_versions` the issued versions, frozen but for status and adoption.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from schemas.plans import (
    Plan,
    PlanDraftedEvent,
    PlanRequestRefusedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from services.runtime.connections import Connection
from services.runtime.database import RawJson
from services.runtime.subscriber import ConflictingEvent

_DRAFT = """
INSERT INTO reporting.latest_plans (plan_id, municipality, cycle, version, revision, status,
                                    content, updated_at)
VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, revision = excluded.revision, content = excluded.content,
    updated_at = excluded.updated_at
WHERE reporting.latest_plans.revision < excluded.revision
"""
_REVISION = """
INSERT INTO reporting.draft_revisions (event_id, plan_id, revision, diff, event_time)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id
"""
_REVISION_HOLDER = """
SELECT event_id FROM reporting.draft_revisions WHERE plan_id = $1 AND revision = $2
"""
_VERSION = """
INSERT INTO reporting.plan_versions
    (plan_id, version, event_id, event_type, municipality, cycle, content, event_time, diff,
     status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT DO NOTHING RETURNING event_id
"""
_HOLDER = "SELECT event_id FROM reporting.plan_versions WHERE plan_id = $1 AND version = $2"
_PLAN_STATUS = """
UPDATE reporting.latest_plans SET status = $2,
    adopted_version = CASE WHEN $2 = 'approved' THEN $3 ELSE adopted_version END
WHERE plan_id = $1
"""
_STATUS_VERSION = """
UPDATE reporting.plan_versions
SET status = $3, adoption = $4::jsonb,
    content = jsonb_set(jsonb_set(content, '{status}', to_jsonb($3::text)), '{adoption}',
                        COALESCE($4::jsonb, 'null'::jsonb))
WHERE plan_id = $1 AND version = $2
"""
_STATUS_LOG = """
INSERT INTO reporting.status_changes
    (event_id, plan_id, version, previous_status, status, reviewer, comment, event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
"""
_OUTCOME = """
INSERT INTO reporting.request_outcomes (request_id, outcome, reason, event_time)
VALUES ($1, $2, $3, $4)
ON CONFLICT (request_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason
WHERE excluded.outcome = 'refused'
"""
_COLUMNS = (
    "plan_id, municipality, cycle, version, revision, status, adopted_version, content, updated_at"
)
_LIST = f"""
SELECT DISTINCT ON (municipality) {_COLUMNS}
FROM reporting.latest_plans ORDER BY municipality, cycle DESC
"""
_ONE = f"""
SELECT {_COLUMNS} FROM reporting.latest_plans WHERE municipality = $1
ORDER BY cycle DESC LIMIT 1
"""
_VERSION_OF = """
SELECT version, status, content, event_time, adoption FROM reporting.plan_versions
WHERE plan_id = $1 AND version = $2
"""
_HISTORY = """
SELECT version, status, event_type, event_time, diff, adoption,
       content->'issued' AS issued FROM reporting.plan_versions
WHERE plan_id = $1 ORDER BY version
"""
_REVISIONS = """
SELECT revision, event_time, diff FROM reporting.draft_revisions
WHERE plan_id = $1 ORDER BY revision DESC LIMIT $2
"""
_OUTCOMES = """
SELECT request_id, outcome, reason FROM reporting.request_outcomes
WHERE request_id = any($1::uuid[])
"""


class PlanReadModels:
    """Working drafts, issued versions, the status log and what came of each request."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def project_draft(self, event: PlanDraftedEvent | PlanRevisedEvent) -> None:
        """A working-draft revision: the newest wins; its diff is kept for the history.

        A second, different event for a revision already seen is refused (a redelivery
        of the same event was recognised by its id before this).
        """
        plan = event.data.plan
        diff = event.data.diff if isinstance(event, PlanRevisedEvent) else None
        inserted = await self._conn.fetchval(
            _REVISION,
            event.id,
            plan.plan_id,
            plan.revision,
            RawJson(diff.model_dump_json()) if diff else None,
            event.time,
        )
        if inserted is None:
            holder = await self._conn.fetchval(_REVISION_HOLDER, plan.plan_id, plan.revision)
            raise ConflictingEvent(
                f"revision {plan.revision} of {plan.plan_id} is already event {holder}; "
                f"event {event.id} says otherwise: kept the first, dead-lettered this one"
            )
        await self.restore_draft(plan, event.time)

    async def restore_draft(self, plan: Plan, at: datetime) -> None:
        """The working draft row, and its amendments settled as applied (planning applied
        them); from a snapshot this is all `project_draft` does but the diff."""
        await self._conn.execute(
            _DRAFT,
            plan.plan_id,
            plan.municipality.value,
            plan.cycle,
            plan.version,
            plan.revision,
            RawJson(plan.model_dump_json()),
            at,
        )
        for a in plan.amendments:
            await self.settle(a.amendment_id, "applied", None, at)

    async def project_issued(self, event: PlanVersionIssuedEvent) -> None:
        """A version issued for review: kept for good; a second, different one is refused."""
        plan = event.data.plan
        diff = event.data.diff
        inserted = await self._conn.fetchval(
            _VERSION,
            plan.plan_id,
            plan.version,
            event.id,
            event.type,
            plan.municipality.value,
            plan.cycle,
            RawJson(plan.model_dump_json()),
            event.time,
            RawJson(diff.model_dump_json()) if diff else None,
            plan.status,
        )
        if inserted is None:  # a redelivery was recognised by its event id before this
            holder = await self._conn.fetchval(_HOLDER, plan.plan_id, plan.version)
            raise ConflictingEvent(
                f"version {plan.version} of {plan.plan_id} is already event {holder}; "
                f"event {event.id} says otherwise: kept the first, dead-lettered this one"
            )
        await self._conn.execute(_PLAN_STATUS, plan.plan_id, plan.status, plan.version)
        if plan.issued is not None:
            await self.settle(plan.issued.review_id, "applied", None, event.time)

    async def project_status(self, event: PlanStatusChangedEvent) -> None:
        c = event.data
        adoption = c.adoption.model_dump(mode="json") if c.adoption else None
        await self._conn.execute(_STATUS_VERSION, c.plan_id, c.version, c.status, adoption)
        await self._conn.execute(_PLAN_STATUS, c.plan_id, c.status, c.version)
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
        await self.settle(c.review_id, "applied", None, event.time)

    async def project_refusal(self, event: PlanRequestRefusedEvent) -> None:
        r = event.data
        await self.settle(r.request_id, "refused", r.reason, event.time)

    async def settle(self, request_id: UUID, outcome: str, reason: str | None, at: Any) -> None:
        await self._conn.execute(_OUTCOME, request_id, outcome, reason, at)

    async def outcomes(self, ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        rows = await self._conn.fetch(_OUTCOMES, ids)
        return {r["request_id"]: {"outcome": r["outcome"], "reason": r["reason"]} for r in rows}

    async def latest_per_municipality(self) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._conn.fetch(_LIST)]

    async def latest_for(self, municipality: str) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(_ONE, municipality)
        return dict(row) if row else None

    async def version_of(self, plan_id: str, version: int) -> dict[str, Any] | None:
        """One issued version as it was issued (its status kept current by decisions)."""
        row = await self._conn.fetchrow(_VERSION_OF, plan_id, version)
        return dict(row) if row else None

    async def revisions(self, plan_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """The working draft's latest revisions, newest first, with what each changed."""
        return [dict(r) for r in await self._conn.fetch(_REVISIONS, plan_id, limit)]

    async def history(self, plan_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._conn.fetch(_HISTORY, plan_id)]

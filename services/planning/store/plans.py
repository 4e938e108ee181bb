"""SQL for the current plan per municipality and cycle, its versions and reviews."""

from schemas.plans import Plan, PlanStatus
from schemas.reviews import ReviewRecorded
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import content_hash
from services.runtime.connections import Connection

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
INSERT INTO planning.reviews
    (review_id, plan_id, version, decision, reviewer, outcome, reason, reviewer_token_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (review_id) DO NOTHING RETURNING review_id
"""


class PostgresPlans:
    """The plans table inside the unit of work's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def current(self, plan_id: str) -> CurrentPlan | None:
        """The current plan and its content hash, locked until the transaction ends."""
        row = await self._conn.fetchrow(_CURRENT, plan_id)
        if row is None:
            return None
        return CurrentPlan(Plan.model_validate(row["content"]), row["content_hash"])

    async def drafted_with_other_versions(
        self, catalogue_version: str, rules_version: str, engine_version: str
    ) -> list[PlanKey]:
        """Plans drafted with another catalogue, rule set or engine."""
        rows = await self._conn.fetch(_STALE, catalogue_version, rules_version, engine_version)
        return [PlanKey(r["municipality"], r["cycle"]) for r in rows]

    async def save(self, plan: Plan) -> None:
        """A new current version, kept in the version history too."""
        content = plan.model_dump(mode="json")
        await self._conn.execute(
            _UPSERT,
            plan.plan_id,
            plan.municipality.value,
            plan.cycle,
            plan.version,
            plan.status,
            content_hash(plan),
            content,
            plan.last_approved_version,
        )
        await self._conn.execute(_VERSION, plan.plan_id, plan.version, content)

    async def set_status(self, plan_id: str, status: PlanStatus) -> None:
        await self._conn.execute(_STATUS, plan_id, status)

    async def record_review(self, review: ReviewRecorded, refusal: Refusal | None) -> bool:
        """Remember a review and what came of it; False when this review id was handled."""
        found = await self._conn.fetchval(
            _REVIEW,
            review.review_id,
            review.plan_id,
            review.version,
            review.decision,
            review.reviewer,
            "refused" if refusal else "applied",
            refusal.reason if refusal else None,
            review.reviewer_token_id,
        )
        return found is not None

"""SQL for each plan's working draft, its issued versions and the reviews applied."""

from schemas.plans import Adoption, Plan, PlanStatus
from schemas.reviews import ReviewRecorded
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import content_hash
from services.runtime.connections import Connection
from services.runtime.database import RawJson

# Contents as text, parsed by pydantic itself (read on every re-plan).
_CURRENT = """
SELECT content::text AS content, content_hash, status, adopted_version FROM planning.plans
WHERE plan_id = $1 FOR UPDATE
"""
_LATEST_ISSUED = """
SELECT content::text FROM planning.plan_versions WHERE plan_id = $1
ORDER BY version DESC LIMIT 1
"""
_UPSERT = """
INSERT INTO planning.plans
    (plan_id, municipality, cycle, version, revision, status, content_hash, content,
     last_approved_version)
VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, revision = excluded.revision,
    content_hash = excluded.content_hash, content = excluded.content,
    last_approved_version = excluded.last_approved_version, updated_at = now()
"""
_STALE = """
SELECT municipality, cycle FROM planning.plans
WHERE content->>'catalogue_version' IS DISTINCT FROM $1
   OR content->>'rules_version' IS DISTINCT FROM $2
   OR content->>'engine_version' IS DISTINCT FROM $3
   OR coalesce(content->>'model_version', '') IS DISTINCT FROM $4
ORDER BY plan_id
"""
_ISSUE = """
INSERT INTO planning.plan_versions (plan_id, version, content, status)
VALUES ($1, $2, $3, 'in_review')
"""
_PLAN_STATUS = """
UPDATE planning.plans SET status = $2,
    adopted_version = CASE WHEN $2 = 'approved' THEN $3 ELSE adopted_version END,
    updated_at = now()
WHERE plan_id = $1
"""
_VERSION_STATUS = """
UPDATE planning.plan_versions
SET status = $3,
    content = jsonb_set(jsonb_set(content, '{status}', to_jsonb($3::text)), '{adoption}',
                        COALESCE($4::jsonb, 'null'::jsonb))
WHERE plan_id = $1 AND version = $2
"""
_REVIEW = """
INSERT INTO planning.reviews
    (review_id, plan_id, version, decision, reviewer, outcome, reason, reviewer_token_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (review_id) DO NOTHING RETURNING review_id
"""


class PostgresPlans:
    """The plans tables inside the unit of work's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def current(self, plan_id: str) -> CurrentPlan | None:
        """The working draft and the latest issued version, locked until the transaction ends."""
        row = await self._conn.fetchrow(_CURRENT, plan_id)
        if row is None:
            return None
        issued = await self._conn.fetchval(_LATEST_ISSUED, plan_id)
        return CurrentPlan(
            Plan.model_validate_json(row["content"]),
            row["content_hash"],
            row["status"],
            Plan.model_validate_json(issued) if issued is not None else None,
            row["adopted_version"],
        )

    async def drafted_with_other_versions(
        self, catalogue_version: str, rules_version: str, engine_version: str, model_version: str
    ) -> list[PlanKey]:
        """Plans drafted with another catalogue, rule set, model or engine."""
        versions = (catalogue_version, rules_version, engine_version, model_version)
        rows = await self._conn.fetch(_STALE, *versions)
        return [PlanKey(r["municipality"], r["cycle"]) for r in rows]

    async def save(self, plan: Plan) -> None:
        """The working draft's new revision (the plan's status is its issued versions')."""
        await self._conn.execute(
            _UPSERT,
            plan.plan_id,
            plan.municipality.value,
            plan.cycle,
            plan.version,
            plan.revision,
            content_hash(plan),
            RawJson(plan.model_dump_json()),
            plan.last_approved_version,
        )

    async def issue(self, plan: Plan) -> None:
        """A version issued for review: frozen from here on but for its status."""
        await self._conn.execute(
            _ISSUE, plan.plan_id, plan.version, RawJson(plan.model_dump_json())
        )
        await self._conn.execute(_PLAN_STATUS, plan.plan_id, "in_review", plan.version)

    async def set_status(
        self, plan_id: str, version: int, status: PlanStatus, adoption: Adoption | None
    ) -> None:
        record = adoption.model_dump(mode="json") if adoption else None
        await self._conn.execute(_VERSION_STATUS, plan_id, version, status, record)
        await self._conn.execute(_PLAN_STATUS, plan_id, status, version)

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

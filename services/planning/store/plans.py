"""SQL for each plan's working draft, its issued versions and the reviews applied."""

from collections import OrderedDict
from dataclasses import dataclass

from schemas.plans import Adoption, Plan, PlanStatus
from schemas.reviews import ReviewRecorded
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import content_hash
from services.runtime.connections import Connection
from services.runtime.database import RawJson

# Read on every re-plan. The contents as text, parsed by pydantic itself, and only if the
# row is not the version this process last wrote or read ($2-$4: its xmin, revision and
# hash; xmin is the id of the transaction that wrote the row version, never reused by
# another, so a rolled-back write or another instance's cannot match).
_CURRENT = """
SELECT xmin::text AS written_in, revision, content_hash, status, adopted_version,
    CASE WHEN xmin::text = $2 AND revision = $3 AND content_hash = $4 THEN NULL
         ELSE content::text END AS content
FROM planning.plans WHERE plan_id = $1 FOR UPDATE
"""
_LATEST_ISSUED = """
SELECT xmin::text AS written_in, version,
    CASE WHEN xmin::text = $2 AND version = $3 THEN NULL ELSE content::text END AS content
FROM planning.plan_versions WHERE plan_id = $1
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
RETURNING xmin::text
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


@dataclass(frozen=True, slots=True)
class Known:
    """A plan as stored in one row version: its xmin, its revision (an issued version's
    number) and content hash, and the plan parsed or written."""

    written_in: str
    number: int
    content_hash: str
    plan: Plan


class KnownPlans:
    """The rows of plans this process wrote or read last, by plan id, so a re-plan does not
    read back and parse the working draft it wrote itself (a plan's JSON is tens of KB;
    parsing it was 11% of planning's time in one municipality's large import). Plans are
    frozen models, safe to share. Each entry is checked against the row in the reading
    transaction (`_CURRENT`), so a stale one costs one parse, never a wrong plan.
    At most `capacity` plans, the least recently used forgotten first."""

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = capacity
        self._known: OrderedDict[str, Known] = OrderedDict()

    def get(self, plan_id: str) -> Known | None:
        known = self._known.get(plan_id)
        if known is not None:
            self._known.move_to_end(plan_id)
        return known

    def put(self, plan_id: str, known: Known) -> None:
        self._known[plan_id] = known
        self._known.move_to_end(plan_id)
        while len(self._known) > self.capacity:
            self._known.popitem(last=False)

    def __len__(self) -> int:
        return len(self._known)


# One per process, like store.evidence.PARSED: working drafts, and latest issued versions.
DRAFTS = KnownPlans()
ISSUED = KnownPlans()


class PostgresPlans:
    """The plans tables inside the unit of work's transaction."""

    def __init__(
        self, conn: Connection, drafts: KnownPlans = DRAFTS, issued: KnownPlans = ISSUED
    ) -> None:
        self._conn = conn
        self._drafts = drafts
        self._issued = issued

    async def current(self, plan_id: str) -> CurrentPlan | None:
        """The working draft and the latest issued version, locked until the transaction ends."""
        draft = self._drafts.get(plan_id)
        row = await self._conn.fetchrow(
            _CURRENT,
            plan_id,
            *((draft.written_in, draft.number, draft.content_hash) if draft else (None,) * 3),
        )
        if row is None:
            return None
        if row["content"] is not None or draft is None:
            plan = Plan.model_validate_json(row["content"])
            draft = Known(row["written_in"], row["revision"], row["content_hash"], plan)
            self._drafts.put(plan_id, draft)
        return CurrentPlan(
            draft.plan,
            row["content_hash"],
            row["status"],
            await self._latest_issued(plan_id),
            row["adopted_version"],
        )

    async def _latest_issued(self, plan_id: str) -> Plan | None:
        known = self._issued.get(plan_id)
        row = await self._conn.fetchrow(
            _LATEST_ISSUED,
            plan_id,
            *((known.written_in, known.number) if known else (None, None)),
        )
        if row is None:
            return None
        if row["content"] is not None or known is None:
            plan = Plan.model_validate_json(row["content"])
            known = Known(row["written_in"], row["version"], "", plan)
            self._issued.put(plan_id, known)
        return known.plan

    async def drafted_with_other_versions(
        self, catalogue_version: str, rules_version: str, engine_version: str, model_version: str
    ) -> list[PlanKey]:
        """Plans drafted with another catalogue, rule set, model or engine."""
        versions = (catalogue_version, rules_version, engine_version, model_version)
        rows = await self._conn.fetch(_STALE, *versions)
        return [PlanKey(r["municipality"], r["cycle"]) for r in rows]

    async def save(self, plan: Plan) -> None:
        """The working draft's new revision (the plan's status is its issued versions')."""
        digest = content_hash(plan)
        written_in = await self._conn.fetchval(
            _UPSERT,
            plan.plan_id,
            plan.municipality.value,
            plan.cycle,
            plan.version,
            plan.revision,
            digest,
            RawJson(plan.model_dump_json()),
            plan.last_approved_version,
        )
        self._drafts.put(plan.plan_id, Known(written_in, plan.revision, digest, plan))

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

"""SQL for the workspace read models: consultations, the matrix, reviews, the queue."""

from typing import Any
from uuid import UUID

from schemas.amendments import AmendmentRecordedEvent
from schemas.consultations import ConsultationCorrectedEvent, ConsultationRecordedEvent
from schemas.plans import Plan
from schemas.reviews import ReviewRecordedEvent
from services.runtime.connections import Connection


class Workspace:
    """Consultations, reviews, the municipality x category matrix and the review queue."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def project_consultation(self, event: ConsultationRecordedEvent) -> None:
        r = event.data
        await self._conn.execute(
            "INSERT INTO reporting.consultations (consultation_id, municipality, "
            "consultation_date, stakeholder_group, payload, event_time) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            r.consultation_id,
            r.municipality.value,
            r.consultation_date,
            r.stakeholder_group.value,
            r.model_dump(mode="json"),
            event.time,
        )

    async def project_correction(self, event: ConsultationCorrectedEvent) -> None:
        """The corrected record replaces the projected one, unless a newer one is there."""
        r = event.data.record
        await self._conn.execute(
            "INSERT INTO reporting.consultations AS c (consultation_id, municipality, "
            "consultation_date, stakeholder_group, payload, event_time, revision) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (consultation_id) DO UPDATE "
            "SET municipality = excluded.municipality, "
            "consultation_date = excluded.consultation_date, "
            "stakeholder_group = excluded.stakeholder_group, payload = excluded.payload, "
            "event_time = excluded.event_time, revision = excluded.revision "
            "WHERE c.revision < excluded.revision",
            r.consultation_id,
            r.municipality.value,
            r.consultation_date,
            r.stakeholder_group.value,
            r.model_dump(mode="json"),
            event.time,
            event.data.revision,
        )

    async def project_review(self, event: ReviewRecordedEvent) -> None:
        r = event.data
        await self._conn.execute(
            "INSERT INTO reporting.reviews (review_id, plan_id, version, decision, reviewer, "
            "comment, event_time, reviewer_token_id, items, adoption) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
            r.review_id,
            r.plan_id,
            r.version,
            r.decision,
            r.reviewer,
            r.comment,
            event.time,
            r.reviewer_token_id,
            [i.model_dump(mode="json") for i in r.items],
            r.adoption.model_dump(mode="json") if r.adoption else None,
        )

    async def project_amendment(self, event: AmendmentRecordedEvent) -> None:
        a = event.data
        await self._conn.execute(
            "INSERT INTO reporting.amendments (amendment_id, plan_id, version, revision, kind, "
            "payload, author, event_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT DO NOTHING",
            a.amendment_id,
            a.plan_id,
            a.version,
            a.revision,
            a.change.kind,
            a.model_dump(mode="json"),
            a.author,
            event.time,
        )

    async def issue_count(self, municipality: str, consultation_id: UUID) -> int | None:
        """How many issues a consultation of this municipality raised (None: not its own)."""
        found: int | None = await self._conn.fetchval(
            "SELECT jsonb_array_length(payload->'raised_issues') FROM reporting.consultations "
            "WHERE municipality = $1 AND consultation_id = $2",
            municipality,
            consultation_id,
        )
        return found

    async def amendments_of(self, plan_id: str) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT a.amendment_id, a.version, a.revision, a.kind, a.payload, a.author, "
            "a.event_time, coalesce(o.outcome, 'pending') AS outcome, o.reason "
            "FROM reporting.amendments a LEFT JOIN reporting.request_outcomes o "
            "ON o.request_id = a.amendment_id WHERE a.plan_id = $1 ORDER BY a.event_time DESC",
            plan_id,
        )
        return [dict(r) for r in rows]

    async def replace_matrix_rows(self, plan: Plan) -> None:
        """The matrix rows of a plan become those of its newest version."""
        # plan_version holds the working draft's revision: the newest one wins.
        newest = await self._conn.fetchval(
            "SELECT max(plan_version) FROM reporting.matrix WHERE municipality = $1 AND cycle = $2",
            plan.municipality.value,
            plan.cycle,
        )
        if newest is not None and newest > plan.revision:
            return
        await self._conn.execute(
            "DELETE FROM reporting.matrix WHERE municipality = $1 AND cycle = $2",
            plan.municipality.value,
            plan.cycle,
        )
        rows: list[tuple[str, float, int, int | None]] = [
            (p.category.value, p.score, p.consultation_count, p.rank) for p in plan.priorities
        ]
        rows += [
            (f.category.value, f.score, f.consultation_count, None) for f in plan.other_findings
        ]
        await self._conn.executemany(
            "INSERT INTO reporting.matrix (municipality, cycle, category, score, "
            "consultation_count, rank, plan_version) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [
                (plan.municipality.value, plan.cycle, c, s, n, r, plan.revision)
                for c, s, n, r in rows
            ],
        )

    async def matrix(
        self,
    ) -> list[dict[str, Any]]:
        """Rows of each municipality's most recent school year."""
        rows = await self._conn.fetch(
            """SELECT m.municipality, m.cycle, m.category, m.score::float AS score,
                      m.consultation_count, m.rank
               FROM reporting.matrix m
               JOIN (SELECT municipality, max(cycle) AS cycle FROM reporting.matrix
                     GROUP BY municipality) latest USING (municipality, cycle)
               ORDER BY m.municipality, m.category"""
        )
        return [dict(r) for r in rows]

    async def queue(self, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """Plans waiting for a decision, oldest first."""
        rows = await self._conn.fetch(
            """SELECT plan_id, municipality, cycle, version, status, updated_at,
                      count(*) OVER () AS total
               FROM reporting.latest_plans WHERE status IN ('draft', 'in_review')
               ORDER BY updated_at, plan_id LIMIT $1 OFFSET $2""",
            limit,
            offset,
        )
        return [dict(r) for r in rows], (rows[0]["total"] if rows else 0)

    async def consultations_of(self, ids: list[str]) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT payload FROM reporting.consultations WHERE consultation_id = any($1::uuid[]) "
            "ORDER BY consultation_date, consultation_id",
            ids,
        )
        return [r["payload"] for r in rows]

    async def reviews_of(self, plan_id: str) -> list[dict[str, Any]]:
        """Decisions as sent, newest first, with what planning made of each."""
        rows = await self._conn.fetch(
            "SELECT r.review_id, r.version, r.decision, r.reviewer, r.comment, r.event_time, "
            "r.items, r.adoption, coalesce(o.outcome, 'pending') AS outcome, o.reason "
            "FROM reporting.reviews r LEFT JOIN reporting.request_outcomes o "
            "ON o.request_id = r.review_id WHERE r.plan_id = $1 ORDER BY r.event_time DESC",
            plan_id,
        )
        return [dict(r) for r in rows]

    async def request(self, request_id: UUID) -> dict[str, Any] | None:
        """One review or amendment by id, with its outcome (`pending` until planning acts)."""
        row = await self._conn.fetchrow(
            "SELECT q.plan_id, q.kind, coalesce(o.outcome, 'pending') AS outcome, o.reason "
            "FROM (SELECT review_id AS id, plan_id, decision AS kind FROM reporting.reviews "
            "      UNION ALL SELECT amendment_id, plan_id, kind FROM reporting.amendments) q "
            "LEFT JOIN reporting.request_outcomes o ON o.request_id = q.id WHERE q.id = $1",
            request_id,
        )
        return dict(row) if row else None

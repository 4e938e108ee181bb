"""SQL for received consultations and their flattened issues."""

from collections.abc import Sequence
from uuid import UUID

import asyncpg

from schemas.consultations import ConsultationRecordedEvent
from schemas.vocabulary import IssueCategory, StakeholderGroup
from services.planning.domain.cycle import school_year
from services.planning.domain.evidence import IssueEvidence

_INSERT_CONSULTATIONS = """
INSERT INTO planning.consultations
    (consultation_id, event_id, municipality, cycle, stakeholder_group, payload)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
ON CONFLICT (consultation_id) DO NOTHING
RETURNING consultation_id
"""
_INSERT_ISSUES = """
INSERT INTO planning.issue_evidence
    (consultation_id, issue_index, municipality, cycle, category, stakeholder_group,
     affected_students)
SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::int[])
ON CONFLICT DO NOTHING
"""
_LOAD = """
SELECT consultation_id, issue_index, category, stakeholder_group, affected_students
FROM planning.issue_evidence WHERE municipality = $1 AND cycle = $2
"""


async def insert_new_consultations(
    conn: asyncpg.Connection, events: Sequence[ConsultationRecordedEvent]
) -> set[UUID]:
    """Store consultations not seen before; returns the ids that were new."""
    if not events:
        return set()
    recs = [e.data for e in events]
    rows = await conn.fetch(
        _INSERT_CONSULTATIONS,
        [r.consultation_id for r in recs],
        [e.id for e in events],
        [r.municipality.value for r in recs],
        [school_year(r.consultation_date) for r in recs],
        [r.stakeholder_group.value for r in recs],
        [r.model_dump(mode="json") for r in recs],
    )
    return {r["consultation_id"] for r in rows}


async def insert_issues(
    conn: asyncpg.Connection,
    municipality_cycle: dict[UUID, tuple[str, str]],
    issues: Sequence[IssueEvidence],
) -> None:
    if not issues:
        return
    await conn.execute(
        _INSERT_ISSUES,
        [i.consultation_id for i in issues],
        [i.issue_index for i in issues],
        [municipality_cycle[i.consultation_id][0] for i in issues],
        [municipality_cycle[i.consultation_id][1] for i in issues],
        [i.category.value for i in issues],
        [i.stakeholder_group.value for i in issues],
        [i.affected_students for i in issues],
    )


async def load(conn: asyncpg.Connection, municipality: str, cycle: str) -> list[IssueEvidence]:
    return [
        IssueEvidence(
            consultation_id=r["consultation_id"],
            issue_index=r["issue_index"],
            category=IssueCategory(r["category"]),
            stakeholder_group=StakeholderGroup(r["stakeholder_group"]),
            affected_students=r["affected_students"],
        )
        for r in await conn.fetch(_LOAD, municipality, cycle)
    ]

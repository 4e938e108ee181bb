"""SQL for the consultations planning has received."""

from collections.abc import Sequence
from uuid import UUID

from schemas.consultations import ConsultationRecorded, ConsultationRecordedEvent
from services.planning.domain.cycle import school_year
from services.runtime.connections import Connection

_INSERT = """
INSERT INTO planning.consultations
    (consultation_id, event_id, municipality, cycle, stakeholder_group, payload)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
ON CONFLICT (consultation_id) DO NOTHING
RETURNING consultation_id
"""
_LOAD = "SELECT payload FROM planning.consultations WHERE municipality = $1 AND cycle = $2"


class PostgresEvidence:
    """The consultations planning has received, inside the unit of work's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def add_new(self, events: Sequence[ConsultationRecordedEvent]) -> set[UUID]:
        """Store consultations not seen before; returns the ids that were new."""
        if not events:
            return set()
        recs = [e.data for e in events]
        rows = await self._conn.fetch(
            _INSERT,
            [r.consultation_id for r in recs],
            [e.id for e in events],
            [r.municipality.value for r in recs],
            [school_year(r.consultation_date) for r in recs],
            [r.stakeholder_group.value for r in recs],
            [r.model_dump(mode="json") for r in recs],
        )
        return {r["consultation_id"] for r in rows}

    async def of(self, municipality: str, cycle: str) -> list[ConsultationRecorded]:
        """Every consultation of a municipality in a school year."""
        rows = await self._conn.fetch(_LOAD, municipality, cycle)
        return [ConsultationRecorded.model_validate(r["payload"]) for r in rows]

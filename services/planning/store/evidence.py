"""SQL for the consultations planning has received."""

from collections.abc import Sequence
from uuid import UUID

from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationRecorded,
    ConsultationRecordedEvent,
)
from services.planning.domain.cycle import school_year
from services.runtime.connections import Connection
from services.runtime.database import RawJson

_INSERT = """
INSERT INTO planning.consultations
    (consultation_id, event_id, municipality, cycle, stakeholder_group, payload)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
ON CONFLICT (consultation_id) DO NOTHING
RETURNING consultation_id
"""
# Insert (the original never arrived) or replace an older revision; the CTE
# reads the row as it was, to tell which plan the consultation leaves.
_REPLACE = """
WITH old AS (
    SELECT cycle FROM planning.consultations WHERE consultation_id = $1 FOR UPDATE
)
INSERT INTO planning.consultations AS c
    (consultation_id, event_id, municipality, cycle, stakeholder_group, payload, revision)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (consultation_id) DO UPDATE
SET event_id = excluded.event_id, municipality = excluded.municipality,
    cycle = excluded.cycle, stakeholder_group = excluded.stakeholder_group,
    payload = excluded.payload, revision = excluded.revision
WHERE c.revision < excluded.revision
RETURNING (SELECT cycle FROM old) AS previous_cycle
"""
_STORED = """
SELECT consultation_id FROM planning.consultations WHERE consultation_id = ANY($1::uuid[])
"""
# As text: pydantic parses the JSON itself, faster than a dict decoded then validated
# (every re-plan reads all of a municipality's records).
_LOAD = """
SELECT payload::text AS payload FROM planning.consultations WHERE municipality = $1 AND cycle = $2
"""


class PostgresEvidence:
    """The consultations planning has received, inside the unit of work's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def stored(self, ids: Sequence[UUID]) -> set[UUID]:
        """Which of these consultations are stored already."""
        if not ids:
            return set()
        return {r["consultation_id"] for r in await self._conn.fetch(_STORED, list(ids))}

    async def add_new(self, events: Sequence[ConsultationRecordedEvent]) -> set[UUID]:
        """Store consultations not seen before; returns the ids that were new. The records
        must be redacted already (`redact_recorded`)."""
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
            [RawJson(r.model_dump_json()) for r in recs],
        )
        return {r["consultation_id"] for r in rows}

    async def replace(self, event: ConsultationCorrectedEvent) -> tuple[bool, str | None]:
        """Store a correction unless an equal or newer revision is stored.

        Returns whether it was applied and the school year the consultation was
        counted in before (None if it was not stored yet).
        """
        r = event.data.record
        row = await self._conn.fetchrow(
            _REPLACE,
            r.consultation_id,
            event.id,
            r.municipality.value,
            school_year(r.consultation_date),
            r.stakeholder_group.value,
            RawJson(r.model_dump_json()),
            event.data.revision,
        )
        return (row is not None, row["previous_cycle"] if row else None)

    async def of(self, municipality: str, cycle: str) -> list[ConsultationRecorded]:
        """Every consultation of a municipality in a school year."""
        rows = await self._conn.fetch(_LOAD, municipality, cycle)
        return [ConsultationRecorded.model_validate_json(r["payload"]) for r in rows]

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
# Which event each stored consultation comes from; the payloads (as text: pydantic parses
# the JSON itself) only of those not parsed before. Every re-plan reads all of a plan's
# consultations: parsing them all again made one municipality's import quadratic.
_EVENTS = """
SELECT consultation_id, event_id FROM planning.consultations WHERE municipality = $1 AND cycle = $2
"""
_PAYLOADS = """
SELECT event_id, payload::text AS payload FROM planning.consultations
WHERE consultation_id = ANY($1::uuid[]) AND municipality = $2 AND cycle = $3
"""


class ParsedRecords:
    """Stored consultations already parsed, by the id of the event they were stored from.

    A row's payload is the redacted record of its event (a correction stores its own
    event id), so the same event id always means the same record; whatever is read is
    parsed from the row as read, so a rolled-back write or another instance's cannot
    make it stale. Bounded (~4 KB a record: ~210 MB at most); beyond `capacity` the
    oldest half is forgotten, and is parsed again when next read.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self._by_event: dict[UUID, ConsultationRecorded] = {}

    def get(self, event_id: UUID) -> ConsultationRecorded | None:
        return self._by_event.get(event_id)

    def put(self, event_id: UUID, record: ConsultationRecorded) -> None:
        if len(self._by_event) >= self.capacity:
            for old in list(self._by_event)[: self.capacity // 2]:
                del self._by_event[old]
        self._by_event[event_id] = record

    def __len__(self) -> int:
        return len(self._by_event)


# One per process: units of work come and go with their transactions.
PARSED = ParsedRecords()


class PostgresEvidence:
    """The consultations planning has received, inside the unit of work's transaction."""

    def __init__(self, conn: Connection, parsed: ParsedRecords = PARSED) -> None:
        self._conn = conn
        self._parsed = parsed

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
        out: list[ConsultationRecorded] = []
        missing: list[UUID] = []
        for row in await self._conn.fetch(_EVENTS, municipality, cycle):
            known = self._parsed.get(row["event_id"])
            if known is not None and known.consultation_id == row["consultation_id"]:
                out.append(known)
            else:
                missing.append(row["consultation_id"])
        if missing:
            for row in await self._conn.fetch(_PAYLOADS, missing, municipality, cycle):
                record = ConsultationRecorded.model_validate_json(row["payload"])
                self._parsed.put(row["event_id"], record)
                out.append(record)
        return out

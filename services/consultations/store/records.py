"""SQL for consultation records; functions take a connection and never commit."""

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.runtime.connections import Connection

_INSERT = """
INSERT INTO consultations.records
    (consultation_id, municipality, stakeholder_group, consultation_date, fingerprint, payload,
     submitted_by, source, redactions, instance_id)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::jsonb[],
                     $7::uuid[], $8::text[], $9::jsonb[], $10::uuid[])
ON CONFLICT (consultation_id) DO NOTHING
RETURNING consultation_id
"""
_FINGERPRINTS = """
SELECT consultation_id, fingerprint FROM consultations.records
WHERE consultation_id = any($1::uuid[])
"""
_GET = """
SELECT payload, submitted_by, received_at, source, redactions FROM consultations.records
WHERE consultation_id = $1
"""
_CURRENT = """
SELECT consultation_id, municipality, fingerprint, instance_id, revision
FROM consultations.records WHERE consultation_id = $1 FOR UPDATE
"""
_OF_INSTANCE = """
SELECT consultation_id FROM consultations.records WHERE instance_id = $1
UNION ALL
SELECT consultation_id FROM consultations.record_history WHERE instance_id = $1
LIMIT 1
"""
_KEEP_HISTORY = """
INSERT INTO consultations.record_history
    (consultation_id, revision, instance_id, fingerprint, payload)
SELECT consultation_id, revision, instance_id, fingerprint, payload
FROM consultations.records WHERE consultation_id = $1
"""
_REPLACE = """
UPDATE consultations.records
SET stakeholder_group = $2, consultation_date = $3, fingerprint = $4, payload = $5,
    submitted_by = $6, source = $7, redactions = $8, instance_id = $9,
    revision = revision + 1, corrected_at = now()
WHERE consultation_id = $1
RETURNING revision
"""
_LIST = """
SELECT payload, received_at, count(*) OVER () AS total FROM consultations.records
WHERE ($1::text IS NULL OR municipality = $1)
  AND ($2::date IS NULL OR consultation_date >= $2)
  AND ($3::date IS NULL OR consultation_date <= $3)
  AND ($4::text IS NULL OR stakeholder_group = $4)
  AND ($5::uuid IS NULL OR submitted_by = $5)
ORDER BY received_at DESC, consultation_id
LIMIT $6 OFFSET $7
"""


class Records:
    """Accepted consultation records, inside the caller's unit of work."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def insert_many(self, rows: Sequence[dict[str, Any]]) -> set[UUID]:
        """Store new records in one statement; returns the ids that were new."""
        if not rows:
            return set()
        cols = (
            "consultation_id",
            "municipality",
            "stakeholder_group",
            "consultation_date",
            "fingerprint",
            "payload",
            "submitted_by",
            "source",
            "redactions",
            "instance_id",
        )
        inserted = await self._conn.fetch(_INSERT, *([r.get(c) for r in rows] for c in cols))
        return {r["consultation_id"] for r in inserted}

    async def fingerprints(self, ids: Sequence[UUID]) -> dict[UUID, str]:
        return {
            r["consultation_id"]: r["fingerprint"]
            for r in await self._conn.fetch(_FINGERPRINTS, ids)
        }

    async def current(self, consultation_id: UUID) -> asyncpg.Record | None:
        """The stored version, locked until the unit of work ends (edits serialise here)."""
        return await self._conn.fetchrow(_CURRENT, consultation_id)

    async def consultation_of(self, instance_id: UUID) -> UUID | None:
        """The consultation a form instance (current or replaced version) belongs to."""
        found: UUID | None = await self._conn.fetchval(_OF_INSTANCE, instance_id)
        return found

    async def replace(self, row: dict[str, Any]) -> int:
        """Keep the stored version in the history, store `row` over it; returns its revision."""
        await self._conn.execute(_KEEP_HISTORY, row["consultation_id"])
        revision: int = await self._conn.fetchval(
            _REPLACE,
            row["consultation_id"],
            row["stakeholder_group"],
            row["consultation_date"],
            row["fingerprint"],
            row["payload"],
            row["submitted_by"],
            row["source"],
            row["redactions"],
            row["instance_id"],
        )
        return revision

    async def get(self, consultation_id: UUID) -> asyncpg.Record | None:
        return await self._conn.fetchrow(_GET, consultation_id)

    async def search(
        self,
        *,
        municipality: str | None,
        date_from: date | None,
        date_to: date | None,
        stakeholder_group: str | None,
        submitted_by: UUID | None,
        limit: int,
        offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
        rows = await self._conn.fetch(
            _LIST, municipality, date_from, date_to, stakeholder_group, submitted_by, limit, offset
        )
        total = rows[0]["total"] if rows else 0
        return [dict(r) for r in rows], total

"""SQL for municipal statistics; functions take a connection and never commit."""

from typing import Any
from uuid import UUID

from services.runtime.connections import Connection

_INSERT = """
INSERT INTO consultations.statistics
    (statistics_id, municipality, school_year, source, recorded_on, fingerprint, payload,
     submitted_by, channel)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (statistics_id) DO NOTHING
RETURNING statistics_id
"""
_FINGERPRINT = "SELECT fingerprint FROM consultations.statistics WHERE statistics_id = $1"
_LIST = """
SELECT payload FROM consultations.statistics
WHERE municipality = $1 ORDER BY school_year DESC, recorded_on DESC, source
"""


class Statistics:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def insert(self, row: dict[str, Any]) -> bool:
        """Store a new set; False when a set with its id is already stored."""
        new = await self._conn.fetchval(
            _INSERT,
            row["statistics_id"],
            row["municipality"],
            row["school_year"],
            row["source"],
            row["recorded_on"],
            row["fingerprint"],
            row["payload"],
            row["submitted_by"],
            row["channel"],
        )
        return new is not None

    async def fingerprint(self, statistics_id: UUID) -> str | None:
        value = await self._conn.fetchval(_FINGERPRINT, statistics_id)
        return str(value) if value is not None else None

    async def of(self, municipality: str) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(_LIST, municipality)
        return [dict(r["payload"]) for r in rows]

"""SQL for the municipal statistics planning has received."""

from collections.abc import Sequence
from uuid import UUID

from schemas.statistics import MunicipalStatisticsRecorded, MunicipalStatisticsRecordedEvent
from services.planning.domain.decisions import PlanKey
from services.runtime.connections import Connection

_INSERT = """
INSERT INTO planning.statistics (statistics_id, event_id, municipality, school_year, payload)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[])
ON CONFLICT (statistics_id) DO NOTHING
RETURNING statistics_id
"""
_LOAD = "SELECT payload FROM planning.statistics WHERE municipality = $1"
# The plans whose baselines a school year's statistics can give: that year's and later ones.
_PLANS = """
SELECT municipality, cycle FROM planning.plans
WHERE municipality = $1 AND cycle >= $2 ORDER BY cycle
"""


class PostgresStatistics:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def add_new(self, events: Sequence[MunicipalStatisticsRecordedEvent]) -> set[UUID]:
        """Store sets not seen before; returns the ids that were new."""
        if not events:
            return set()
        rows = await self._conn.fetch(
            _INSERT,
            [e.data.statistics_id for e in events],
            [e.id for e in events],
            [e.data.municipality.value for e in events],
            [e.data.school_year for e in events],
            [e.data.model_dump(mode="json") for e in events],
        )
        return {r["statistics_id"] for r in rows}

    async def of(self, municipality: str) -> list[MunicipalStatisticsRecorded]:
        rows = await self._conn.fetch(_LOAD, municipality)
        return [MunicipalStatisticsRecorded.model_validate(r["payload"]) for r in rows]

    async def plans_from(self, municipality: str, school_year: str) -> list[PlanKey]:
        rows = await self._conn.fetch(_PLANS, municipality, school_year)
        return [PlanKey(r["municipality"], r["cycle"]) for r in rows]

"""What the reports read of `reporting.plan_tracking` (the newest tracking snapshot per
plan, projected from `plan-tracking.v1`), inside the caller's unit of work."""

from typing import Any

from services.runtime.connections import Connection

_LATEST_FOR = """
SELECT payload FROM reporting.plan_tracking
WHERE municipality = $1 AND ($2::text IS NULL OR cycle = $2)
ORDER BY cycle DESC LIMIT 1
"""
# Each municipality's newest school year followed (the dashboard).
_LATEST_ALL = """
SELECT DISTINCT ON (municipality) payload FROM reporting.plan_tracking
ORDER BY municipality, cycle DESC
"""
_OF_CYCLE = "SELECT payload FROM reporting.plan_tracking WHERE cycle = $1 ORDER BY municipality"


class TrackingReads:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def latest_for(self, municipality: str, cycle: str | None) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._conn.fetchval(_LATEST_FOR, municipality, cycle)
        return found

    async def latest_all(self) -> list[dict[str, Any]]:
        return [r["payload"] for r in await self._conn.fetch(_LATEST_ALL)]

    async def of_cycle(self, cycle: str) -> list[dict[str, Any]]:
        return [r["payload"] for r in await self._conn.fetch(_OF_CYCLE, cycle)]

"""What the cross-municipality reports read of `reporting.plan_tracking` (the newest
tracking snapshot per plan; one plan is read through `store.tracking`), inside the
caller's unit of work."""

from schemas.progress import PlanTracking
from services.runtime.connections import Connection

# Each municipality's newest school year followed (the dashboard).
_LATEST_ALL = """
SELECT DISTINCT ON (municipality) payload FROM reporting.plan_tracking
ORDER BY municipality, cycle DESC
"""
_OF_CYCLE = "SELECT payload FROM reporting.plan_tracking WHERE cycle = $1 ORDER BY municipality"


def _parsed(payload: object) -> PlanTracking:
    # A field a newer monitoring added is ignored, as the projection ignores it.
    return PlanTracking.model_validate(payload, extra="ignore")


class TrackingReads:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def latest_all(self) -> list[PlanTracking]:
        return [_parsed(r["payload"]) for r in await self._conn.fetch(_LATEST_ALL)]

    async def of_cycle(self, cycle: str) -> list[PlanTracking]:
        return [_parsed(r["payload"]) for r in await self._conn.fetch(_OF_CYCLE, cycle)]

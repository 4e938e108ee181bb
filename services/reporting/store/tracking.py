"""SQL for `reporting.plan_tracking`: the newest monitoring snapshot of each adopted plan."""

import json

from schemas.progress import PlanTracking, PlanTrackingEvent
from services.runtime.connections import Connection

# Newest wins by the time monitoring took it; the same time keeps the newer as_of.
_UPSERT = """
INSERT INTO reporting.plan_tracking
    (plan_id, municipality, cycle, version, as_of, payload, event_id, event_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (plan_id) DO UPDATE SET
    municipality = excluded.municipality, cycle = excluded.cycle, version = excluded.version,
    as_of = excluded.as_of, payload = excluded.payload, event_id = excluded.event_id,
    event_time = excluded.event_time
WHERE (reporting.plan_tracking.event_time, reporting.plan_tracking.as_of)
   <= (excluded.event_time, excluded.as_of)
"""
_OF_MUNICIPALITY = """
SELECT payload FROM reporting.plan_tracking WHERE municipality = $1
AND ($2::text IS NULL OR cycle = $2) ORDER BY cycle DESC LIMIT 1
"""


class PlanTrackingModels:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def project(self, event: PlanTrackingEvent) -> None:
        t = event.data
        await self._conn.execute(
            _UPSERT,
            t.plan_id,
            str(t.municipality),
            t.cycle,
            t.version,
            t.as_of,
            json.loads(t.model_dump_json()),
            event.id,
            event.time,
        )

    async def of_municipality(
        self, municipality: str, cycle: str | None = None
    ) -> PlanTracking | None:
        """The newest school year's followed plan of `municipality` (or `cycle`'s)."""
        payload = await self._conn.fetchval(_OF_MUNICIPALITY, municipality, cycle)
        # A field a newer monitoring added is ignored, as the consumer ignores it.
        return None if payload is None else PlanTracking.model_validate(payload, extra="ignore")

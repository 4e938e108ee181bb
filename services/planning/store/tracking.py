"""SQL for monitoring's newest tracking snapshot of each adopted plan (`plan-tracking.v1`)."""

from schemas.progress import PlanTracking, PlanTrackingEvent
from services.runtime.connections import Connection

# The topic keeps one plan's snapshots in order, so the one consumed last is the newest;
# the same event again (a redelivery) changes nothing and is not counted.
_UPSERT = """
INSERT INTO planning.plan_tracking
    (plan_id, municipality, cycle, version, as_of, event_id, payload)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (plan_id) DO UPDATE SET
    municipality = excluded.municipality, cycle = excluded.cycle, version = excluded.version,
    as_of = excluded.as_of, event_id = excluded.event_id, payload = excluded.payload,
    received_at = now()
WHERE planning.plan_tracking.event_id <> excluded.event_id
RETURNING plan_id
"""
_LOAD = "SELECT payload FROM planning.plan_tracking WHERE plan_id = $1"


class PostgresTracking:
    """The snapshots planning has received, inside the unit of work's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def keep(self, event: PlanTrackingEvent) -> bool:
        """Store the snapshot as its plan's newest; False when it is the one stored."""
        t = event.data
        row = await self._conn.fetchrow(
            _UPSERT,
            t.plan_id,
            t.municipality.value,
            t.cycle,
            t.version,
            t.as_of,
            event.id,
            t.model_dump(mode="json"),
        )
        return row is not None

    async def of(self, plan_id: str) -> PlanTracking | None:
        row = await self._conn.fetchrow(_LOAD, plan_id)
        return PlanTracking.model_validate(row["payload"]) if row else None

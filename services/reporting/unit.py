"""Reporting's unit of work: the read models, the dedupe ledger and sign-in lookups."""

from asyncpg.transaction import Transaction

from services.reporting.store.plans import PlanReadModels
from services.reporting.store.tracking import PlanTrackingModels
from services.reporting.store.tracking_reads import TrackingReads
from services.reporting.store.workspace import Workspace
from services.runtime.auth import sessions, tokens
from services.runtime.auth.tokens import Principal, Refused
from services.runtime.connections import Connection
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork

_FIRST_TIME = """
INSERT INTO reporting.processed_events (event_id, event_type) VALUES ($1, $2)
ON CONFLICT DO NOTHING RETURNING event_id
"""

# Every read model, emptied together by a rebuild.
TABLES = (
    "processed_events",
    "plan_versions",
    "latest_plans",
    "status_changes",
    "consultations",
    "matrix",
    "reviews",
    "draft_revisions",
    "amendments",
    "request_outcomes",
    "plan_tracking",
)


class ReportingUnit(UnitOfWork):
    def __init__(self, conn: Connection, settings: Settings) -> None:
        super().__init__(settings)
        self._conn = conn
        self.plans = PlanReadModels(conn)
        self.workspace = Workspace(conn)
        self.tracking = PlanTrackingModels(conn)
        self.tracking_reads = TrackingReads(conn)

    async def first_time(self, event_id: object, event_type: str) -> bool:
        """Records the event as processed; False when it already was (a redelivery)."""
        return await self._conn.fetchval(_FIRST_TIME, event_id, event_type) is not None

    async def clear_read_models(self, lock_timeout_s: float = 30) -> None:
        # Waits for the live subscribers' open transactions, but not for ever.
        await self._conn.execute(f"SET LOCAL lock_timeout = '{int(lock_timeout_s * 1000)}ms'")
        await self._conn.execute("TRUNCATE " + ", ".join(f"reporting.{t}" for t in TABLES))

    def savepoint(self) -> Transaction:
        """A nested transaction: a rebuild undoes one failing record and keeps the rest."""
        return self._conn.transaction()

    async def verify_token(self, token: str) -> Principal | Refused:
        return await tokens.verify(self._conn, token)

    async def open_session(self, principal: Principal) -> str:
        """A workspace session for `principal`; the id goes into the cookie."""
        return await sessions.open_session(self._conn, principal, self.settings.session_ttl_s)

    async def end_session(self, session_id: str) -> None:
        await sessions.end_session(self._conn, session_id)

"""Monitoring's unit of work: its tables and the idempotency keys of its API."""

from services.monitoring.store.following import PostgresFollowing
from services.monitoring.store.meetings import PostgresMeetings
from services.runtime.connections import Connection
from services.runtime.idempotency import IdempotencyKeys
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork


class MonitoringUnit(UnitOfWork):
    def __init__(self, conn: Connection, settings: Settings) -> None:
        super().__init__(settings)
        self.following = PostgresFollowing(conn)
        self.meetings = PostgresMeetings(conn)
        self.idempotency = IdempotencyKeys(conn, "monitoring")

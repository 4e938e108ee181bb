"""Intake's unit of work: records, idempotency keys and the audit log in one transaction."""

from services.consultations.store.audit import AuditLog
from services.consultations.store.records import Records
from services.consultations.store.statistics import Statistics
from services.runtime.connections import Connection
from services.runtime.idempotency import IdempotencyKeys
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork


class IntakeUnit(UnitOfWork):
    def __init__(self, conn: Connection, settings: Settings) -> None:
        super().__init__(settings)
        self.records = Records(conn)
        self.statistics = Statistics(conn)
        self.idempotency = IdempotencyKeys(conn, "consultations")
        self.audit = AuditLog(conn)

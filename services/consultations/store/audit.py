"""The audit trail of submissions and imports (ids and counts, never content)."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from services.runtime.auth.tokens import Principal
from services.runtime.connections import Connection


class AuditLog:
    """Who submitted or imported what (ids and counts)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def record(
        self,
        principal: Principal,
        action: str,
        ids: Sequence[UUID],
        details: dict[str, Any],
    ) -> None:
        await self._conn.execute(
            "INSERT INTO consultations.audit_log (token_id, principal, role, action, "
            "consultation_ids, details) VALUES ($1, $2, $3, $4, $5, $6)",
            principal.token_id,
            principal.name,
            principal.role.value,
            action,
            list(ids),
            details,
        )

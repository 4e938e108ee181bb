"""The audit trail of submissions and imports (ids and counts, never content)."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from services.runtime.auth.tokens import Principal
from services.runtime.connections import Connection


async def record(
    conn: Connection,
    principal: Principal,
    action: str,
    ids: Sequence[UUID],
    details: dict[str, Any],
) -> None:
    await conn.execute(
        "INSERT INTO consultations.audit_log (token_id, principal, role, action, "
        "consultation_ids, details) VALUES ($1, $2, $3, $4, $5, $6)",
        principal.token_id,
        principal.name,
        principal.role.value,
        action,
        list(ids),
        details,
    )
